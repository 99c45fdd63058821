import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createDb, startEmbeddedPostgres, type Db, type RunningDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import { migrateJobs } from './jobs.js';

/** Starts (or connects to) PostgreSQL and brings the schema up to date. Shared by main, demo and bench. */
export async function openDatabase(config: Config, log: Logger, poolSize = 20): Promise<{ db: Db; server: RunningDatabase }> {
  const server: RunningDatabase = config.databaseUrl
    ? { url: config.databaseUrl, stop: async () => {}, embedded: false }
    : await startEmbeddedPostgres(config.dataDir, log);
  const db = createDb(server.url, poolSize);
  const applied = await migrateToLatest(db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  await migrateJobs(server.url, log);
  return { db, server };
}
