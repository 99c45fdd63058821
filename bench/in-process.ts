/**
 * The set-up the one-endpoint benches share (bank-statement-import.ts, import.ts, patch-contact.ts):
 * a database of their own (an embedded PostgreSQL in a temporary folder, or a new database on
 * DATABASE_URL's server), migrated, the real app built over it in this process (app.inject, no
 * network), every statement counted, and a clean-up that stops and removes all of it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig, toolEnv, type Config } from '../server/platform/config.js';
import { createDb, ensureDatabase, startEmbeddedPostgres, type Db } from '../server/platform/database.js';
import { migrateJobs } from '../server/platform/jobs.js';
import { createLogger } from '../server/platform/logger.js';
import { migrateToLatest } from '../server/platform/migrate.js';
import { startNotifications } from '../server/platform/notify.js';
import { createWorkspaceWithAdmin } from '../server/modules/users/index.js';

export const BENCH_USER_PASSWORD = 'Quiet-Harbor-Lantern-5821';

export type Session = { cookies: { orbita_session: string }; headers: { 'x-csrf-token': string } };

export type InProcessBench = {
  url: string;
  /** The embedded server's data folder (undefined with DATABASE_URL). */
  dataDir: string | undefined;
  db: Db;
  config: Config;
  app: FastifyInstance;
  /** Statements run through `db` so far. */
  statements: () => number;
  /** A new workspace with its admin, signed in. */
  workspace: (name: string, email: string) => Promise<Session & { workspaceId: string; userId: string }>;
  close: () => Promise<void>;
};

/** Signs in over app.inject: the cookie and CSRF header of the session. */
export async function signIn(app: FastifyInstance, email: string, password = BENCH_USER_PASSWORD): Promise<Session> {
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  return {
    cookies: { orbita_session: login.cookies.find((c) => c.name === 'orbita_session')!.value },
    headers: { 'x-csrf-token': login.json().csrfToken },
  };
}

/** `tag` names the temporary folder or database (orbita-<tag>-bench-…). `env`: extra settings of the app. */
export async function startInProcessBench(tag: string, env: Record<string, string> = {}): Promise<InProcessBench> {
  const log = createLogger('warn');
  let dir: string | undefined;
  let stop = async () => {};
  let url: string;
  if (toolEnv.databaseUrl) {
    const admin = new URL(toolEnv.databaseUrl);
    admin.pathname = '/postgres';
    const name = `orbita_${tag.replace(/-/g, '_')}_bench_${crypto.randomBytes(4).toString('hex')}`;
    await ensureDatabase(admin.toString(), name);
    admin.pathname = `/${name}`;
    url = admin.toString();
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `orbita-${tag}-bench-`));
    const server = await startEmbeddedPostgres(dir, log);
    url = server.url;
    stop = server.stop;
  }
  let statements = 0;
  const db = createDb(url, 20, () => statements++);
  const notifications = await startNotifications(url, log);
  const close = async () => {
    await notifications.stop();
    await db.destroy();
    await stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(db);
    await migrateJobs(url, log);
    const config = { ...loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ...env }), webDistDir: '/nonexistent' };
    const app = await buildApp({ config, db, logger: createLogger('silent') });
    await app.ready();
    return {
      url,
      dataDir: dir,
      db,
      config,
      app,
      statements: () => statements,
      workspace: async (name, email) => {
        const ws = await createWorkspaceWithAdmin(db, { workspaceName: name, email, name: 'Замер', password: BENCH_USER_PASSWORD });
        return { ...(await signIn(app, email)), workspaceId: ws.workspaceId, userId: ws.user.id };
      },
      close: async () => {
        await app.close();
        await close();
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}
