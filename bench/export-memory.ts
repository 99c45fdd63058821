/**
 * `npx tsx bench/export-memory.ts [rows]` (default 200,000): what a streamed export costs in
 * memory. Generates `rows` contacts (a quarter tagged `quarter`) in one workspace over an embedded
 * PostgreSQL in a temporary folder (or DATABASE_URL's server, in a database of its own), serves the
 * real app on a loopback port and downloads GET /contacts/export as CSV, cp1251 CSV, XLSX and vCard,
 * for the quarter and for all of them, reading the response as a client would and dropping it.
 * The process's RSS and JS heap are sampled every 20 ms: the figures are the peaks over their
 * values before the download (run with NODE_OPTIONS=--expose-gc to start each from a collected heap). If the export held its rows, the delta would grow fourfold from the quarter to all;
 * streamed, it stays flat. Times are printed for orientation only (a shared machine).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../server/app.js';
import { loadConfig, toolEnv } from '../server/platform/config.js';
import { createDb, ensureDatabase, startEmbeddedPostgres } from '../server/platform/database.js';
import { migrateJobs } from '../server/platform/jobs.js';
import { createLogger } from '../server/platform/logger.js';
import { migrateToLatest } from '../server/platform/migrate.js';
import { createWorkspaceWithAdmin } from '../server/modules/users/index.js';

const ROWS = Number(process.argv[2] ?? 200_000);
const PASSWORD = 'Quiet-Harbor-Lantern-5821';
const log = createLogger('warn');
const mb = (n: number) => (n / 2 ** 20).toFixed(1);

/**
 * Downloads `url` to nowhere, sampling meanwhile: RSS and JS heap every 20 ms, and, when the
 * process runs with --expose-gc, the live heap (after a full collection) every 250 ms, which is
 * what the export holds rather than garbage the collector has not come to yet.
 */
function download(port: number, url: string, cookie: string) {
  return new Promise<{ status: number; bytes: number; rss: number; heap: number; live: number; retained: number; ms: number }>(
    (resolve, reject) => {
      global.gc?.();
      const start = process.memoryUsage();
      const peak = { rss: start.rss, heap: start.heapUsed, live: start.heapUsed };
      let ticks = 0;
      const timer = setInterval(() => {
        if (global.gc && ++ticks % 12 === 0) {
          global.gc();
          peak.live = Math.max(peak.live, process.memoryUsage().heapUsed);
        }
        const m = process.memoryUsage();
        peak.rss = Math.max(peak.rss, m.rss);
        peak.heap = Math.max(peak.heap, m.heapUsed);
      }, 20);
      const started = performance.now();
      const req = http.get({ host: '127.0.0.1', port, path: url, headers: { cookie } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => {
          clearInterval(timer);
          const ms = performance.now() - started;
          global.gc?.();
          const end = process.memoryUsage();
          resolve({
            status: res.statusCode ?? 0,
            bytes,
            rss: Math.max(peak.rss, end.rss) - start.rss,
            heap: peak.heap - start.heapUsed,
            live: peak.live - start.heapUsed,
            retained: end.heapUsed - start.heapUsed,
            ms,
          });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    },
  );
}

async function main() {
  let dir: string | undefined;
  let stop = async () => {};
  let url: string;
  if (toolEnv.databaseUrl) {
    const admin = new URL(toolEnv.databaseUrl);
    admin.pathname = '/postgres';
    const name = `orbita_export_bench_${crypto.randomBytes(4).toString('hex')}`;
    await ensureDatabase(admin.toString(), name);
    admin.pathname = `/${name}`;
    url = admin.toString();
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-export-bench-'));
    const server = await startEmbeddedPostgres(dir, log);
    url = server.url;
    stop = server.stop;
  }
  const db = createDb(url, 10);
  try {
    await migrateToLatest(db);
    await migrateJobs(url, log);
    // Streamed whatever the size: the job path is not what is measured here.
    const config = {
      ...loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ORBITA_EXPORT_STREAM_MAX_ROWS: '10000000' }),
      webDistDir: '/nonexistent',
    };
    const app = await buildApp({ config, db, logger: createLogger('silent') });
    const suffix = crypto.randomBytes(3).toString('hex');
    const ws = await createWorkspaceWithAdmin(db, {
      workspaceName: `Bench ${suffix}`,
      email: `bench-${suffix}@bench.test`,
      name: 'Admin',
      password: PASSWORD,
    });
    const t0 = performance.now();
    await sql`insert into companies (workspace_id, name, owner_id)
      select ${ws.workspaceId}, 'ООО «Компания ' || g || '»', ${ws.user.id} from generate_series(1, ${Math.ceil(ROWS / 10)}) g`.execute(db);
    await sql`insert into contacts (workspace_id, first_name, middle_name, last_name, company_id, position, owner_id, phones, emails, addresses, birthday, tags)
      select ${ws.workspaceId}, 'Имя' || g, 'Отчество', 'Фамилия' || (g % 5000), c.id, 'Менеджер по закупкам', ${ws.user.id},
        jsonb_build_array(jsonb_build_object('type', 'mobile', 'number', '+7916' || lpad(g::text, 7, '0'))),
        jsonb_build_array(jsonb_build_object('type', 'work', 'address', 'person' || g || '@example.ru')),
        jsonb_build_array(jsonb_build_object('type', 'actual', 'text', 'г. Москва, ул. Тверская, д. ' || (g % 200))),
        date '1970-01-01' + (g % 15000), case when g % 4 = 0 then array['quarter'] else array['rest'] end
      from generate_series(1, ${ROWS}) g
      join (select id, row_number() over (order by id) - 1 as n from companies where workspace_id = ${ws.workspaceId}) c
        on c.n = g % ${Math.ceil(ROWS / 10)}`.execute(db);
    await sql`analyze contacts`.execute(db);
    console.log(`data: ${ROWS} contacts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ws.user.email, password: PASSWORD } });
    const cookie = `orbita_session=${login.cookies.find((c) => c.name === 'orbita_session')!.value}`;
    // Warm-up: code paths, statement plans, pools.
    await download(port, '/api/v1/contacts/export?tag=quarter&format=xlsx', cookie);
    await download(port, '/api/v1/contacts/export?tag=quarter', cookie);

    const rows: string[] = [];
    for (const [label, q] of [
      ['CSV UTF-8', ''],
      ['CSV cp1251', '&encoding=cp1251'],
      ['XLSX', '&format=xlsx'],
      ['vCard', '&format=vcf'],
    ] as const) {
      for (const [scope, filter] of [
        [`${ROWS / 4} rows`, 'tag=quarter'],
        [`${ROWS} rows`, 'sort=name'],
      ] as const) {
        const r = await download(port, `/api/v1/contacts/export?${filter}${q}`, cookie);
        if (r.status !== 200) throw new Error(`${label} ${scope}: HTTP ${r.status}`);
        rows.push(
          `| ${label} | ${scope} | ${mb(r.bytes)} MB | ${mb(r.rss)} MB | ${mb(r.heap)} MB | ${mb(r.live)} MB | ${mb(r.retained)} MB | ${(r.ms / 1000).toFixed(1)} s |`,
        );
      }
    }
    console.log(`\nRSS of the process after the downloads: ${mb(process.memoryUsage().rss)} MB (Node ${process.version})`);
    console.log(
      '| format | rows | file | peak RSS over the start | peak JS heap over the start | peak live heap over the start | heap kept after | time |\n|---|---|---|---|---|---|---|---|',
    );
    console.log(rows.join('\n'));
    await app.close();
  } finally {
    await db.destroy();
    await stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
