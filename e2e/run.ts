import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, watchCsp, watchedBrowser, type Server } from './harness.js';
import { journeys } from './journeys.js';
import { toolEnv } from '../server/platform/config.js';

/**
 * Runs the browser journeys against a real server and Debian's chromium. Each journey gets a fresh
 * browser context; a failure saves a screenshot to e2e/artifacts. A journey during which any page
 * reports a Content-Security-Policy violation fails. Prints "N passed, N failed".
 */
async function main() {
  const only = process.argv[2]; // npm run e2e -- <name fragment> runs matching journeys only
  const server: Server = await startServer();
  const browser: Browser = await launchBrowser();
  let passed = 0;
  let failed = 0;
  fs.mkdirSync('e2e/artifacts', { recursive: true });
  try {
    for (const j of journeys) {
      if (only && !j.name.includes(only)) continue;
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 860 } });
      context.setDefaultTimeout(15_000);
      const reports: Array<() => string[]> = [await watchCsp(context)];
      const journeyBrowser = watchedBrowser(browser, async (c) => void reports.push(await watchCsp(c)));
      const page: Page = await context.newPage();
      const started = Date.now();
      try {
        await j.run({ page, base: server.base, browser: journeyBrowser });
        const violations = reports.flatMap((r) => r());
        if (violations.length) throw new Error(`Content-Security-Policy violations:\n       ${violations.slice(0, 5).join('\n       ')}`);
        passed += 1;
        console.log(`ok   ${j.name} (${Date.now() - started} ms)`);
      } catch (err) {
        failed += 1;
        const shot = path.join('e2e/artifacts', `${j.name.replace(/\W+/g, '-')}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        console.log(`FAIL ${j.name}: ${(err as Error).message}\n     screenshot: ${shot}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const results = toolEnv.e2eResults;
  if (results) fs.writeFileSync(results, JSON.stringify({ passed, failed }));
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
