// The writes every versioned record shares (contacts, companies, products, pipelines, deals,
// invoices, …): an optimistic update at the version the caller read, a change of a row already
// read and locked, and the move to the bin. Each bumps `version` and `updated_at`, which is what
// makes the optimistic check and the web's "changed elsewhere" notice work, so it is written once.
import { sql, type Kysely, type Updateable } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './db-types.js';

/** Tables of records with the versioned, soft-deleted shape. */
export type VersionedTable = {
  [K in keyof Database]: Database[K] extends {
    id: unknown;
    workspace_id: unknown;
    version: unknown;
    updated_at: unknown;
    deleted_at: unknown;
  }
    ? K
    : never;
}[keyof Database];

/** What a write may set on a versioned row: never its identity, version or timestamps. */
export type RowChanges<T extends VersionedTable> = Omit<
  Updateable<Database[T]>,
  'id' | 'workspace_id' | 'version' | 'updated_at' | 'created_at' | 'created_by'
>;

// Kysely cannot check `where('id', …)` on a table name that is a type parameter; the signatures
// above carry the types, the body goes through the untyped handle.
const untyped = (db: Db) => db as unknown as Kysely<Record<string, Record<string, unknown>>>;
const bump = () => ({ version: sql`version + 1`, updated_at: new Date() });

/** Applies changes to a live row at the version the caller read; undefined when it moved on (or is gone). */
export async function updateAtVersion<T extends VersionedTable>(
  db: Db,
  table: T,
  key: { workspaceId: string; id: string; version: number },
  changes: RowChanges<T>,
): Promise<{ id: string } | undefined> {
  return (await untyped(db)
    .updateTable(table as string)
    .set({ ...changes, ...bump() })
    .where('id', '=', key.id)
    .where('workspace_id', '=', key.workspaceId)
    .where('version', '=', key.version)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst()) as { id: string } | undefined;
}

/** Applies changes to a row the caller has already read (and locked) in its workspace, bumping its version. */
export async function updateLockedRow<T extends VersionedTable>(db: Db, table: T, id: string, changes: RowChanges<T>): Promise<void> {
  await untyped(db)
    .updateTable(table as string)
    .set({ ...changes, ...bump() })
    .where('id', '=', id)
    .execute();
}

/** Moves a live row the caller has read to the bin; undefined when it was already there. */
export async function softDeleteLive(db: Db, table: VersionedTable, id: string): Promise<{ id: string } | undefined> {
  return (await untyped(db)
    .updateTable(table as string)
    .set({ deleted_at: new Date(), ...bump() })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst()) as { id: string } | undefined;
}
