/**
 * What the first visit of /login transfers (issue 9 item 9): the real server with the built web
 * bundle, Debian's chromium with an empty cache, every response counted as sent on the wire
 * (compressed body + headers, as Chromium reports them), by type. Run `npm run build:web` first:
 * `npx tsx bench/web-weight.ts`. Target: HTML + JS + CSS under 250,000 bytes.
 */
import os from 'node:os';
import { launchBrowser, startServer } from '../e2e/harness.js';

const TARGET = 250_000;

async function main() {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    const rows: { url: string; type: string; encoding: string; body: number; headers: number }[] = [];
    page.on('requestfinished', (req) => {
      void (async () => {
        const sizes = await req.sizes();
        const res = await req.response();
        rows.push({
          url: req.url().replace(server.base, ''),
          type: req.resourceType(),
          encoding: (await res?.headerValue('content-encoding')) ?? 'identity',
          body: sizes.responseBodySize,
          headers: sizes.responseHeadersSize,
        });
      })();
    });
    await page.goto(`${server.base}/login`, { waitUntil: 'networkidle' });
    await page.waitForTimeout(500);
    const byType = new Map<string, { n: number; bytes: number }>();
    for (const r of rows) {
      const t = byType.get(r.type) ?? { n: 0, bytes: 0 };
      t.n += 1;
      t.bytes += r.body + r.headers;
      byType.set(r.type, t);
    }
    const counted = ['document', 'script', 'stylesheet'];
    const total = rows.filter((r) => counted.includes(r.type)).reduce((s, r) => s + r.body + r.headers, 0);
    console.log(`first visit of /login, ${new Date().toISOString()}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}`);
    for (const r of rows.sort((a, b) => b.body - a.body))
      console.log(`  ${r.type.padEnd(10)} ${r.encoding.padEnd(8)} ${String(r.body + r.headers).padStart(8)}  ${r.url}`);
    for (const [type, t] of byType) console.log(`${type}: ${t.n} responses, ${t.bytes} bytes`);
    console.log(`HTML + JS + CSS as sent: ${total} bytes (target under ${TARGET}): ${total < TARGET ? 'met' : 'NOT met'}`);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
