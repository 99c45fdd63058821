import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createDb, startEmbeddedPostgres, type Db, type RunningDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import { migrateJobs } from './jobs.js';
import { embeddedKeyFile, openSecrets, type Secrets } from './secrets.js';

/**
 * Starts (or connects to) PostgreSQL, brings the schema up to date and settles the key that seals
 * secrets at rest (checked against the database). Shared by main, demo and bench.
 */
export async function openDatabase(
  config: Config,
  log: Logger,
  poolSize = 20,
): Promise<{ db: Db; server: RunningDatabase; secrets: Secrets }> {
  const server: RunningDatabase = config.databaseUrl
    ? { url: config.databaseUrl, stop: async () => {}, embedded: false }
    : await startEmbeddedPostgres(config.dataDir, log);
  const db = createDb(server.url, poolSize);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
    await migrateJobs(server.url, log);
    // The embedded setup keeps its own key beside its database password; a shared DATABASE_URL
    // needs the same key on every instance, so it must come from ORBITA_SECRET_KEY.
    const secrets = await openSecrets(db, {
      key: config.secretKey,
      keyFile: server.embedded ? embeddedKeyFile(config.dataDir) : undefined,
      log,
    });
    return { db, server, secrets };
  } catch (e) {
    // A refused start must not leave the embedded server running behind it.
    await db.destroy().catch(() => {});
    await server.stop().catch(() => {});
    throw e;
  }
}
