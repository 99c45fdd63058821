/**
 * `npm run bench:ab -- <other checkout> [rounds]`: this checkout's app against another commit's,
 * on the same bench data, endpoint by endpoint, taking turns (A B, then B A, ...) so drift in
 * the load of a shared machine falls on both alike. Each turn measures the API at 32 connections,
 * a request alone, the app's and PostgreSQL's CPU time per request (from /proc: what a request
 * costs, whoever else is using the cores), and the raw-SQL baseline of that app's own statements.
 * Prints medians over the rounds; records nothing. The other checkout needs its own `npm ci`.
 * Knobs as `npm run bench`: BENCH_SCALE, BENCH_SECONDS (default 8 here), BENCH_ONLY.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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
import { buildScenarios } from './scenarios.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const CONNECTIONS = 32;
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

const t0 = Date.now();
const log = (m: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}\n`);

/** utime + stime (and, with `children`, those of reaped children) of a process, in ms. */
function cpuMs(pid: number, children = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the name start at 3 (state): utime is 14, stime 15, cutime 16, cstime 17.
    const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    return ticks * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU time of a PostgreSQL cluster: the postmaster, its live backends and those that exited. */
function clusterCpuMs(postmaster: number): number {
  let total = cpuMs(postmaster, true);
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += cpuMs(Number(d));
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}

const shortCommit = (dir: string) => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

type Side = { label: string; dir: string; app?: AppProcess; http?: AppClient; cookies: Map<string, string> };
type Turn = { api: Measurement; alone: Measurement; sql: Measurement; appCpu: number; pgCpu: number; statements: number };

const started: { server?: RunningDatabase; db?: Db; pool?: pg.Pool; admin?: pg.Client; sides: Side[] } = { sides: [] };
async function stopAll() {
  for (const s of started.sides) {
    await s.http?.close().catch(() => {});
    await s.app?.stop().catch(() => {});
  }
  await started.pool?.end().catch(() => {});
  await started.admin?.end().catch(() => {});
  await started.db?.destroy().catch(() => {});
  if (started.server?.embedded) await started.server.stop().catch(() => {});
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void stopAll().finally(() => process.exit(130)));
process.on('exit', () => started.sides.forEach((s) => s.app?.killNow()));

async function main() {
  const [otherArg, roundsArg] = process.argv.slice(2);
  if (!otherArg || !fs.existsSync(path.join(otherArg, 'bench', 'app-server.ts')))
    throw new Error('usage: npm run bench:ab -- <path of another checkout with node_modules> [rounds]');
  const rounds = roundsArg ? Number(roundsArg) : 4;
  const scale = toolEnv.bench.scale === undefined ? 1 : Number(toolEnv.bench.scale);
  const seconds = toolEnv.bench.seconds === undefined ? 8 : Number(toolEnv.bench.seconds);
  const only = (toolEnv.bench.only ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

  const dataDir = path.join(root, '.bench-data');
  started.server = toolEnv.databaseUrl
    ? { url: toolEnv.databaseUrl, stop: async () => {}, embedded: false }
    : await startEmbeddedPostgres(dataDir, createLogger('warn'));
  const url = new URL(started.server.url);
  if (started.server.embedded) {
    const name = `bench_${String(scale).replace('.', '_')}`;
    const admin = new URL(url);
    admin.pathname = '/postgres';
    await ensureDatabase(admin.toString(), name);
    url.pathname = `/${name}`;
  }
  started.db = createDb(url.toString(), 4);
  const { users } = await prepareData(started.db, url.toString(), { scale, fresh: false }, log);

  const admin = new pg.Client({ connectionString: url.toString() });
  admin.on('error', () => {});
  started.admin = admin;
  await admin.connect();
  // The postmaster is the parent of our own backend; a server on another machine has none to read.
  const backend = (await admin.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  const backendStat = `/proc/${backend}/stat`;
  const postmaster = fs.existsSync(backendStat) ? Number(fs.readFileSync(backendStat, 'utf8').split(') ')[1].split(' ')[1]) : 0;
  const emailOf = benchEmail;
  const scenarios = (await buildScenarios(admin, users, emailOf)).filter(
    (s) => !only.length || only.some((o) => s.name.toLowerCase().includes(o)),
  );

  const sides: Side[] = [
    { label: `${shortCommit(root)} (this checkout)`, dir: root, cookies: new Map() },
    { label: shortCommit(otherArg), dir: path.resolve(otherArg), cookies: new Map() },
  ];
  started.sides = sides;
  for (const [i, s] of sides.entries()) {
    s.app = await AppProcess.start(url.toString(), path.join(dataDir, `ab-app-${i}.log`), s.dir);
    s.http = new AppClient(`http://127.0.0.1:${s.app.port}`, CONNECTIONS);
    for (const sc of scenarios) if (!s.cookies.has(sc.as)) s.cookies.set(sc.as, await s.http.login(sc.as, BENCH_PASSWORD));
    log(`${s.label}: app pid ${s.app.pid} on port ${s.app.port}`);
  }

  // Each side's statements per request variant, captured from a warm request, for its SQL baseline.
  const captured = new Map<string, CapturedQuery[][][]>();
  for (const sc of scenarios)
    for (const s of sides) {
      const perPath: CapturedQuery[][][] = [];
      for (const p of sc.paths) {
        await s.http!.get(p, s.cookies.get(sc.as)!);
        const qs = (await s.app!.capture(() => s.http!.get(p, s.cookies.get(sc.as)!))).filter((q) => !/from "sessions"/.test(q.sql));
        const bySession = new Map<number, CapturedQuery[]>();
        for (const q of qs) bySession.set(q.conn, [...(bySession.get(q.conn) ?? []), q]);
        perPath.push([...bySession.values()]);
      }
      captured.set(`${sc.name}|${s.label}`, perPath);
    }

  // For comparing what each side ran (the first variant of each endpoint), beside the data.
  const sqlFile = path.join(dataDir, 'ab-statements.json');
  fs.writeFileSync(sqlFile, JSON.stringify(Object.fromEntries([...captured].map(([k, v]) => [k, v[0]])), null, 1));
  log(`statements of each side written to ${sqlFile}`);

  started.pool = new pg.Pool({ connectionString: url.toString(), max: CONNECTIONS });
  const pool = started.pool;
  pool.on('error', () => {});
  const load = { concurrency: CONNECTIONS, warmupMs: 3000, durationMs: seconds * 1000 };
  const turns = new Map<string, Turn[]>();
  for (let r = 0; r < rounds; r++) {
    for (const sc of scenarios) {
      for (const s of r % 2 ? [...sides].reverse() : sides) {
        const cookie = s.cookies.get(sc.as)!;
        const op = async (i: number) => {
          await s.http!.get(sc.paths[i % sc.paths.length], cookie);
        };
        const alone = await measure(op, { concurrency: 1, warmupMs: 500, durationMs: 2000, minRequests: 3, maxMs: 30_000 });
        // CPU over the whole closed loop, warm-up included, divided by every request it served.
        let served = 0;
        const counted = async (i: number) => {
          await op(i);
          served++;
        };
        const app0 = cpuMs(s.app!.pid);
        const pg0 = postmaster ? clusterCpuMs(postmaster) : 0;
        const api = await measure(counted, load);
        const appCpu = (cpuMs(s.app!.pid) - app0) / served;
        const pgCpu = postmaster ? (clusterCpuMs(postmaster) - pg0) / served : NaN;
        const sessions = captured.get(`${sc.name}|${s.label}`)!;
        const sql = await measure(async (i) => {
          await Promise.all(
            sessions[i % sessions.length].map(async (seq) => {
              const c = await pool.connect();
              try {
                for (const q of seq) await c.query(q.sql, q.parameters);
              } finally {
                c.release();
              }
            }),
          );
        }, load);
        const statements = sessions[0].reduce((n, seq) => n + seq.length, 0);
        const key = `${sc.name}|${s.label}`;
        turns.set(key, [...(turns.get(key) ?? []), { api, alone, sql, appCpu, pgCpu, statements }]);
        log(
          `round ${r + 1}/${rounds} ${sc.name} @ ${s.label}: API ${Math.round(api.rps)} req/s p99 ${api.p99.toFixed(1)} ms, alone ${alone.p50.toFixed(2)} ms, ` +
            `CPU/request app ${appCpu.toFixed(2)} ms + PostgreSQL ${pgCpu.toFixed(2)} ms, SQL ${Math.round(sql.rps)} req/s, ${statements} statements${api.errors ? `, ${api.errors} errors: ${api.firstError}` : ''}`,
        );
      }
    }
  }

  const out = [
    '',
    `Medians of ${rounds} alternating rounds, ${seconds} s measured per turn (3 s warm-up), 32 connections; range of API req/s in brackets.`,
    '',
    '| endpoint | commit | API req/s | API p99 ms | alone p50 ms | app CPU ms/req | PostgreSQL CPU ms/req | SQL req/s | statements |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const sc of scenarios)
    for (const s of sides) {
      const ts = turns.get(`${sc.name}|${s.label}`) ?? [];
      if (!ts.length) continue;
      const rps = ts.map((t) => t.api.rps);
      out.push(
        `| ${sc.name} | ${s.label} | ${Math.round(median(rps))} (${Math.round(Math.min(...rps))}–${Math.round(Math.max(...rps))}) | ` +
          `${median(ts.map((t) => t.api.p99)).toFixed(1)} | ${median(ts.map((t) => t.alone.p50)).toFixed(2)} | ` +
          `${median(ts.map((t) => t.appCpu)).toFixed(2)} | ${median(ts.map((t) => t.pgCpu)).toFixed(2)} | ` +
          `${Math.round(median(ts.map((t) => t.sql.rps)))} | ${ts[0].statements} |`,
      );
    }
  process.stdout.write(out.join('\n') + '\n');
}

main()
  .then(() => stopAll())
  .then(() => process.exit(0))
  .catch(async (e) => {
    process.stderr.write(`bench:ab failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    await stopAll();
    process.exit(1);
  });
