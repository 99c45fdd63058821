import { sql, type RawBuilder } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';

export type ViewRow = {
  id: string;
  list: string;
  name: string;
  filters: Record<string, string>;
  sort: string | null;
  columns: string[] | null;
  team_id: string | null;
  owner_id: string;
  owner_name: string;
  created_at: Date;
  updated_at: Date;
};

/** The teams a user's shared views reach: their own and, for a head of sales, the ones they lead. */
function teamsOf(user: AuthUser): RawBuilder<string> {
  return sql<string>`(select t.id from teams t where t.workspace_id = ${user.workspaceId}
    and (t.lead_id = ${user.id} ${user.teamId ? sql`or t.id = ${user.teamId}` : sql``}))`;
}

/** Views the caller sees: their own, and those shared with a team of theirs. */
function visibleView(user: AuthUser): RawBuilder<boolean> {
  return sql<boolean>`(v.owner_id = ${user.id} or (v.team_id is not null and v.team_id in ${teamsOf(user)}))`;
}

function views(db: Db, user: AuthUser) {
  return db
    .selectFrom('list_views as v')
    .innerJoin('users as u', 'u.id', 'v.owner_id')
    .select([
      'v.id',
      'v.list',
      'v.name',
      'v.filters',
      'v.sort',
      'v.columns',
      'v.team_id',
      'v.owner_id',
      'u.name as owner_name',
      'v.created_at',
      'v.updated_at',
    ])
    .where('v.workspace_id', '=', user.workspaceId);
}

/** The caller's views and their team's, of one list or all, own first, then by name. */
export async function listViewRows(db: Db, user: AuthUser, list?: string): Promise<ViewRow[]> {
  let q = views(db, user).where(visibleView(user));
  if (list) q = q.where('v.list', '=', list);
  return q
    .orderBy(sql`v.owner_id = ${user.id}`, 'desc')
    .orderBy('v.name')
    .orderBy('v.id')
    .execute();
}

/** One view the caller sees; `anyInWorkspace` (admins) reaches every view of the workspace. */
export async function findViewRow(db: Db, user: AuthUser, id: string, anyInWorkspace = false): Promise<ViewRow | undefined> {
  let q = views(db, user).where('v.id', '=', id);
  if (!anyInWorkspace) q = q.where(visibleView(user));
  return q.executeTakeFirst();
}

/** The team a view the caller shares goes to: their own, else the first they lead. */
export async function shareTeamOf(db: Db, user: AuthUser): Promise<string | undefined> {
  if (user.teamId) return user.teamId;
  const r = await db
    .selectFrom('teams')
    .select('id')
    .where('workspace_id', '=', user.workspaceId)
    .where('lead_id', '=', user.id)
    .orderBy('name')
    .orderBy('id')
    .executeTakeFirst();
  return r?.id;
}

export async function countOwnViews(db: Db, user: AuthUser, list: string): Promise<number> {
  const r = await db
    .selectFrom('list_views')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', user.workspaceId)
    .where('owner_id', '=', user.id)
    .where('list', '=', list)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

type ViewValues = { name: string; filters: Record<string, string>; sort: string | null; columns: string[]; team_id: string | null };

export async function insertView(db: Db, user: AuthUser, list: string, v: ViewValues): Promise<string> {
  const r = await db
    .insertInto('list_views')
    .values({ workspace_id: user.workspaceId, owner_id: user.id, list, ...v, filters: JSON.stringify(v.filters) as never })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateView(db: Db, user: AuthUser, id: string, v: Partial<ViewValues>): Promise<void> {
  await db
    .updateTable('list_views')
    .set({ ...v, filters: v.filters === undefined ? undefined : (JSON.stringify(v.filters) as never), updated_at: sql`now()` })
    .where('workspace_id', '=', user.workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteView(db: Db, user: AuthUser, id: string): Promise<void> {
  await db.deleteFrom('list_views').where('workspace_id', '=', user.workspaceId).where('id', '=', id).execute();
}

export async function findPreference(db: Db, user: AuthUser, list: string): Promise<string[] | undefined> {
  const r = await db
    .selectFrom('list_preferences')
    .select('columns')
    .where('user_id', '=', user.id)
    .where('list', '=', list)
    .where('workspace_id', '=', user.workspaceId)
    .executeTakeFirst();
  return r?.columns;
}

export async function upsertPreference(db: Db, user: AuthUser, list: string, columns: string[]): Promise<void> {
  await db
    .insertInto('list_preferences')
    .values({ user_id: user.id, list, workspace_id: user.workspaceId, columns })
    .onConflict((oc) => oc.columns(['user_id', 'list']).doUpdateSet({ columns, updated_at: sql`now()` }))
    .execute();
}
