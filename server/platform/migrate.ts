import { Migrator, type Kysely } from 'kysely';
import { migrations } from '../migrations/index.js';

/**
 * Migrations are numbered per branch of work, and branches land in any order: a database that
 * already has 0019 still takes a 0015 that landed after it (each migration stands on its own; the
 * checksums test keeps shipped ones frozen). A fresh database applies them all in number order.
 */
export const migratorOptions = { allowUnorderedMigrations: true, provider: { getMigrations: async () => migrations } };

/** Applies pending migrations in order; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, ...migratorOptions });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String((error as Error).message ?? error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
