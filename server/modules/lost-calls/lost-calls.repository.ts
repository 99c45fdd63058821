// The lost-call read model: reads calls and their links (calls module), the audit log, notes on
// timelines, activities and deals, to tell for each incoming call whether it was followed up. It
// writes only its own table (call_back_tasks); activities are made through the activities module.
//
// The plan, per incoming call of the period (calls_user_started for a team, calls_in_started for
// the workspace; a month of a 10-manager team is ~25,000 rows):
// - a missed call: one probe of calls_number_key (index-only: direction and status are included)
//   for a later outgoing, or answered incoming, call to the same number within the window;
// - an answered call: for each client it is linked to (call_links primary key), probes that stop
//   at the first row found: the client's own audit entries (audit_entity), notes on its timeline
//   (timeline_entity, through platform/timeline.ts), and its activities and deals changed since the call began
//   (activities_*_touched, deals_company, deal_contacts_contact), each then checked against its
//   audit entries in the window. Only people's changes count (audit and notes with a user), so the
//   call-back task the system makes is not a follow-up. Audit entries, not updated_at, decide: a
//   later change of the record does not undo a follow-up made in time.
// Both run as EXISTS in the counts and as "the first one" only for the page of listed calls.
// Measured (2026-12-02, shared 2-core machine, other test runs going): a head's month of 58,000
// incoming calls among 400,000 calls, 100,000 contacts, 500,000 activities and 600,000 audit entries,
// nearly all of them lost (every probe runs to the end): 3.5-5.3 s per report, the dashboard's rate
// about the same. Past that scale the next step is a read model keeping each call's first follow-up
// time (kept by the record events), so that any N is a comparison.
import { sql, type RawBuilder } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import { teamUserIds } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { notesWritten } from '../../platform/timeline.js';

export type Window = { from: Date; to: Date; withinMinutes: number; now: Date };
export type Drill = { userId?: string; userIds?: string[]; lines?: (string | null)[]; outcome?: 'lost' | 'done' | 'pending' | 'all' };

/** Whose calls the viewer accounts for: a director or admin everyone's, a head of sales the team's, anyone else their own. */
export function callScope(user: AuthUser, alias: string): RawBuilder<boolean> {
  const owner = sql.ref(`${alias}.user_id`);
  if (user.role === 'director' || user.role === 'admin') return sql<boolean>`true`;
  if (user.role === 'head_of_sales') return sql<boolean>`${owner} in ${teamUserIds(user)}`;
  return sql<boolean>`${owner} = ${user.id}`;
}

// Rows (kind, ref_kind, ref_id, at) of what was done for the caller of call `k` within `w`.
const inWindow = (col: RawBuilder<unknown>) => sql`${col} >= k.started_at and ${col} <= w.window_end`;
const audited = (entity: RawBuilder<unknown>, id: RawBuilder<unknown>) =>
  sql`join audit_log a on a.workspace_id = k.workspace_id and a.entity = ${entity} and a.entity_id = ${id}
    and ${inWindow(sql`a.at`)} and a.user_id is not null`;

const followUps = sql`
  select l.entity as kind, l.entity as ref_kind, l.entity_id as ref_id, a.at from call_links l
    ${audited(sql`l.entity`, sql`l.entity_id`)} where l.call_id = k.id
  union all
  select 'note', l.entity, l.entity_id, n.at from call_links l
    cross join lateral (${notesWritten(sql`l.entity`, sql`l.entity_id`, sql`k.started_at`, sql`w.window_end`)}) n
    where l.call_id = k.id
  union all
  select 'activity', 'activity', x.id, a.at from call_links l
    join activities x on x.contact_id = l.entity_id and x.updated_at >= k.started_at ${audited(sql`'activity'`, sql`x.id`)}
    where l.call_id = k.id and l.entity = 'contact'
  union all
  select 'activity', 'activity', x.id, a.at from call_links l
    join activities x on x.company_id = l.entity_id and x.updated_at >= k.started_at ${audited(sql`'activity'`, sql`x.id`)}
    where l.call_id = k.id and l.entity = 'company'
  union all
  select 'deal', 'deal', d.id, a.at from call_links l
    join deals d on d.company_id = l.entity_id and d.updated_at >= k.started_at ${audited(sql`'deal'`, sql`d.id`)}
    where l.call_id = k.id and l.entity = 'company'
  union all
  select 'deal', 'deal', d.id, a.at from call_links l
    join deal_contacts dc on dc.contact_id = l.entity_id
    join deals d on d.id = dc.deal_id and d.updated_at >= k.started_at ${audited(sql`'deal'`, sql`d.id`)}
    where l.call_id = k.id and l.entity = 'contact'`;

