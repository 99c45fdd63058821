import { sql } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { visibilityOf, type RecordKind } from '../../platform/registry.js';

export type RecordRow = { id: string; owner_id: string | null };

/**
 * One record of a registered kind that the caller may open, with its owner; `inBin` also finds a
 * record in the bin. The kind's own access predicate is in the query, as everywhere.
 */
export async function findRecordRow(
  db: Db,
  user: AuthUser,
  def: RecordKind,
  id: string,
  opts: { inBin: boolean },
): Promise<RecordRow | undefined> {
  const r = await sql<RecordRow>`
    select r.id, ${def.owned ? sql`r.owner_id` : sql`null::uuid`} as owner_id from ${sql.table(def.table)} r
    where r.workspace_id = ${user.workspaceId} and r.id = ${id} and ${visibilityOf(user, def.kind, 'r')}
      ${opts.inBin ? sql`` : sql`and r.deleted_at is null`}`.execute(db);
  return r.rows[0];
}
