import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../server/platform/config.js';
import type { CapturedQuery, FromChild, ToChild } from './app-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Resident set size of a process in bytes, from /proc (Linux), or null once it is gone. */
function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The app under test in a child process (started as `npm start` runs it: node with tsx), its
 * RSS sampled every 100 ms, and the query capture switched over IPC.
 */
export class AppProcess {
  private child: ChildProcess;
  private sampler: NodeJS.Timeout | undefined;
  maxRss = 0;
  windowMaxRss = 0;
  port = 0;

  private constructor(child: ChildProcess) {
    this.child = child;
  }

  /** `checkout`: the working tree whose app to run (another commit's, for an A/B comparison). */
  static async start(databaseUrl: string, logFile: string, checkout = path.resolve(here, '..')): Promise<AppProcess> {
    const out = fs.openSync(logFile, 'w');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(checkout, 'bench', 'app-server.ts')], {
      cwd: checkout,
      // Production settings, with the default log level: one log line per request is part of the cost.
      env: childEnv({ DATABASE_URL: databaseUrl, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' }),
      stdio: ['ignore', out, out, 'ipc'],
      serialization: 'advanced',
    });
    fs.closeSync(out);
    const app = new AppProcess(child);
    app.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the app did not start within 60 s (see ${logFile})`)), 60_000);
      child.once('exit', (code) => reject(new Error(`the app exited with ${code} during start (see ${logFile})`)));
      child.on('message', (m: FromChild) => {
        if (m.type === 'listening') {
          clearTimeout(timer);
          resolve(m.port);
        } else if (m.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`the app failed to start: ${m.error}`));
        }
      });
    });
    app.sampler = setInterval(() => app.sample(), 100);
    app.sample();
    return app;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  sample(): void {
    const rss = rssOf(this.pid);
    if (rss === null) return;
    if (rss > this.maxRss) this.maxRss = rss;
    if (rss > this.windowMaxRss) this.windowMaxRss = rss;
  }

  /** Starts a new window for the per-scenario RSS maximum. */
  resetWindow(): void {
    this.windowMaxRss = 0;
    this.sample();
  }

  /** Runs `fn` (one request) with the app's query log on and returns the SQL it ran. */
  async capture(fn: () => Promise<unknown>): Promise<CapturedQuery[]> {
    const send = (m: ToChild) => new Promise<void>((res, rej) => this.child.send(m, (e) => (e ? rej(e) : res())));
    await send({ type: 'capture', on: true });
    try {
      await fn();
    } finally {
      const got = new Promise<CapturedQuery[]>((resolve) => {
        const onMsg = (m: FromChild) => {
          if (m.type === 'captured') {
            this.child.off('message', onMsg);
            resolve(m.queries);
          }
        };
        this.child.on('message', onMsg);
      });
      await send({ type: 'capture', on: false });
      // eslint-disable-next-line no-unsafe-finally
      return got;
    }
  }

  /** The app's own view of its memory (V8 heap, external buffers), to explain its RSS. */
  async memory(): Promise<NodeJS.MemoryUsage> {
    const got = new Promise<NodeJS.MemoryUsage>((resolve) => {
      const onMsg = (m: FromChild) => {
        if (m.type === 'memory') {
          this.child.off('message', onMsg);
          resolve(m.usage);
        }
      };
      this.child.on('message', onMsg);
    });
    this.child.send({ type: 'memory' } satisfies ToChild);
    return got;
  }

  /** SIGTERM, then SIGKILL if the app has not exited within 10 s. */
  async stop(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Synchronous last resort when the bench process itself is exiting. */
  killNow(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
