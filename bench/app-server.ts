/**
 * The application under test, in its own process so its memory can be measured alone: the same
 * buildApp, configuration and pool size as `npm start`. The only addition is a query log on the
 * pool's sessions, switched on by the parent around one probe request at a time, so the baseline
 * can replay exactly the SQL that request ran.
 */
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/platform/config.js';
import { createLogger } from '../server/platform/logger.js';
import { startNotifications } from '../server/platform/notify.js';
import type { Db } from '../server/platform/database.js';
import type { Database } from '../server/platform/db-types.js';

/** One statement a request ran, on which of the app's pooled sessions (`conn`), and how long it took. */
export type CapturedQuery = { conn: number; sql: string; parameters: unknown[]; ms: number };
export type ToChild = { type: 'capture'; on: boolean } | { type: 'memory' };
export type FromChild =
  | { type: 'listening'; port: number }
  | { type: 'captured'; queries: CapturedQuery[] }
  | { type: 'failed'; error: string }
  | { type: 'memory'; usage: NodeJS.MemoryUsage };

const send = (m: FromChild) => process.send?.(m);

async function main() {
  // The API is what is measured; whether the web bundle happens to be built must not matter.
  const config = { ...loadConfig(), webDistDir: '/nonexistent' };
  if (!config.databaseUrl) throw new Error('the bench passes DATABASE_URL to the app');
  const logger = createLogger(config.logLevel);
  let capturing = false;
  let captured: CapturedQuery[] = [];
  // Same pool settings as createDb(url, 20), which openDatabase uses for `npm start`.
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 20, idleTimeoutMillis: 30_000 });
  // Each pooled connection gets a number and its queries are logged while capturing: a request
  // that runs work in parallel (a transaction per search provider, the dashboard's aggregates)
  // is then replayed with the same statements on the same number of sessions.
  const numbered = new WeakSet<pg.PoolClient>();
  let nextConn = 1;
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    const client = await connect();
    if (!numbered.has(client)) {
      numbered.add(client);
      const conn = nextConn++;
      const query = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
      (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
        if (!capturing || typeof args[0] !== 'string') return query(...args);
        const started = performance.now();
        const entry: CapturedQuery = { conn, sql: args[0], parameters: Array.isArray(args[1]) ? [...args[1]] : [], ms: 0 };
        captured.push(entry);
        const result = query(...args);
        if (result instanceof Promise)
          return result.finally(() => {
            entry.ms = performance.now() - started;
          });
        return result;
      };
    }
    return client;
  };
  const db: Db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const app = await buildApp({ config, db, logger });
  // As main.ts: the caches that change notices keep current are on.
  await startNotifications(config.databaseUrl, logger);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr !== 'object') throw new Error('no address');

  process.on('message', (m: ToChild) => {
    if (m.type === 'memory') {
      send({ type: 'memory', usage: process.memoryUsage() });
      return;
    }
    if (m.on) {
      captured = [];
      capturing = true;
    } else {
      capturing = false;
      send({ type: 'captured', queries: captured });
      captured = [];
    }
  });
  const stop = async () => {
    await app.close().catch(() => {});
    await db.destroy().catch(() => {});
    process.exit(0);
  };
  // The bench stops the app with SIGTERM; if the bench itself dies, the IPC channel closes.
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => {});
  process.on('disconnect', () => void stop());
  send({ type: 'listening', port: addr.port });
}

main().catch((e) => {
  send({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
});
