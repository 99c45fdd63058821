import crypto from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../platform/config.js';
import { createDb, type Db } from '../platform/database.js';
import { createLogger } from '../platform/logger.js';
import type { Role } from '../platform/platform.table.js';
import { createTeam, createUser, createWorkspaceWithAdmin } from '../modules/users/index.js';
import type { AuthUser } from '../platform/auth.js';
import { startJobRunner, type JobRunner } from '../platform/jobs.js';

const TEMPLATE_DB = 'orbita_test_template';

/** A fresh database cloned from the migrated template: each test file gets its own. */
export async function createTestDatabase(onQuery?: (sql: string) => void): Promise<{ db: Db; url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `orbita_tf_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
      break;
    } catch (e) {
      // Two files cloning at the same instant can collide on the template; try again shortly.
      if (attempt > 20 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const db = createDb(u.toString(), 10, onQuery);
  return {
    db,
    url: u.toString(),
    drop: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export type Caller = {
  user: AuthUser;
  /** Sends a request as this user: session cookie, CSRF token, language. */
  req: (opts: InjectOptions & { lang?: string }) => Promise<LightMyRequestResponse>;
  get: (url: string) => Promise<LightMyRequestResponse>;
  post: (url: string, payload?: unknown) => Promise<LightMyRequestResponse>;
  patch: (url: string, payload?: unknown) => Promise<LightMyRequestResponse>;
  del: (url: string) => Promise<LightMyRequestResponse>;
};

export type TestContext = {
  app: FastifyInstance;
  db: Db;
  /** The connection URL of this file's database (for tools that open their own connections). */
  url: string;
  workspaceId: string;
  admin: Caller;
  /** Creates a user with a role (and team) and signs them in. */
  userWith: (role: Role, opts?: { teamId?: string; name?: string; timeZone?: string }) => Promise<Caller>;
  createTeam: (name: string, leadId?: string) => Promise<string>;
  signIn: (email: string, password: string) => Promise<Caller>;
  /** Starts a job runner on this file's database (background jobs run only where a test asks). */
  startJobs: () => Promise<JobRunner>;
  close: () => Promise<void>;
};

export const TEST_PASSWORD = 'correct horse battery';

/** Builds the real app over a fresh real database, with a workspace and a signed-in admin. */
export async function createTestContext(
  opts: { env?: Record<string, string>; onQuery?: (sql: string) => void } = {},
): Promise<TestContext> {
  const { db, url, drop } = await createTestDatabase(opts.onQuery);
  // Each file's app seals its secrets with its own key, as an installation would.
  const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', ORBITA_SECRET_KEY: crypto.randomBytes(32).toString('base64'), ...opts.env };
  const config = { ...loadConfig(env), webDistDir: '/nonexistent' };
  const runners: JobRunner[] = [];
  const app = await buildApp({ config, db, logger: createLogger('silent') });
  await app.ready();
  const suffix = crypto.randomBytes(4).toString('hex');
  const ws = await createWorkspaceWithAdmin(db, {
    workspaceName: `Test ${suffix}`,
    email: `admin-${suffix}@test.local`,
    name: 'Admin',
    password: TEST_PASSWORD,
  });

  async function signIn(email: string, password: string): Promise<Caller> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: `10.${Math.floor(Math.random() * 250)}.0.1`,
    });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'orbita_session')!;
    const body = res.json();
    const u = body.user;
    const user: AuthUser = {
      id: u.id,
      workspaceId: u.workspaceId,
      role: u.role,
      teamId: u.teamId,
      name: u.name,
      email: u.email,
      language: u.language,
      timeZone: u.timeZone,
    };
    const req: Caller['req'] = ({ lang, headers, ...opts }) =>
      app.inject({
        ...opts,
        headers: { 'x-csrf-token': body.csrfToken, 'accept-language': lang ?? 'en', ...(headers ?? {}) },
        cookies: { orbita_session: cookie.value },
      });
    return {
      user,
      req,
      get: (url) => req({ method: 'GET', url }),
      post: (url, payload) => req({ method: 'POST', url, payload: payload as InjectOptions['payload'] }),
      patch: (url, payload) => req({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] }),
      del: (url) => req({ method: 'DELETE', url }),
    };
  }

  const admin = await signIn(ws.user.email, TEST_PASSWORD);
  const adminUser = { ...admin.user };
  let n = 0;
  return {
    app,
    db,
    url,
    workspaceId: ws.workspaceId,
    admin,
    signIn,
    createTeam: async (name, leadId) => (await createTeam(db, adminUser, { name, leadId })).id,
    userWith: async (role, opts = {}) => {
      n += 1;
      const email = `${role}-${n}-${suffix}@test.local`;
      await createUser(db, adminUser, {
        email,
        name: opts.name ?? `${role} ${n}`,
        password: TEST_PASSWORD,
        role,
        teamId: opts.teamId,
        timeZone: opts.timeZone,
      });
      return signIn(email, TEST_PASSWORD);
    },
    startJobs: async () => {
      const runner = await startJobRunner({ url, db, log: createLogger('silent'), concurrency: 2, pollIntervalMs: 500 });
      runners.push(runner);
      return runner;
    },
    close: async () => {
      await app.close();
      for (const r of runners) await r.stop();
      await drop();
    },
  };
}