const callBacks = sql`
  select 'callback' as kind, 'call' as ref_kind, b.id as ref_id, b.started_at as at from calls b
  where b.workspace_id = k.workspace_id and b.number_key = k.number_key and ${inWindow(sql`b.started_at`)} and b.id <> k.id
    and (b.direction = 'out' or (b.direction = 'in' and b.status = 'answered'))`;

/** The incoming calls of the period in the viewer's scope, each judged: `done`, `window_end`. */
function judged(user: AuthUser, w: Window, drill: Drill) {
  const where = [
    sql`k.workspace_id = ${user.workspaceId}`,
    sql`k.direction = 'in'`,
    sql`k.ended_at is not null`,
    sql`k.started_at >= ${w.from}`,
    sql`k.started_at < ${w.to}`,
    callScope(user, 'k'),
  ];
  if (drill.userIds) where.push(sql`k.user_id = any(${drill.userIds}::uuid[])`);
  if (drill.userId) where.push(drill.userId === 'none' ? sql`k.user_id is null` : sql`k.user_id = ${drill.userId}`);
  if (drill.lines) {
    const named = drill.lines.filter((l): l is string => l !== null);
    const arms = [
      ...(named.length ? [sql`k.line = any(${named}::text[])`] : []),
      ...(drill.lines.includes(null) ? [sql`k.line is null`] : []),
    ];
    where.push(arms.length ? sql`(${sql.join(arms, sql` or `)})` : sql`false`);
  }
  return sql`
    select k.*, w.window_end,
      case when k.status = 'answered' then exists (${followUps}) else exists (${callBacks}) end as done
    from calls k
    cross join lateral (select k.ended_at + make_interval(mins => ${w.withinMinutes}) as window_end) w
    where ${sql.join(where, sql` and `)}`;
}

export type CountRow = {
  key: string | null;
  incoming: number;
  missed: number;
  missed_done: number;
  missed_pending: number;
  answered: number;
  answered_done: number;
  answered_pending: number;
};

/** Counts per manager (user id) or per line (the line as the PBX spelt it). */
export async function countRows(db: Db, user: AuthUser, w: Window, groupBy: 'manager' | 'line', drill: Drill = {}): Promise<CountRow[]> {
  const key = groupBy === 'manager' ? sql`j.user_id::text` : sql`j.line`;
  const pending = sql`not j.done and j.window_end > ${w.now}`;
  const r = await sql<CountRow>`
    select ${key} as key, count(*)::int as incoming,
      count(*) filter (where j.status <> 'answered')::int as missed,
      count(*) filter (where j.status <> 'answered' and j.done)::int as missed_done,
      count(*) filter (where j.status <> 'answered' and ${pending})::int as missed_pending,
      count(*) filter (where j.status = 'answered')::int as answered,
      count(*) filter (where j.status = 'answered' and j.done)::int as answered_done,
      count(*) filter (where j.status = 'answered' and ${pending})::int as answered_pending
    from (${judged(user, w, drill)}) j
    group by 1`.execute(db);
  return r.rows;
}

export type JudgedRow = {
  id: string;
  done: boolean;
  window_end: Date;
  sort_key: string;
  status: string;
  user_id: string | null;
  user_name: string | null;
  contact_id: string | null;
  company_id: string | null;
  follow_kind: string | null;
  follow_ref_kind: string | null;
  follow_ref_id: string | null;
  follow_at: Date | null;
  task_id: string | null;
  task_done: boolean | null;
};

/**
 * A page of the judged calls, newest first (keyset on start and id), with the first thing done for
 * each (computed for the page only) and its call-back task.
 */
