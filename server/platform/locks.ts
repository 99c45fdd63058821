// Serialising checks that a unique index cannot express. A duplicate check ("is there already a
// company with this INN?") followed by an insert races: twenty parallel creates all see no
// duplicate and all insert. `?force=true` allows deliberate duplicates, so the database cannot
// refuse them with a unique index; instead the check takes a transaction-scoped advisory lock per
// normalised value before it looks, so concurrent writers of the same value queue behind each other
// and the second one sees the first one's committed row.
import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * Takes `pg_advisory_xact_lock` on every `(workspace, kind, value)` in a stable order (so two
 * writers locking overlapping sets cannot deadlock); held until the caller's transaction ends.
 * Must run inside a transaction, before the check it protects.
 */
export async function lockValues(trx: Db, workspaceId: string, kind: string, values: readonly string[]): Promise<void> {
  if (!trx.isTransaction) throw new Error('lockValues needs a transaction: the lock would be released at once');
  const keys = [...new Set(values.filter(Boolean).map((v) => `${workspaceId}|${kind}|${v}`))].sort();
  if (!keys.length) return;
  // One statement for the whole set (an import batch locks thousands), taken in the sorted order.
  await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${keys}::text[]) as t(k)`.execute(trx);
}
