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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app.js';
import { loadConfig, toolEnv } from '../server/platform/config.js';
import { createDb, ensureDatabase, startEmbeddedPostgres } from '../server/platform/database.js';
import { migrateJobs } from '../server/platform/jobs.js';
import { createLogger } from '../server/platform/logger.js';
import { migrateToLatest } from '../server/platform/migrate.js';
import { startNotifications } from '../server/platform/notify.js';
import { createWorkspaceWithAdmin } from '../server/modules/users/index.js';

const N = Number(process.argv[2] ?? 2000);
const PASSWORD = 'Quiet-Harbor-Lantern-5821';
const log = createLogger('warn');

async function main() {
  let dir: string | undefined;
  let stop = async () => {};
  let url: string;
  if (toolEnv.databaseUrl) {
    const admin = new URL(toolEnv.databaseUrl);
    admin.pathname = '/postgres';
    const name = `orbita_patch_bench_${crypto.randomBytes(4).toString('hex')}`;
    await ensureDatabase(admin.toString(), name);
    admin.pathname = `/${name}`;
    url = admin.toString();
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-patch-bench-'));
    const server = await startEmbeddedPostgres(dir, log);
    url = server.url;
    stop = server.stop;
  }
  let statements = 0;
  const db = createDb(url, 20, () => statements++);
  const notifications = await startNotifications(url, log);
  try {
    await migrateToLatest(db);
    await migrateJobs(url, log);
    const config = {
      ...loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ORBITA_WEBHOOKS_ALLOW_PRIVATE: 'true' }),
      webDistDir: '/nonexistent',
    };
    const app = await buildApp({ config, db, logger: createLogger('silent') });
    await app.ready();
    for (const withHook of [false, true]) {
      const suffix = crypto.randomBytes(3).toString('hex');
      const ws = await createWorkspaceWithAdmin(db, {
        workspaceName: `Bench ${suffix}`,
        email: `bench-${suffix}@bench.test`,
        name: 'Замер',
        password: PASSWORD,
      });
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ws.user.email, password: PASSWORD } });
      const cookies = { orbita_session: login.cookies.find((c) => c.name === 'orbita_session')!.value };
      const headers = { 'x-csrf-token': login.json().csrfToken };
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
        const before = statements;
        const t0 = performance.now();
        const r = await send('PATCH', `/api/v1/contacts/${id}`, { position: `Директор ${i}`, version });
        const ms = performance.now() - t0;
        if (r.statusCode !== 200) throw new Error(r.body);
        ({ id, version } = r.json() as { id: string; version: number });
        // The first 100 warm up the pool, the prepared statements and the caches.
        if (i >= 100) {
          times.push(ms);
          counted += statements - before;
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
    await app.close();
  } finally {
    await notifications.stop();
    await db.destroy();
    await stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
