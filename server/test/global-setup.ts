import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { toolEnv } from '../platform/config.js';
import { createDb, startEmbeddedPostgres } from '../platform/database.js';
import { createLogger } from '../platform/logger.js';
import { migrateToLatest } from '../platform/migrate.js';
import { migrateJobs } from '../platform/jobs.js';

export const TEMPLATE_DB = 'orbita_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

/**
 * One PostgreSQL for the whole run: the embedded server in a temporary folder, or the server in
 * DATABASE_URL (CI runs both). The schema is migrated once into a template database that every
 * test file clones.
 */
export default async function setup(project: TestProject) {
  const log = createLogger('warn');
  let stop = async () => {};
  let adminUrl: string;
  let dir: string | undefined;
  if (toolEnv.databaseUrl) {
    const u = new URL(toolEnv.databaseUrl);
    u.pathname = '/postgres';
    adminUrl = u.toString();
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-test-'));
    const server = await startEmbeddedPostgres(dir, log);
    adminUrl = server.url.replace(/\/orbita$/, '/postgres');
    stop = server.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  const u = new URL(adminUrl);
  u.pathname = `/${TEMPLATE_DB}`;
  const db = createDb(u.toString(), 2);
  await migrateToLatest(db);
  await db.destroy();
  // graphile-worker's schema too, so every cloned database can enqueue and run jobs.
  await migrateJobs(u.toString(), log);
  // Old per-file databases from an interrupted run against a shared server.
  const stale = await admin.query(`select datname from pg_database where datname like 'orbita\\_tf\\_%'`);
  for (const row of stale.rows) await admin.query(`drop database if exists "${row.datname}" with (force)`);
  await admin.end();
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    await stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
}
