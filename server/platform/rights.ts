// Rights over records that are not "may I see it" (that is visibleTo) but "may I decide who owns
// it": one rule for every owned kind (contacts, companies, deals, activities), on create and on
// update, so no module grows its own variant. A share lets a colleague see and edit a record, never
// take it; a manager cannot hand records to their head, another team or the admin.
import { sql } from 'kysely';
import type { RuleCode } from '../../contracts/i18n/index.js';
import { teamUserIds, type AuthUser } from './auth.js';
import type { Db } from './database.js';
import type { FieldIssue } from './errors.js';

/** Roles that may reassign records (a head of sales within their teams). */
const REASSIGNERS: AuthUser['role'][] = ['admin', 'director', 'head_of_sales'];

/** Whether the caller may move records to and from other users at all. */
export function mayReassign(user: AuthUser): boolean {
  return REASSIGNERS.includes(user.role);
}

/**
 * Which of `userIds` the caller controls as owners: themselves always; a director or admin every
 * user of the workspace; a head of sales the users of the teams they lead or belong to. One query.
 */
export async function controlledOwners(db: Db, user: AuthUser, userIds: readonly (string | null)[]): Promise<Set<string>> {
  const out = new Set<string>();
  const others = [...new Set(userIds.filter((id): id is string => !!id && id !== user.id))];
  if (userIds.includes(user.id)) out.add(user.id);
  if (!others.length || !mayReassign(user)) return out;
  const scope = user.role === 'head_of_sales' ? sql`and u.id in ${teamUserIds(user)}` : sql``;
  const r = await sql<{ id: string }>`select u.id from users u
    where u.workspace_id = ${user.workspaceId} and u.id = any(${others}::uuid[]) ${scope}`.execute(db);
  for (const row of r.rows) out.add(row.id);
  return out;
}

/**
 * The problem with setting a record's owner to `to` (from `from` on an update, null on a create),
 * or null when the caller may: the new owner must be an active user of the workspace
 * (`invalidCode`), and unless it is the caller themselves, the caller must control both the new
 * owner and the current one (`OWNER_NOT_ALLOWED`). A record without an owner may be claimed by
 * whoever may edit it.
 */
export async function ownerChangeIssue(
  db: Db,
  user: AuthUser,
  change: { from: string | null | undefined; to: string },
  opts: { path?: string; invalidCode?: RuleCode } = {},
): Promise<FieldIssue | null> {
  const path = opts.path ?? 'ownerId';
  const active = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', change.to)
    .where('workspace_id', '=', user.workspaceId)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .executeTakeFirst();
  if (!active) return { path, code: opts.invalidCode ?? 'OWNER_INVALID' };
  const involved = [change.to, ...(change.from ? [change.from] : [])];
  const controlled = await controlledOwners(db, user, involved);
  if (involved.every((id) => controlled.has(id))) return null;
  return { path, code: 'OWNER_NOT_ALLOWED' };
}

/** ownerChangeIssue, collected into `issues` (forms report every field at once). */
export async function checkOwnerChange(
  db: Db,
  user: AuthUser,
  change: { from: string | null | undefined; to: string },
  issues: FieldIssue[],
  opts: { path?: string; invalidCode?: RuleCode } = {},
): Promise<void> {
  const issue = await ownerChangeIssue(db, user, change, opts);
  if (issue) issues.push(issue);
}

/**
 * ownerChangeIssue on a create, for many owners at once (an import batch): the problem with each
 * of `ownerIds` as the owner of a new record (`OWNER_INVALID`, `OWNER_NOT_ALLOWED`), null when the
 * caller may give it to them. Two queries however many.
 */
export async function ownerIssuesAmong(
  db: Db,
  user: AuthUser,
  ownerIds: readonly (string | null | undefined)[],
): Promise<Map<string, RuleCode | null>> {
  const ids = [...new Set(ownerIds.filter((id): id is string => !!id))];
  const out = new Map<string, RuleCode | null>();
  if (!ids.length) return out;
  const active = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', user.workspaceId)
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .execute();
  const live = new Set(active.map((r) => r.id));
  const controlled = await controlledOwners(db, user, ids);
  for (const id of ids) out.set(id, !live.has(id) ? 'OWNER_INVALID' : controlled.has(id) ? null : 'OWNER_NOT_ALLOWED');
  return out;
}
