/**
 * `npx tsx bench/patch-contact.ts [requests]`: the cost of one write endpoint, PATCH
 * /contacts/:id, repeated one after another through the real app (app.inject, no network) over an
 * embedded PostgreSQL in a temporary folder (or DATABASE_URL's server, in a database of its own).
 * Two workspaces' worth of setups: none with webhooks, and one whose webhook listens to another
 * event (deal.won), so every PATCH asks which webhooks want contact.updated and none does.
 * Prints the statements per request (exact) and the latency (mean, p50, p95; noisy on a shared
 * machine, so compare runs made back to back).
 */
import crypto from 'node:crypto';
import { startInProcessBench } from './in-process.js';

const N = Number(process.argv[2] ?? 2000);

async function main() {
  const bench = await startInProcessBench('patch', { ORBITA_WEBHOOKS_ALLOW_PRIVATE: 'true' });
  const { app } = bench;
  try {
    for (const withHook of [false, true]) {
      const suffix = crypto.randomBytes(3).toString('hex');
      const { cookies, headers } = await bench.workspace(`Bench ${suffix}`, `bench-${suffix}@bench.test`);
      const send = (method: 'POST' | 'PATCH', u: string, payload: unknown) =>
        app.inject({ method, url: u, payload: payload as object, headers, cookies });
      if (withHook) {
        const h = await send('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['deal.won'] });
        if (h.statusCode !== 201) throw new Error(h.body);
      }
      const created = await send('POST', '/api/v1/contacts', { firstName: 'Пётр', lastName: 'Замеров' });
      let { id, version } = created.json() as { id: string; version: number };
      const times: number[] = [];
      let counted = 0;
      for (let i = 0; i < N + 100; i++) {
        const before = bench.statements();
        const t0 = performance.now();
        const r = await send('PATCH', `/api/v1/contacts/${id}`, { position: `Директор ${i}`, version });
        const ms = performance.now() - t0;
        if (r.statusCode !== 200) throw new Error(r.body);
        ({ id, version } = r.json() as { id: string; version: number });
        // The first 100 warm up the pool, the prepared statements and the caches.
        if (i >= 100) {
          times.push(ms);
          counted += bench.statements() - before;
        }
      }
      times.sort((a, b) => a - b);
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
      console.log(
        `${withHook ? 'one webhook (deal.won)' : 'no webhooks          '}  ${N} PATCH /contacts/:id: ` +
          `${(counted / N).toFixed(2)} statements each; mean ${mean.toFixed(3)} ms, p50 ${at(0.5).toFixed(3)} ms, p95 ${at(0.95).toFixed(3)} ms`,
      );
    }
  } finally {
    await bench.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
