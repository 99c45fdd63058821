/**
 * `npm run bench`: generates (or reuses) a data set of stated size in a dedicated PostgreSQL,
 * starts the real app in a child process, and measures each endpoint over HTTP with 32
 * connections beside a raw-SQL baseline that replays the very queries the endpoint ran.
 * Results are printed and appended to bench/RESULTS.md. Everything started is stopped at the end
 * and on Ctrl-C. Knobs: BENCH_SCALE (1 = 1M contacts), BENCH_FRESH=1, BENCH_SECONDS, BENCH_ONLY.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { toolEnv } from '../server/platform/config.js';
import { createDb, ensureDatabase, startEmbeddedPostgres, type Db, type RunningDatabase } from '../server/platform/database.js';
import { createLogger } from '../server/platform/logger.js';
import { AppProcess } from './app-process.js';
import type { CapturedQuery } from './app-server.js';
import { BENCH_PASSWORD, benchEmail, prepareData } from './data.js';
import { AppClient } from './http.js';
import { measure, type Measurement } from './load.js';
import { appendResults, printTable, verdict, type Row, type RunFacts } from './report.js';
import { buildScenarios, type Scenario } from './scenarios.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const CONNECTIONS = 32;
const WARMUP_S = 3;
const RSS_LIMIT = 300 * 1024 * 1024;

function options() {
  const b = toolEnv.bench;
  const scale = b.scale === undefined ? 1 : Number(b.scale);
  if (!(scale > 0 && scale <= 10)) throw new Error(`BENCH_SCALE must be a number in (0, 10], got ${b.scale}`);
  const seconds = b.seconds === undefined ? 10 : Number(b.seconds);
  if (!(seconds >= 1 && seconds <= 300)) throw new Error(`BENCH_SECONDS must be between 1 and 300, got ${b.seconds}`);
  const only = b.only
    ? b.only
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
    : [];
  return { scale, fresh: b.fresh, seconds, only };
}

const t0 = Date.now();
const log = (m: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}\n`);

// Everything this run starts, so that the end of the run and Ctrl-C stop exactly that.
const started: { server?: RunningDatabase; db?: Db; app?: AppProcess; http?: AppClient; pool?: pg.Pool; admin?: pg.Client } = {};
let stopping: Promise<void> | undefined;
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    await started.http?.close().catch(() => {});
    await started.app?.stop().catch(() => {});
    await started.pool?.end().catch(() => {});
    await started.admin?.end().catch(() => {});
    await started.db?.destroy().catch(() => {});
    if (started.server?.embedded) {
      log('stopping the bench PostgreSQL');
      await started.server.stop().catch(() => {});
    }
  })();
  return stopping;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping everything the bench started`);
    void stopAll().finally(() => process.exit(130));
  });
}
process.on('exit', () => started.app?.killNow());

type Variant = { path: string; queries: CapturedQuery[]; sessions: CapturedQuery[][] };
type Prepared = Scenario & { cookie: string; cachedInApp: boolean; variants: Variant[]; responseKb: number };

/** A request's statements per app session, each in the order that session ran them. */
function bySession(queries: CapturedQuery[]): CapturedQuery[][] {
  const m = new Map<number, CapturedQuery[]>();
  for (const q of queries) m.set(q.conn, [...(m.get(q.conn) ?? []), q]);
  return [...m.values()];
}

// The session lookup is cached in the app for 5 s, so it costs one query per 5 s per session:
// not part of the request's work, and not replayed.
const isSessionLookup = (q: CapturedQuery) => /from "sessions"/.test(q.sql);

