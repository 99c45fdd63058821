import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import type { ImportIssuesTable, ImportRecordsTable, ImportsTable } from './imports.table.js';

export type ImportRow = Selectable<ImportsTable>;
export type ImportSummaryRow = Omit<ImportRow, 'file'>;

const summary = [
  'id',
  'workspace_id',
  'user_id',
  'entity',
  'preset',
  'file_name',
  'file_sha256',
  'format',
  'encoding',
  'delimiter',
  'sheet',
  'columns',
  'mapping',
  'options',
  'duplicates',
  'dry_run',
  'language',
  'status',
  'cancel_requested',
  'runner',
  'heartbeat_at',
  'total',
  'processed',
  'created',
  'updated',
  'skipped',
  'rejected',
  'warnings',
  'linked_created',
  'failure',
  'undo_status',
  'undo_reverted',
  'undo_kept',
  'created_at',
  'started_at',
  'finished_at',
] as const;

/** An import the caller may see: their own (an admin sees the workspace's). */
export async function findVisibleImport(db: Db, user: AuthUser, id: string): Promise<ImportSummaryRow | undefined> {
  let q = db.selectFrom('imports').select(summary).where('id', '=', id).where('workspace_id', '=', user.workspaceId);
  if (user.role !== 'admin') q = q.where('user_id', '=', user.id);
  return q.executeTakeFirst();
}

export async function listImports(db: Db, user: AuthUser, limit: number): Promise<ImportSummaryRow[]> {
  return db
    .selectFrom('imports')
    .select(summary)
    .where('workspace_id', '=', user.workspaceId)
    .where('user_id', '=', user.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The mappings this user chose lately for an entity, newest first. */
export async function recentMappings(db: Db, user: AuthUser, entity: string) {
  return db
    .selectFrom('imports')
    .select(['columns', 'mapping', 'preset'])
    .where('workspace_id', '=', user.workspaceId)
    .where('user_id', '=', user.id)
    .where('entity', '=', entity as ImportsTable['entity'])
    .orderBy('created_at', 'desc')
    .limit(20)
    .execute();
}

export async function insertImport(db: Db, values: Insertable<ImportsTable>): Promise<ImportSummaryRow> {
  return db.insertInto('imports').values(values).returning(summary).executeTakeFirstOrThrow();
}

export async function updateImport(db: Db, id: string, changes: Updateable<ImportsTable>): Promise<void> {
  await db.updateTable('imports').set(changes).where('id', '=', id).execute();
}

export async function importWithFile(db: Db, id: string): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the import for this job: when nobody holds it, it is this job's already, or its holder
 * stopped showing life (killed with its instance). Returns the row, or undefined.
 */
export async function claimImport(
  db: Db,
  id: string,
  runner: string,
  leaseSeconds: number,
  phase: 'run' | 'undo',
): Promise<ImportRow | undefined> {
  const live = phase === 'run' ? sql`status in ('queued', 'running')` : sql`undo_status in ('queued', 'running')`;
  const set = phase === 'run' ? sql`status = 'running', started_at = coalesce(started_at, now())` : sql`undo_status = 'running'`;
  const r = await sql<ImportRow>`
    update imports set runner = ${runner}, heartbeat_at = now(), ${set}
    where id = ${id} and ${live}
      and (runner is null or runner = ${runner} or heartbeat_at < now() - make_interval(secs => ${leaseSeconds}))
    returning *`.execute(db);
  return r.rows[0];
}

/** Locks the import row in the batch's transaction; the batch commits only if it still holds it there. */
export async function lockImport(trx: Db, id: string) {
  return trx
    .selectFrom('imports')
    .select(['runner', 'processed', 'cancel_requested', 'status', 'undo_status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Imports whose job died (or never ran): queued or running with no life shown for a while. */
export async function staleImports(db: Db, leaseSeconds: number, workspaceId?: string) {
  let q = db
    .selectFrom('imports')
    .select(['id', 'workspace_id', 'status', 'undo_status'])
    .where((eb) => eb.or([eb('status', 'in', ['queued', 'running']), eb('undo_status', 'in', ['queued', 'running'])]))
    .where(sql<boolean>`coalesce(heartbeat_at, created_at) < now() - make_interval(secs => ${leaseSeconds})`);
  if (workspaceId) q = q.where('workspace_id', '=', workspaceId);
  return q.limit(100).execute();
}

export async function insertIssues(db: Db, rows: Insertable<ImportIssuesTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('import_issues')
      .values(rows.slice(i, i + 2000))
      .execute();
}

export async function issuesPage(db: Db, importId: string, level: 'error' | 'warning', limit: number) {
  return db
    .selectFrom('import_issues')
    .select(['row_no', 'column', 'field', 'code', 'params'])
    .where('import_id', '=', importId)
    .where('level', '=', level)
    .orderBy('row_no')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Every rejected row's problems in file order, in pages (the download reads them so). */
export async function* allErrors(db: Db, importId: string) {
  let after: [number, string] = [0, '0'];
  for (;;) {
    const rows = await db
      .selectFrom('import_issues')
      .select(['id', 'row_no', 'column', 'field', 'code', 'params', 'values'])
      .where('import_id', '=', importId)
      .where('level', '=', 'error')
      .where(sql<boolean>`(row_no, id) > (${after[0]}, ${after[1]}::bigint)`)
      .orderBy('row_no')
      .orderBy('id')
      .limit(5000)
      .execute();
    if (!rows.length) return;
    yield rows;
    const last = rows[rows.length - 1];
    after = [last.row_no, String(last.id)];
  }
}

export async function clearIssues(db: Db, importId: string): Promise<void> {
  await db.deleteFrom('import_issues').where('import_id', '=', importId).execute();
}

export async function insertImportRecords(db: Db, rows: Insertable<ImportRecordsTable>[]): Promise<void> {
  // A record the import wrote in an earlier batch keeps what that first write was (undo bins what
  // the import created, even if a later row of the file updated it) and takes the newer version.
  for (let i = 0; i < rows.length; i += 5000)
    await db
      .insertInto('import_records')
      .values(rows.slice(i, i + 5000))
      .onConflict((oc) => oc.columns(['import_id', 'entity', 'entity_id']).doUpdateSet((eb) => ({ version: eb.ref('excluded.version') })))
      .execute();
}

/** The next records to undo: activities before the deals they may be about, deals before their contacts, contacts before their companies. */
export async function nextImportRecords(db: Db, importId: string, limit: number) {
  return db
    .selectFrom('import_records')
    .selectAll()
    .where('import_id', '=', importId)
    .orderBy(sql`case entity when 'activity' then 0 when 'deal' then 1 when 'contact' then 2 else 3 end`)
    .orderBy('row_no', 'desc')
    .limit(limit)
    .execute();
}

export async function deleteImportRecords(db: Db, importId: string, keys: { entity: string; entityId: string }[]): Promise<void> {
  if (!keys.length) return;
  await sql`delete from import_records r using unnest(${keys.map((k) => k.entity)}::text[], ${keys.map((k) => k.entityId)}::uuid[]) as t(entity, entity_id)
    where r.import_id = ${importId} and r.entity = t.entity and r.entity_id = t.entity_id`.execute(db);
}

/** Users of the workspace, for the owner columns (matched by name or e-mail). */
export async function workspaceUsers(db: Db, workspaceId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .execute();
}

/** The importer as they are now (role and team may have changed since they uploaded). */
export async function importer(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'workspace_id', 'role', 'team_id', 'name', 'email', 'language', 'time_zone', 'is_active', 'deleted_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
}
