import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import { teamUserIds, visibleTo } from '../../platform/auth.js';
import type { Database } from '../../platform/db-types.js';
import type { ActivitiesTable, ActivityType } from './activities.table.js';

type Db = Kysely<Database>;
export type ActivityRow = Selectable<ActivitiesTable>;
export type ActivityRowWithAccess = ActivityRow & { shared: boolean };

const TOUCH_TYPES: ActivityType[] = ['call', 'meeting', 'visit', 'exhibition', 'email', 'letter'];

/** One activity the caller can see (deleted ones too when asked), with whether it is shared with them. */
export async function findActivity(db: Db, user: AuthUser, id: string, opts: { includeDeleted?: boolean; forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('activities as a')
    .selectAll('a')
    .select(
      sql<boolean>`exists (select 1 from record_shares rs where rs.entity = 'activity' and rs.entity_id = a.id and rs.user_id = ${user.id})`.as(
        'shared',
      ),
    )
    .where('a.workspace_id', '=', user.workspaceId)
    .where('a.id', '=', id)
    .where(visibleTo(user, 'activity', 'a'));
  if (!opts.includeDeleted) q = q.where('a.deleted_at', 'is', null);
  if (opts.forUpdate) q = q.forUpdate('a');
  return q.executeTakeFirst() as Promise<ActivityRowWithAccess | undefined>;
}

/** Whether the caller can see the activity (for the audit endpoint). */
export async function isActivityVisible(db: Db, user: AuthUser, id: string): Promise<boolean> {
  const r = await db
    .selectFrom('activities as a')
    .select('a.id')
    .where('a.workspace_id', '=', user.workspaceId)
    .where('a.id', '=', id)
    .where(visibleTo(user, 'activity', 'a'))
    .executeTakeFirst();
  return !!r;
}

export type ListFilter = {
  ownerId?: string;
  contactId?: string;
  companyId?: string;
  dealId?: string;
  types?: ActivityType[];
  done?: boolean;
  overdue?: boolean;
  from?: Date;
  to?: Date;
  order: 'asc' | 'desc';
  deleted: boolean;
  after?: { dueAt: string; id: string };
  limit: number;
};

/** The list's filters and access, without the keyset: shared by the page and the count. */
function filteredActivities(db: Db, user: AuthUser, f: Omit<ListFilter, 'order' | 'after' | 'limit'>, now: Date) {
  let q = db
    .selectFrom('activities as a')
    .selectAll('a')
    .where('a.workspace_id', '=', user.workspaceId)
    .where(visibleTo(user, 'activity', 'a'));
  q = f.deleted ? q.where('a.deleted_at', 'is not', null) : q.where('a.deleted_at', 'is', null);
  if (f.ownerId) q = q.where('a.owner_id', '=', f.ownerId);
  if (f.contactId) {
    const c = f.contactId;
    q = q.where((eb) => eb.or([eb('a.contact_id', '=', c), eb(sql`a.participant_contact_ids`, '@>', sql`array[${c}]::uuid[]`)]));
  }
  if (f.companyId) q = q.where('a.company_id', '=', f.companyId);
  if (f.dealId) q = q.where('a.deal_id', '=', f.dealId);
  if (f.types?.length) q = q.where('a.type', 'in', f.types);
  if (f.done !== undefined) q = q.where('a.done', '=', f.done);
  if (f.overdue === true) q = q.where('a.done', '=', false).where('a.due_at', '<', now);
  if (f.overdue === false) q = q.where((eb) => eb.or([eb('a.done', '=', true), eb('a.due_at', '>=', now)]));
  if (f.from) q = q.where('a.due_at', '>=', f.from);
  if (f.to) q = q.where('a.due_at', '<', f.to);
  return q;
}

/** A page of the caller's visible activities, keyset-ordered by (due_at, id). */
export async function listActivities(db: Db, user: AuthUser, f: ListFilter, now: Date): Promise<ActivityRow[]> {
  let q = filteredActivities(db, user, f, now);
  if (f.after) {
    const { dueAt, id } = f.after;
    q =
      f.order === 'asc'
        ? q.where(sql<boolean>`(a.due_at, a.id) > (${dueAt}::timestamptz, ${id}::uuid)`)
        : q.where(sql<boolean>`(a.due_at, a.id) < (${dueAt}::timestamptz, ${id}::uuid)`);
  }
  return q.orderBy('a.due_at', f.order).orderBy('a.id', f.order).limit(f.limit).execute();
}

/** How many activities the list would show for these filters, counting at most `cap`. */
export async function countActivities(db: Db, user: AuthUser, f: Omit<ListFilter, 'order' | 'after' | 'limit'>, now: Date, cap: number) {
  const r = await db
    .selectFrom(filteredActivities(db, user, f, now).clearSelect().select('a.id').limit(cap).as('x'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** How many undone activities of one owner were due before an instant (the full overdue count). */
export async function countOpenDueBefore(db: Db, workspaceId: string, ownerId: string, before: Date): Promise<number> {
  const r = await db
    .selectFrom('activities as a')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.workspace_id', '=', workspaceId)
    .where('a.owner_id', '=', ownerId)
    .where('a.done', '=', false)
    .where('a.deleted_at', 'is', null)
    .where('a.due_at', '<', before)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every activity (done or planned) of one owner due in [from, to). */
export async function activitiesInRange(db: Db, workspaceId: string, ownerId: string, from: Date, to: Date, limit: number) {
  return db
    .selectFrom('activities as a')
    .selectAll('a')
    .where('a.workspace_id', '=', workspaceId)
    .where('a.owner_id', '=', ownerId)
    .where('a.deleted_at', 'is', null)
    .where('a.due_at', '>=', from)
    .where('a.due_at', '<', to)
    .orderBy('a.due_at')
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/**
 * The company of each record among `ids` not in the trash (a company's own id for companies).
 * Reads the linked modules' tables: activities sit above them and only check that links exist.
 */
export async function liveCompanyOf(
  db: Db,
  workspaceId: string,
  table: 'contacts' | 'companies' | 'deals',
  ids: string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom(table)
    .select(table === 'companies' ? ['id', 'id as company_id'] : ['id', 'company_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.company_id as string | null]));
}

/** Inserts one activity row and returns it. */
export async function insertActivity(db: Db, values: Insertable<ActivitiesTable>): Promise<ActivityRow> {
  return db.insertInto('activities').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Fields of an activity a change may set; the update bumps `version`/`updated_at` itself. */
export type ActivityChanges = Omit<
  Updateable<ActivitiesTable>,
  'id' | 'workspace_id' | 'version' | 'updated_at' | 'created_at' | 'created_by'
>;

/** Optimistic update: changes the row only at the expected version; undefined means it moved on. */
export async function updateActivityRow(db: Db, workspaceId: string, id: string, version: number | null, changes: ActivityChanges) {
  let q = db
    .updateTable('activities')
    .set({ ...changes, version: sql`version + 1`, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id);
  if (version !== null) q = q.where('version', '=', version);
  return q.returningAll().executeTakeFirst();
}

/**
 * Recomputes the last real contact of the given contacts from their done activities (as the
 * linked contact or a participant); runs in the caller's transaction with every change.
 */
export async function refreshContactStats(db: Db, workspaceId: string, contactIds: string[]): Promise<void> {
  const ids = [...new Set(contactIds)];
  if (!ids.length) return;
  await sql`
    insert into contact_activity_stats (contact_id, workspace_id, last_done_at)
    select c.id, ${workspaceId}::uuid,
      greatest(
        (select max(a.done_at) from activities a where a.contact_id = c.id and a.done and a.deleted_at is null
           and a.type in (${sql.join(TOUCH_TYPES)})),
        (select max(a.done_at) from activities a where a.participant_contact_ids @> array[c.id] and a.participant_contact_ids <> '{}'
           and a.done and a.deleted_at is null and a.type in (${sql.join(TOUCH_TYPES)})))
    from unnest(${ids}::uuid[]) as c(id)
    on conflict (contact_id) do update set last_done_at = excluded.last_done_at
  `.execute(db);
}

/**
 * Claims due, undone, unclaimed activities of the given owners (due within the last day: older
 * ones are plain overdue, not news). The UPDATE is the claim: concurrent instances skip locked
 * rows, so each reminder fires once.
 */
export async function claimDueReminders(db: Db, ownerIds: string[], now: Date, limit = 500): Promise<number> {
  if (!ownerIds.length) return 0;
  const res = await sql`
    update activities set reminded_at = ${now}
    where id in (
      select id from activities
      where not done and deleted_at is null and reminded_at is null
        and due_at <= ${now} and due_at > ${now}::timestamptz - interval '1 day'
        and owner_id = any(${ownerIds}::uuid[])
      order by due_at
      limit ${limit}
      for update skip locked)
  `.execute(db);
  return Number(res.numAffectedRows ?? 0);
}

/** Reminders fired (by any instance) since an instant, for the given owners, still undone. */
export async function recentReminders(db: Db, ownerIds: string[], since: Date) {
  if (!ownerIds.length) return [];
  return db
    .selectFrom('activities as a')
    .select(['a.id', 'a.owner_id', 'a.subject', 'a.due_at', 'a.type', 'a.contact_id', 'a.deal_id', 'a.company_id', 'a.reminded_at'])
    .where('a.owner_id', 'in', ownerIds)
    .where('a.done', '=', false)
    .where('a.deleted_at', 'is', null)
    .where('a.reminded_at', 'is not', null)
    .where('a.reminded_at', '>', since)
    .orderBy('a.reminded_at')
    .orderBy('a.id')
    .limit(1000)
    .execute();
}

/** Those of the ids that belong to active users of the workspace. */
export async function activeUserIds(db: Db, workspaceId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Whether the caller may look at another user's agenda and calendar or plan for them: themselves;
 * a head of sales their team; a director or admin anyone in the workspace.
 */
export async function controlsUser(db: Db, user: AuthUser, userId: string): Promise<boolean> {
  if (userId === user.id) return true;
  if (user.role !== 'admin' && user.role !== 'director' && user.role !== 'head_of_sales') return false;
  let q = db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.workspace_id', '=', user.workspaceId)
    .where('u.id', '=', userId)
    .where('u.deleted_at', 'is', null);
  if (user.role === 'head_of_sales') q = q.where(sql<boolean>`u.id in ${teamUserIds(user)}`);
  return !!(await q.executeTakeFirst());
}

/** Time zone of a user of the workspace (agenda days are that user's local days). */
export async function userTimeZone(db: Db, workspaceId: string, userId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('users')
    .select('time_zone')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .executeTakeFirst();
  return r?.time_zone;
}

/** An agenda row with its keyset sort value (due_at as PostgreSQL prints it, microseconds kept). */
export type AgendaRow = ActivityRow & { sort_key: string };

/**
 * The three agenda buckets of one owner in one statement (each branch a range over a partial
 * index on (owner_id, due_at)), plus the full overdue count. Overdue comes most recent first:
 * with a capped list, yesterday's missed call matters more than a forgotten one from spring.
 */
export async function agendaRows(
  db: Db,
  workspaceId: string,
  ownerId: string,
  b: { now: Date; todayStart: Date; todayEnd: Date; upcomingEnd: Date; limit: number; overdueLimit: number; upcomingLimit?: number },
) {
  const [rows, overdueTotal] = await Promise.all([
    sql<AgendaRow & { bucket: 'overdue' | 'today' | 'upcoming' }>`
      (select 'overdue' as bucket, a.*, a.due_at::text as sort_key from activities a
        where a.owner_id = ${ownerId} and a.workspace_id = ${workspaceId} and not a.done and a.deleted_at is null
          and a.due_at < ${b.now}
        order by a.due_at desc, a.id desc limit ${b.overdueLimit})
      union all
      (select 'today' as bucket, a.*, a.due_at::text as sort_key from activities a
        where a.owner_id = ${ownerId} and a.workspace_id = ${workspaceId} and a.deleted_at is null
          and a.due_at >= ${b.todayStart} and a.due_at < ${b.todayEnd} and (a.done or a.due_at >= ${b.now})
        order by a.due_at, a.id limit ${b.limit})
      union all
      (select 'upcoming' as bucket, a.*, a.due_at::text as sort_key from activities a
        where a.owner_id = ${ownerId} and a.workspace_id = ${workspaceId} and not a.done and a.deleted_at is null
          and a.due_at >= ${b.todayEnd} and a.due_at < ${b.upcomingEnd}
        order by a.due_at, a.id limit ${b.upcomingLimit ?? b.limit})`.execute(db),
    countOpenDueBefore(db, workspaceId, ownerId, b.now),
  ]);
  const pick = (bucket: string) => rows.rows.filter((r) => r.bucket === bucket);
  return { overdue: pick('overdue'), today: pick('today'), upcoming: pick('upcoming'), overdueTotal };
}

/**
 * One page of an agenda section after a keyset cursor (`[due_at, id]`): overdue = undone and due
 * before `now`, most recent first; upcoming = undone from `from` to `to`, in time order.
 */
export async function agendaSectionRows(
  db: Db,
  workspaceId: string,
  ownerId: string,
  section: 'overdue' | 'upcoming',
  b: { now: Date; from: Date; to: Date; after?: [string, string]; limit: number },
): Promise<AgendaRow[]> {
  const window = section === 'overdue' ? sql`a.due_at < ${b.now}` : sql`a.due_at >= ${b.from} and a.due_at < ${b.to}`;
  const after = !b.after
    ? sql`true`
    : section === 'overdue'
      ? sql`(a.due_at, a.id) < (${b.after[0]}::timestamptz, ${b.after[1]}::uuid)`
      : sql`(a.due_at, a.id) > (${b.after[0]}::timestamptz, ${b.after[1]}::uuid)`;
  const order = section === 'overdue' ? sql`a.due_at desc, a.id desc` : sql`a.due_at, a.id`;
  const r = await sql<AgendaRow>`select a.*, a.due_at::text as sort_key from activities a
    where a.owner_id = ${ownerId} and a.workspace_id = ${workspaceId} and not a.done and a.deleted_at is null
      and ${window} and ${after}
    order by ${order} limit ${b.limit}`.execute(db);
  return r.rows;
}

/** Re-points activities from one contact or company to another (merges), in the caller's transaction. */
export async function relinkActivityRows(
  db: Db,
  workspaceId: string,
  entity: 'contact' | 'company',
  fromId: string,
  toId: string,
): Promise<number> {
  if (entity === 'company') {
    const r = await db
      .updateTable('activities')
      .set({ company_id: toId })
      .where('workspace_id', '=', workspaceId)
      .where('company_id', '=', fromId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
  const a = await db
    .updateTable('activities')
    .set({ contact_id: toId })
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', fromId)
    .executeTakeFirst();
  const b = await sql`
    update activities set participant_contact_ids = array(select distinct unnest(array_replace(participant_contact_ids, ${fromId}::uuid, ${toId}::uuid)))
    where workspace_id = ${workspaceId} and participant_contact_ids @> array[${fromId}::uuid] and participant_contact_ids <> '{}'`.execute(
    db,
  );
  return Number(a.numUpdatedRows) + Number(b.numAffectedRows ?? 0);
}

/** What an import compares its rows with. */
export type ActivityKeyRow = Pick<
  Selectable<ActivitiesTable>,
  'id' | 'type' | 'subject' | 'due_at' | 'contact_id' | 'company_id' | 'deal_id' | 'version'
>;

/**
 * Live activities the caller may see of these types and subjects at these times: an import's
 * duplicates (the same type, subject and planned time with the same links is the same activity).
 */
export async function visibleActivitiesLike(
  db: Kysely<Database>,
  user: AuthUser,
  keys: { type: string; subject: string; dueAt: Date }[],
): Promise<ActivityKeyRow[]> {
  if (!keys.length) return [];
  const r = await sql<ActivityKeyRow>`
    select a.id, a.type, a.subject, a.due_at, a.contact_id, a.company_id, a.deal_id, a.version
    from unnest(${keys.map((k) => k.type)}::text[], ${keys.map((k) => k.subject)}::text[], ${keys.map((k) => k.dueAt.toISOString())}::timestamptz[]) as k(type, subject, due_at)
    join activities a on a.workspace_id = ${user.workspaceId} and a.due_at = k.due_at and a.type = k.type and a.subject = k.subject
    where a.deleted_at is null and ${visibleTo(user, 'activity', 'a')}
    order by a.created_at, a.id`.execute(db);
  return r.rows;
}