async function main() {
  const opts = options();
  const logger = createLogger('warn');
  log(`scale ${opts.scale}${opts.fresh ? ', fresh data' : ''}`);
  started.server = toolEnv.databaseUrl
    ? { url: toolEnv.databaseUrl, stop: async () => {}, embedded: false }
    : await startEmbeddedPostgres(path.join(root, '.bench-data'), logger);
  log(started.server.embedded ? 'embedded PostgreSQL started in .bench-data/' : 'using DATABASE_URL');
  let url = started.server.url;
  if (started.server.embedded) {
    // One database per scale, so a quick run at a small scale keeps the full data set for later.
    const name = `bench_${String(opts.scale).replace('.', '_')}`;
    const admin = new URL(url);
    admin.pathname = '/postgres';
    await ensureDatabase(admin.toString(), name);
    const own = new URL(url);
    own.pathname = `/${name}`;
    url = own.toString();
  }
  started.db = createDb(url, 4);
  const { users, parts, salesReady, moneyReady } = await prepareData(started.db, url, { scale: opts.scale, fresh: opts.fresh }, log);

  const admin = new pg.Client({ connectionString: url });
  // A server shutting down (Ctrl-C reaches PostgreSQL too) must not crash the clean-up.
  admin.on('error', () => {});
  started.admin = admin;
  await admin.connect();
  const pgVersion = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0].v;
  const emailOf = benchEmail;
  let scenarios = await buildScenarios(admin, users, emailOf);
  if (!salesReady) scenarios = scenarios.filter((s) => s.part !== 'sales');
  if (!moneyReady) scenarios = scenarios.filter((s) => s.part !== 'money');
  if (opts.only.length) scenarios = scenarios.filter((s) => opts.only.some((o) => s.name.toLowerCase().includes(o)));

  log('starting the app');
  const logFile = path.join(root, '.bench-data', 'app.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  started.app = await AppProcess.start(url, logFile);
  const app = started.app;
  started.http = new AppClient(`http://127.0.0.1:${app.port}`, CONNECTIONS);
  const http = started.http;
  log(`app listening on 127.0.0.1:${app.port}, pid ${app.pid}, RSS ${(app.maxRss / 1048576).toFixed(0)} MB`);
  const appRssIdle = app.maxRss;

  const cookies = new Map<string, string>();
  const prepared: Prepared[] = [];
  for (const s of scenarios) {
    if (!cookies.has(s.as)) cookies.set(s.as, await http.login(s.as, BENCH_PASSWORD));
    const cookie = cookies.get(s.as)!;
    const variants = [];
    let cachedInApp = false;
    let bytes = 0;
    for (const p of s.paths) {
      // The first call may fill per-process caches (default pipeline, ...); the second shows the
      // steady state, which is what the load then repeats. When the second runs no SQL at all, the
      // app answered from a cache of the whole result: the baseline is then the first call's SQL.
      let first!: Buffer;
      const cold = (
        await app.capture(async () => {
          first = await http.get(p, cookie);
        })
      ).filter((q) => !isSessionLookup(q));
      bytes += first.length;
      const problem = s.check(JSON.parse(first.toString('utf8')));
      if (problem) throw new Error(`${s.name}: ${p}: ${problem}`);
      const warm = (await app.capture(() => http.get(p, cookie))).filter((q) => !isSessionLookup(q));
      if (warm.length === 0 && cold.length > 0) cachedInApp = true;
      const queries = warm.length ? warm : cold;
      variants.push({ path: p, queries, sessions: bySession(queries) });
    }
    const responseKb = bytes / s.paths.length / 1024;
    prepared.push({ ...s, cookie, cachedInApp, variants, responseKb });
    log(
      `${s.name}: ${s.paths.length} variant(s), ${variants[0].queries.length} statement(s) on ${variants[0].sessions.length} session(s) per request, response ${responseKb.toFixed(1)} KB${cachedInApp ? " (answered from the app's cache after the first request; baseline = the first request's SQL)" : ''}`,
    );
  }

  started.pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  const pool = started.pool;
  pool.on('error', () => {});
  const rows: Row[] = [];
  const explains: RunFacts['explains'] = [];
  const load = { concurrency: CONNECTIONS, warmupMs: WARMUP_S * 1000, durationMs: opts.seconds * 1000 };
  const loadBefore = os.loadavg()[0];
  // Calibration: the cheapest round trip through the same pool, the ceiling any baseline can reach
  // on this machine at this moment.
  const calibration = await measure(async () => {
    await pool.query('select 1');
  }, load);
  log(
    `calibration, select 1 through the pool: ${Math.round(calibration.rps)} req/s p50 ${calibration.p50.toFixed(2)} p99 ${calibration.p99.toFixed(2)} ms`,
  );
  for (const s of prepared) {
    app.resetWindow();
    const apiOp = async (i: number) => {
      await http.get(s.variants[i % s.variants.length].path, s.cookie);
    };
    // One connection first: the cost of a request on its own, apart from queueing under load.
    const single = await measure(apiOp, { concurrency: 1, warmupMs: 500, durationMs: 2000, minRequests: 3, maxMs: 30_000 });
    const api: Measurement = await measure(apiOp, load);
    const appRssMax = app.windowMaxRss;
    const mem = await app.memory();
    // Each of the request's app sessions replayed on a session of its own, in parallel as the app
    // ran them: a transaction (begin ... set_config ... commit) stays on one session.
    const sqlM: Measurement = await measure(async (i) => {
      await Promise.all(
        s.variants[i % s.variants.length].sessions.map(async (seq) => {
          const c = await pool.connect();
          try {
            for (const q of seq) await c.query(q.sql, q.parameters);
          } finally {
            c.release();
          }
        }),
      );
    }, load);
    const v = verdict(api, sqlM, s.target);
    rows.push({
      name: s.name,
      responseKb: s.responseKb,
      cachedInApp: s.cachedInApp,
      single,
      api,
      sql: sqlM,
      target: s.target,
      appRssMax,
      heapTotal: mem.heapTotal,
      queries: s.variants[0].queries.length,
      verdict: v,
    });
    log(
      `${s.name}: RSS max ${(appRssMax / 1048576).toFixed(0)} MB (after: V8 heap ${(mem.heapUsed / 1048576).toFixed(0)}/${(mem.heapTotal / 1048576).toFixed(0)} MB, external ${(mem.external / 1048576).toFixed(0)} MB)`,
    );
    log(
      `${s.name}: alone ${single.p50.toFixed(2)} ms p50 | API ${Math.round(api.rps)} req/s p50 ${api.p50.toFixed(2)} p99 ${api.p99.toFixed(2)} ms | SQL ${Math.round(sqlM.rps)} req/s p50 ${sqlM.p50.toFixed(2)} p99 ${sqlM.p99.toFixed(2)} ms | ${v.text}${api.firstError ? ` | first error: ${api.firstError}` : ''}`,
    );
    if (!v.ok) {
      // Where the time goes, for the report: the plan of every query of the slowest variant.
      const slowest = s.variants.reduce((a, b) =>
        b.queries.reduce((x, q) => x + q.ms, 0) > a.queries.reduce((x, q) => x + q.ms, 0) ? b : a,
      );
      for (const e of await explainVariant(pool, slowest)) {
        explains.push({ name: `${s.name} — ${slowest.path}`, ...e });
        process.stdout.write(`\nEXPLAIN ANALYZE (${s.name}):\n${e.plan}\n\n`);
      }
    }
  }
  await admin.end();
  started.admin = undefined;

  const notes: string[] = [];
  if (!salesReady) notes.push('The deals and activities tables were not in the migrations yet: issue-3 endpoints were not measured.');
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  const facts: RunFacts = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    load: { before: loadBefore, after: os.loadavg()[0] },
    calibration,
    scale: opts.scale,
    seconds: opts.seconds,
    warmup: WARMUP_S,
    connections: CONNECTIONS,
    pgVersion,
    database: started.server.embedded ? `embedded, .bench-data/, database ${new URL(url).pathname.slice(1)}` : 'DATABASE_URL',
    commit,
    parts,
    appRssIdle,
    appRssMax: app.maxRss,
    rssLimit: RSS_LIMIT,
    rows,
    explains,
    notes,
  };
  process.stdout.write(printTable(facts));
  if (opts.only.length === 0) {
    appendResults(path.join(here, 'RESULTS.md'), facts);
    log('appended to bench/RESULTS.md');
  } else {
    log('BENCH_ONLY set: not recorded in bench/RESULTS.md');
  }
  writeQueries(path.join(here, 'QUERIES.md'), prepared, facts.date);
}

