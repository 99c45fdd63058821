import { sql, type Insertable, type Updateable } from 'kysely';
import type { Lang } from '../../../contracts/i18n/index.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import type { Role } from '../../platform/platform.table.js';
import type { ExportsTable } from './exports.table.js';

/** Names of the workspace's users among `ids` (owners are named to every member, as in the lists). */
export async function userNames(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The user a job runs an export for, as the request would see them; undefined once they may no longer sign in. */
export async function activeAuthUser(db: Db, workspaceId: string, id: string): Promise<AuthUser | undefined> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'workspace_id', 'role', 'team_id', 'name', 'email', 'language', 'time_zone'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('is_active', '=', true)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!u) return undefined;
  return {
    id: u.id,
    workspaceId: u.workspace_id,
    role: u.role as Role,
    teamId: u.team_id,
    name: u.name,
    email: u.email,
    language: u.language as Lang,
    timeZone: u.time_zone,
  };
}

export type ExportRow = Awaited<ReturnType<typeof findExport>> & object;

export async function insertExport(db: Db, values: Insertable<ExportsTable>): Promise<{ id: string }> {
  return db.insertInto('exports').values(values).returning('id').executeTakeFirstOrThrow();
}

/** One export of the caller's own (nobody else's, an admin's neither: it holds what its maker may see). */
export async function findExport(db: Db, user: Pick<AuthUser, 'id' | 'workspaceId'>, id: string) {
  return db
    .selectFrom('exports')
    .selectAll()
    .where('workspace_id', '=', user.workspaceId)
    .where('user_id', '=', user.id)
    .where('id', '=', id)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
}

export async function findExportForJob(db: Db, workspaceId: string, id: string) {
  return db.selectFrom('exports').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function setExportState(
  db: Db,
  id: string,
  changes: Pick<Updateable<ExportsTable>, 'status' | 'error' | 'finished_at' | 'processed' | 'total' | 'size'>,
): Promise<void> {
  await db.updateTable('exports').set(changes).where('id', '=', id).execute();
}

/** Drops what an earlier attempt of the job wrote, so a retry starts the file anew. */
export async function clearChunks(db: Db, exportId: string): Promise<void> {
  await db.deleteFrom('export_chunks').where('export_id', '=', exportId).execute();
}

export async function insertChunk(db: Db, exportId: string, seq: number, bytes: Buffer): Promise<void> {
  await db.insertInto('export_chunks').values({ export_id: exportId, seq, bytes }).execute();
}

/** The chunks from `seq` on, a few at a time (the download streams them in order). */
export async function chunksFrom(db: Db, exportId: string, seq: number, count: number) {
  return db
    .selectFrom('export_chunks')
    .select(['seq', 'bytes'])
    .where('export_id', '=', exportId)
    .where('seq', '>=', seq)
    .orderBy('seq')
    .limit(count)
    .execute();
}

/** Deletes exports past their time, with their files. */
export async function deleteExpiredExports(db: Db, now: Date): Promise<number> {
  const r = await sql`delete from exports where expires_at <= ${now}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
