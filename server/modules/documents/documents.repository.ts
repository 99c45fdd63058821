import { sql } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { documentVisible } from './documents.record.js';

export type DocumentRow = {
  id: string;
  workspace_id: string;
  current_version: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  created_key: string;
};

export type VersionRow = {
  document_id: string;
  version: number;
  name: string;
  mime_type: string;
  size: string | number;
  sha256: string;
  storage: 'database' | 'filesystem';
  created_by: string | null;
  created_at: Date;
};

export type LinkRow = { document_id: string; entity: string; entity_id: string };

const columns = sql`d.id, d.workspace_id, d.current_version, d.created_by, d.created_at, d.updated_at, d.deleted_at, d.created_at::text as created_key`;

/** One document the caller may see (through a linked record), deleted ones included. */
export async function findDocument(
  db: Db,
  user: AuthUser,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<DocumentRow | undefined> {
  const r = await sql<DocumentRow>`select ${columns} from documents d
    where d.id = ${id} and d.workspace_id = ${user.workspaceId} and ${documentVisible(user, 'd')}
    ${opts.forUpdate ? sql`for update of d` : sql``}`.execute(db);
  return r.rows[0];
}

/** A page of the documents of one record, newest first, keyset by (created_at, id). */
export async function listForRecord(
  db: Db,
  user: AuthUser,
  q: { entity: string; entityId: string; deleted: boolean; after?: [string, string]; limit: number },
): Promise<DocumentRow[]> {
  const r = await sql<DocumentRow>`select ${columns} from documents d
    join document_links k on k.document_id = d.id and k.workspace_id = ${user.workspaceId} and k.entity = ${q.entity} and k.entity_id = ${q.entityId}
    where d.workspace_id = ${user.workspaceId} and ${q.deleted ? sql`d.deleted_at is not null` : sql`d.deleted_at is null`}
      and ${documentVisible(user, 'd')}
      ${q.after ? sql`and (d.created_at, d.id) < (${q.after[0]}::timestamptz, ${q.after[1]}::uuid)` : sql``}
    order by d.created_at desc, d.id desc
    limit ${q.limit}`.execute(db);
  return r.rows;
}

export async function versionsOf(db: Db, workspaceId: string, ids: string[]): Promise<VersionRow[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('document_versions')
    .select(['document_id', 'version', 'name', 'mime_type', 'size', 'sha256', 'storage', 'created_by', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('document_id', 'in', ids)
    .orderBy('document_id')
    .orderBy('version', 'desc')
    .execute();
}

export async function linksOf(db: Db, workspaceId: string, ids: string[]): Promise<LinkRow[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('document_links')
    .select(['document_id', 'entity', 'entity_id'])
    .where('workspace_id', '=', workspaceId)
    .where('document_id', 'in', ids)
    .orderBy('created_at')
    .orderBy('entity')
    .orderBy('entity_id')
    .execute();
}

export async function insertDocument(db: Db, workspaceId: string, userId: string): Promise<string> {
  const row = await db
    .insertInto('documents')
    .values({ workspace_id: workspaceId, created_by: userId, deleted_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertVersion(db: Db, v: Omit<VersionRow, 'created_at'> & { workspace_id: string }): Promise<void> {
  await db.insertInto('document_versions').values(v).execute();
}

export async function setCurrentVersion(db: Db, id: string, version: number): Promise<void> {
  await db
    .updateTable('documents')
    .set({ current_version: version, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setDeleted(db: Db, id: string, deletedAt: Date | null): Promise<void> {
  await db
    .updateTable('documents')
    .set({ deleted_at: deletedAt, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Adds a link; false when it was there already. */
export async function insertLink(db: Db, l: LinkRow & { workspace_id: string; created_by: string }): Promise<boolean> {
  const r = await db
    .insertInto('document_links')
    .values(l)
    .onConflict((oc) => oc.columns(['document_id', 'entity', 'entity_id']).doNothing())
    .returning('document_id')
    .executeTakeFirst();
  return !!r;
}

export async function deleteLink(db: Db, l: LinkRow): Promise<boolean> {
  const r = await db
    .deleteFrom('document_links')
    .where('document_id', '=', l.document_id)
    .where('entity', '=', l.entity)
    .where('entity_id', '=', l.entity_id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Owner and whether the record is shared with the caller, for an owned kind's edit right. */
export async function ownerAndShare(
  db: Db,
  user: AuthUser,
  table: string,
  kind: string,
  id: string,
): Promise<{ owner_id: string | null; shared: boolean } | undefined> {
  const r = await sql<{ owner_id: string | null; shared: boolean }>`select r.owner_id,
      exists (select 1 from record_shares rs where rs.user_id = ${user.id} and rs.entity = ${kind} and rs.entity_id = r.id) as shared
    from ${sql.table(table)} r where r.id = ${id} and r.workspace_id = ${user.workspaceId}`.execute(db);
  return r.rows[0];
}
