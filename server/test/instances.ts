// Real instances of `server/main.ts` as child processes (each with its own pool and job runner) on
// one database, for the tests of what several instances must agree on: sessions, limits, jobs run
// once, gapless numbers, the PBX follower's lease.
import { spawn, type ChildProcess } from 'node:child_process';
import { childEnv } from '../platform/config.js';
import { freePort } from '../platform/database.js';
import { until } from './receiver.js';

export type Instance = { base: string; child: ChildProcess };

/** The instances a test file started; `stop()` (or `kill()`) them in afterAll. */
export class Instances {
  private readonly children: ChildProcess[] = [];

  /** Starts one on `DATABASE_URL` with `env`, and waits until it answers /api/health. */
  async start(env: Record<string, string>, timeoutMs = 60_000): Promise<Instance> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: childEnv({ LOG_LEVEL: 'warn', ...env, PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const base = `http://127.0.0.1:${port}`;
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`instance exited: ${out}`);
        return fetch(`${base}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
      },
      (ok) => ok,
      timeoutMs,
    );
    return { base, child };
  }

  /** SIGTERM to each (a graceful stop), SIGKILL to any still running 15 s later. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
          }),
      ),
    );
  }

  kill(): void {
    for (const c of this.children) if (c.exitCode === null) c.kill('SIGKILL');
  }
}

export type Session = { cookie: string; csrf: string; userId: string };

export function login(base: string, email: string, password: string): Promise<Response> {
  return fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

/** Signs in over HTTP; throws unless the login answers 200. */
export async function signIn(base: string, email: string, password: string): Promise<Session> {
  const r = await login(base, email, password);
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
  const cookie = /orbita_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')![1];
  const body = await r.json();
  return { cookie: `orbita_session=${cookie}`, csrf: body.csrfToken, userId: body.user.id };
}

/** One API call with the session's cookie and CSRF token, messages in English. */
export function call(base: string, s: Session, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}/api/v1${path}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'accept-language': 'en', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}
