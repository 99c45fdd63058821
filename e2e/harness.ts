import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { childEnv, toolEnv } from '../server/platform/config.js';
import { freePort } from '../server/platform/database.js';

export const ADMIN = { email: 'admin@e2e.test', password: 'e2e-orbit-key-7731' };
export const PASSWORD = 'e2e-user-pass-1';

export type Server = { base: string; stop: () => Promise<void> };

/** Starts the real app (built web bundle, embedded PostgreSQL in a fresh folder) as `npm start` would. */
export async function startServer(): Promise<Server> {
  if (!fs.existsSync('dist/web/index.html')) throw new Error('web bundle missing: run `npm run build:web` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-e2e-'));
  const port = await freePort();
  const env = childEnv({
    ORBITA_DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    ORBITA_ADMIN_EMAIL: ADMIN.email,
    ORBITA_ADMIN_PASSWORD: ADMIN.password,
    // The webhook journey receives on 127.0.0.1.
    ORBITA_WEBHOOKS_ALLOW_PRIVATE: 'true',
  });
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > until || child.exitCode !== null) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tiny API client for arranging data (signs in, keeps cookie and CSRF token). */
export async function apiAs(base: string, email: string, password: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken, user } = await res.json();
  const call = async (method: string, url: string, body?: unknown) => {
    const r = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, 'accept-language': 'en', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    const json = text ? JSON.parse(text) : null;
    if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text}`);
    return json;
  };
  return {
    user,
    get: (u: string) => call('GET', u),
    post: (u: string, b?: unknown) => call('POST', u, b),
    patch: (u: string, b?: unknown) => call('PATCH', u, b),
    put: (u: string, b?: unknown) => call('PUT', u, b),
    del: (u: string) => call('DELETE', u),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: toolEnv.chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Signs in through the login form. */
export async function signInUi(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
}

/**
 * Collects every Content-Security-Policy violation in a browser context (the DOM's
 * `securitypolicyviolation` events and chromium's console reports of blocked content), so a
 * journey fails when the interface needs something the server's CSP forbids.
 */
export async function watchCsp(context: BrowserContext): Promise<() => string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__orbitaCspViolation', ({ page }, text: string) => {
    violations.push(`${page.url()}: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __orbitaCspViolation: (t: string) => void }).__orbitaCspViolation;
      report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || '?'}:${e.lineNumber}`);
    });
  });
  const onPage = (page: Page) =>
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
  context.pages().forEach(onPage);
  context.on('page', onPage);
  return () => violations;
}

/** The browser as journeys see it: contexts and pages they open themselves are watched too. */
export function watchedBrowser(browser: Browser, watch: (c: BrowserContext) => Promise<void>): Browser {
  return new Proxy(browser, {
    get(target, prop) {
      if (prop === 'newContext') {
        return async (...args: Parameters<Browser['newContext']>) => {
          const c = await target.newContext(...args);
          await watch(c);
          return c;
        };
      }
      if (prop === 'newPage') {
        return async (...args: Parameters<Browser['newPage']>) => {
          const p = await target.newPage(...args);
          await watch(p.context());
          return p;
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