const WRITE = /\b(insert|update|delete)\b/i;

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every read of a request, each app session replayed on one session
 * so its transaction settings (set_config(..., true)) apply. Writes are skipped: EXPLAIN ANALYZE
 * would execute them.
 */
async function explainVariant(
  pool: pg.Pool,
  v: Variant,
): Promise<{ sql: string; plan: string; planningMs: number; executionMs: number }[]> {
  const out: { sql: string; plan: string; planningMs: number; executionMs: number }[] = [];
  for (const seq of v.sessions) {
    const c = await pool.connect();
    try {
      for (const q of seq) {
        if (WRITE.test(q.sql)) continue;
        if (!/^[\s(]*(select|with)\b[\s\S]*\bfrom\b/i.test(q.sql)) {
          await c.query(q.sql, q.parameters);
          continue;
        }
        const plan = await c.query(`explain (analyze, buffers) ${q.sql}`, q.parameters);
        const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
        const time = (label: string) => Number(new RegExp(`${label} Time: ([\\d.]+) ms`).exec(text)?.[1] ?? NaN);
        out.push({ sql: q.sql.trim(), plan: text, planningMs: time('Planning'), executionMs: time('Execution') });
      }
    } finally {
      await c.query('rollback').catch(() => {});
      c.release();
    }
  }
  return out;
}

/** The SQL each endpoint ran in this run (first variant), for review beside the figures. */
function writeQueries(file: string, prepared: Prepared[], date: string) {
  const out = [
    '# SQL behind the measured endpoints',
    '',
    `Captured from the app's query log by the last \`npm run bench\` (${date}); parameters as sent.`,
    '',
  ];
  for (const s of prepared) {
    const v = s.variants[0];
    out.push(
      `## ${s.name}`,
      '',
      `\`GET ${v.path}\`${s.cachedInApp ? " (the SQL of a computation: later requests were answered from the app's cache)" : ''}`,
      '',
    );
    v.sessions.forEach((seq, i) => {
      if (v.sessions.length > 1) out.push(`Session ${i + 1} of ${v.sessions.length} (in parallel):`, '');
      for (const q of seq) out.push('```sql', q.sql.trim(), '```', `parameters: \`${JSON.stringify(q.parameters)}\``, '');
    });
  }
  fs.writeFileSync(file, out.join('\n'));
}

main()
  .then(() => stopAll())
  .then(() => process.exit(0))
  .catch(async (e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    await stopAll();
    process.exit(1);
  });
