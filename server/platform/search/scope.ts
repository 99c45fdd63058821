import { sql, type RawBuilder } from 'kysely';
import { seesAll, sharedArm, teamUserIds, type AuthUser } from '../auth.js';
import type { Db } from '../database.js';

/**
 * Whose records the caller sees, resolved to owner ids so that lists and searches can walk the
 * `(workspace_id, owner_id, ...)` indexes owner by owner instead of filtering the whole workspace.
 * The same rule as `visibleTo`: everything (director, admin, ...), the team (head of sales), or
 * one's own (manager); records shared with the caller are added by a separate branch.
 */
export type AccessScope = { all: true } | { all: false; ownerIds: string[]; sharedEntities: string[] };

export async function accessScope(db: Db, user: AuthUser): Promise<AccessScope> {
  if (seesAll(user)) return { all: true };
  // Most callers have nothing shared with them: their queries then need no shares branch at all.
  const r = await sql<{ owners: string[]; shared: string[] }>`
    select ${user.role === 'head_of_sales' ? sql`array(select t.id from ${teamUserIds(user)} as t(id))` : sql`array[${user.id}]::uuid[]`} as owners,
      array(select distinct rs.entity from record_shares rs where rs.user_id = ${user.id}) as shared`.execute(db);
  return { all: false, ownerIds: r.rows[0].owners, sharedEntities: r.rows[0].shared };
}

/** `alias.owner_id` is one of the scope's owners (a plain equality for one owner, so plans stay simple). */
export function ownedBy(ownerIds: string[], alias: string): RawBuilder<boolean> {
  const owner = sql.ref(`${alias}.owner_id`);
  if (ownerIds.length === 1) return sql<boolean>`${owner} = ${ownerIds[0]}`;
  return sql<boolean>`${owner} = any(${ownerIds}::uuid[])`;
}

/**
 * The access branches of a scoped query, to be run separately and unioned: each one can use an
 * index of its own (owner index; primary key through record_shares). Callers still AND
 * `visibleTo(...)` into every branch, the one rule all access goes through.
 */
export function scopeBranches(scope: AccessScope, user: AuthUser, entity: string, alias: string): RawBuilder<boolean>[] {
  if (scope.all) return [sql<boolean>`true`];
  const out: RawBuilder<boolean>[] = [];
  if (scope.ownerIds.length) out.push(ownedBy(scope.ownerIds, alias));
  const shared = sharedBranch(scope, user, entity, alias);
  if (shared) out.push(shared);
  return out.length ? out : [sql<boolean>`false`];
}

/** Records shared with the caller and not owned by anyone in scope; null when nothing is shared. */
export function sharedBranch(scope: AccessScope, user: AuthUser, entity: string, alias: string): RawBuilder<boolean> | null {
  if (scope.all || !scope.sharedEntities.includes(entity)) return null;
  const owned = scope.ownerIds.length ? sql<boolean>`and not coalesce(${ownedBy(scope.ownerIds, alias)}, false)` : sql``;
  return sql<boolean>`${sharedArm(user, entity, alias)} ${owned}`;
}

/**
 * Runs read queries with only bitmap scans allowed. Name, email and long phone matches go through
 * GIN indexes, whose row estimates for rare words are poor: with a LIMIT the planner then prefers
 * walking a btree or the table "until 20 rows are found", which for a word that matches nothing
 * reads the whole workspace (seconds at a million contacts). A bitmap scan costs at most the size
 * of the posting lists. Inside an existing transaction the caller's settings are left alone.
 */
export async function withBitmapScans<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(trx);
    return fn(trx);
  });
}