export async function listJudged(
  db: Db,
  user: AuthUser,
  w: Window,
  drill: Drill,
  page: { after?: [string, string]; limit: number },
): Promise<JudgedRow[]> {
  const filter = [sql`true`];
  if (drill.outcome === 'lost') filter.push(sql`not j.done and j.window_end <= ${w.now}`);
  if (drill.outcome === 'done') filter.push(sql`j.done`);
  if (drill.outcome === 'pending') filter.push(sql`not j.done and j.window_end > ${w.now}`);
  if (page.after) filter.push(sql`(j.started_at, j.id) < (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)`);
  const r = await sql<JudgedRow & Record<string, unknown>>`
    select j.*, j.started_at::text as sort_key, u.name as user_name,
      f.kind as follow_kind, f.ref_kind as follow_ref_kind, f.ref_id as follow_ref_id, f.at as follow_at,
      t.activity_id as task_id, ta.done as task_done
    from (
      select j.* from (${judged(user, w, drill)}) j
      where ${sql.join(filter, sql` and `)}
      order by j.started_at desc, j.id desc
      limit ${page.limit}
    ) j
    left join users u on u.id = j.user_id
    left join call_back_tasks t on t.call_id = j.id
    left join activities ta on ta.id = t.activity_id
    left join lateral (
      select x.* from (
        select * from (select k.* from calls k where k.id = j.id) k
        cross join lateral (select j.window_end) w
        cross join lateral (
          select * from (${followUps}) fu where k.status = 'answered'
          union all
          select * from (${callBacks}) cb where k.status <> 'answered'
        ) x
      ) x
      order by x.at
      limit 1
    ) f on j.done
    order by j.started_at desc, j.id desc`.execute(db);
  return r.rows;
}

/** Names of users by id, of the workspace. */
export async function userNames(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The workspace's lines by number key. */
export async function linesByKey(db: Db, workspaceId: string): Promise<Map<string, { id: string; name: string; number: string }>> {
  const rows = await db
    .selectFrom('telephony_lines')
    .select(['id', 'name', 'number', 'number_key'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  return new Map(rows.map((r) => [r.number_key, { id: r.id, name: r.name, number: r.number }]));
}

// ---------------------------------------------------------------- call-back tasks

/** The owner a missed call's call-back goes to: the owner of the client it matched when it came in. */
export async function missedCallClient(db: Db, callId: string) {
  return db
    .selectFrom('calls')
    .select(['id', 'workspace_id', 'client_owner_id', 'contact_id', 'company_id', 'from_number', 'ended_at', 'direction', 'status'])
    .where('id', '=', callId)
    .executeTakeFirst();
}

/** The name of a call's client (its contact, else its company). */
export async function clientName(db: Db, contactId: string | null, companyId: string | null): Promise<string | undefined> {
  if (contactId) {
    const c = await db.selectFrom('contacts').select('full_name').where('id', '=', contactId).executeTakeFirst();
    if (c) return c.full_name;
  }
  if (companyId) return (await db.selectFrom('companies').select('name').where('id', '=', companyId).executeTakeFirst())?.name;
  return undefined;
}

/** An open call-back task of the same client and owner, made for an earlier missed call. */
export async function openCallBackTask(
  db: Db,
  c: { workspaceId: string; ownerId: string; contactId: string | null; companyId: string | null },
): Promise<string | undefined> {
  const r = await sql<{ id: string }>`
    select a.id from call_back_tasks t join activities a on a.id = t.activity_id
    where t.workspace_id = ${c.workspaceId} and a.owner_id = ${c.ownerId} and not a.done and a.deleted_at is null
      and a.contact_id is not distinct from ${c.contactId} and a.company_id is not distinct from ${c.companyId}
    order by a.created_at desc limit 1`.execute(db);
  return r.rows[0]?.id;
}

/** Records the call's call-back task (once per call: the key is the call). */
export async function claimCallBack(db: Db, workspaceId: string, callId: string, activityId: string): Promise<void> {
  await db
    .insertInto('call_back_tasks')
    .values({ call_id: callId, workspace_id: workspaceId, activity_id: activityId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Whether the call has its call-back task already. */
export async function hasCallBack(db: Db, callId: string): Promise<boolean> {
  return !!(await db.selectFrom('call_back_tasks').select('call_id').where('call_id', '=', callId).executeTakeFirst());
}
