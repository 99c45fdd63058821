import { sql, type RawBuilder } from 'kysely';
import { seesAll, teamUserIds, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';

/**
 * Whose records the caller sees, resolved to owner ids so that lists and searches can walk the
 * `(workspace_id, owner_id, ...)` indexes owner by owner instead of filtering the whole workspace.
 * The same rule as `visibleTo`: everything (director, admin, ...), the team (head of sales), or
 * one's own (manager); records shared with the caller are added by a separate branch.
 */
export type AccessScope = { all: true } | { all: false; ownerIds: string[] };

export async function accessScope(db: Db, user: AuthUser): Promise<AccessScope> {
  if (seesAll(user)) return { all: true };
  if (user.role !== 'head_of_sales') return { all: false, ownerIds: [user.id] };
  const r = await sql<{ id: string }>`select t.id from ${teamUserIds(user)} as t(id)`.execute(db);
  return { all: false, ownerIds: r.rows.map((x) => x.id) };
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
  const shared = sql<boolean>`${sql.ref(`${alias}.id`)} in (select rs.entity_id from record_shares rs where rs.user_id = ${user.id} and rs.entity = ${entity})
    and not coalesce(${ownedBy(scope.ownerIds, alias)}, false)`;
  if (scope.ownerIds.length === 0) return [shared];
  return [ownedBy(scope.ownerIds, alias), shared];
}
