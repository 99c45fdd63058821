// The reporting read model: the one place that reads other modules' tables (contacts, companies,
// deals, deal_contacts, activities, users) for cross-module aggregates and lookups — the team
// dashboard, staleness, birthdays for the calendar feed, link checks and names. It never writes to
// them: changes go through the owning modules' exported functions.
import { sql, type Kysely } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import { teamUserIds, visibleTo } from '../../platform/auth.js';
import type { Database } from '../../platform/db-types.js';
import { getWorkspaceSettings } from '../../platform/settings.js';

type Db = Kysely<Database>;

/** Sales roles that own contacts and deals, and so appear on the dashboard and take reassignments. */
export const SELLING_ROLES = ['manager', 'head_of_sales'] as const;

export type ScopeUser = { id: string; name: string; role: string; teamId: string | null; capacity: number | null };

/**
 * The users a caller controls on the dashboard: a head of sales their team(s) and themselves, a
 * director or admin everyone; optionally narrowed to one team.
 */
export async function scopeUsers(
  db: Db,
  user: AuthUser,
  opts: { teamId?: string; ids?: string[]; sellingOnly?: boolean; managersOnly?: boolean } = {},
): Promise<ScopeUser[]> {
  let q = db
    .selectFrom('users as u')
    .select(['u.id', 'u.name', 'u.role', 'u.team_id', 'u.capacity'])
    .where('u.workspace_id', '=', user.workspaceId)
    .where('u.deleted_at', 'is', null)
    .where('u.is_active', '=', true);
  if (user.role === 'head_of_sales') q = q.where(sql<boolean>`u.id in ${teamUserIds(user)}`);
  if (opts.teamId) q = q.where('u.team_id', '=', opts.teamId);
  if (opts.ids) q = q.where('u.id', 'in', opts.ids.length ? opts.ids : ['00000000-0000-0000-0000-000000000000']);
  if (opts.sellingOnly) q = q.where('u.role', 'in', [...SELLING_ROLES]);
  if (opts.managersOnly) q = q.where('u.role', '=', 'manager');
  const rows = await q.orderBy('u.name').orderBy('u.id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, teamId: r.team_id, capacity: r.capacity }));
}

/** Whether a team of the workspace exists and (for a head of sales) is one they lead or belong to. */
export async function teamInScope(db: Db, user: AuthUser, teamId: string): Promise<'ok' | 'missing' | 'forbidden'> {
  const t = await db
    .selectFrom('teams')
    .select(['id', 'lead_id'])
    .where('workspace_id', '=', user.workspaceId)
    .where('id', '=', teamId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!t) return 'missing';
  if (user.role === 'head_of_sales' && t.lead_id !== user.id && user.teamId !== teamId) return 'forbidden';
  return 'ok';
}

/** The workspace's home currency (the dashboard's weighted sums are in it). */
export async function workspaceCurrency(db: Db, workspaceId: string): Promise<string> {
  return (await getWorkspaceSettings(db, workspaceId)).defaultCurrency;
}

export type DealAgg = { owner_id: string; currency: string; open_deals: number; weighted: string; without_next_step: number };

/** Open deals per owner and currency: count, weighted amount (amount x probability), no next step. */
export async function openDealsByOwner(db: Db, workspaceId: string, ownerIds: string[]): Promise<DealAgg[]> {
  if (!ownerIds.length) return [];
  const r = await sql<DealAgg>`
    select d.owner_id, d.currency, count(*)::int as open_deals,
      coalesce(sum(d.amount * d.probability / 100), 0)::numeric(20,2)::text as weighted,
      count(*) filter (where d.next_step_due_at is null)::int as without_next_step
    from deals d
    where d.workspace_id = ${workspaceId} and d.status = 'open' and d.deleted_at is null
      and d.owner_id = any(${ownerIds}::uuid[])
    group by d.owner_id, d.currency`.execute(db);
  return r.rows;
}

export type ContactAgg = { owner_id: string; owned: number; untouched: number };

/**
 * Live contacts per owner and those with no real contact (done activity) since `cutoff`; a contact
 * never touched counts from its creation.
 */
export async function contactsByOwner(db: Db, workspaceId: string, ownerIds: string[], cutoff: Date): Promise<ContactAgg[]> {
  if (!ownerIds.length) return [];
  const r = await sql<ContactAgg>`
    select c.owner_id, count(*)::int as owned,
      count(*) filter (where coalesce(s.last_done_at, c.created_at) < ${cutoff})::int as untouched
    from contacts c
    left join contact_activity_stats s on s.contact_id = c.id
    where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.owner_id = any(${ownerIds}::uuid[])
    group by c.owner_id`.execute(db);
  return r.rows;
}

export type ActivityAgg = { owner_id: string; n: number };

// Three grouped counts, each a range over its own partial index on (owner_id, time).
/** Activities due in [from, to) per owner, done or not. */
export async function activitiesPlannedByOwner(db: Db, workspaceId: string, ownerIds: string[], from: Date, to: Date) {
  if (!ownerIds.length) return [];
  return (
    await sql<ActivityAgg>`
    select a.owner_id, count(*)::int as n from activities a
    where a.owner_id = any(${ownerIds}::uuid[]) and a.workspace_id = ${workspaceId} and a.deleted_at is null
      and a.due_at >= ${from} and a.due_at < ${to}
    group by a.owner_id`.execute(db)
  ).rows;
}

/** Activities completed in [from, to) per owner. */
export async function activitiesDoneByOwner(db: Db, workspaceId: string, ownerIds: string[], from: Date, to: Date) {
  if (!ownerIds.length) return [];
  return (
    await sql<ActivityAgg>`
    select a.owner_id, count(*)::int as n from activities a
    where a.owner_id = any(${ownerIds}::uuid[]) and a.workspace_id = ${workspaceId} and a.done and a.deleted_at is null
      and a.done_at >= ${from} and a.done_at < ${to}
    group by a.owner_id`.execute(db)
  ).rows;
}

/** Undone activities due before `now` per owner. */
export async function activitiesOverdueByOwner(db: Db, workspaceId: string, ownerIds: string[], now: Date) {
  if (!ownerIds.length) return [];
  return (
    await sql<ActivityAgg>`
    select a.owner_id, count(*)::int as n from activities a
    where a.owner_id = any(${ownerIds}::uuid[]) and a.workspace_id = ${workspaceId} and not a.done and a.deleted_at is null
      and a.due_at < ${now}
    group by a.owner_id`.execute(db)
  ).rows;
}

export type StaleRow = {
  id: string;
  full_name: string;
  owner_id: string | null;
  segment: string | null;
  last_done_at: Date | null;
  days: number;
  open_deals: number;
  score_text: string;
};

/**
 * Staleness score (documented in contracts/control.ts):
 *   days since the last real contact (or since creation), capped at 3650,
 *   x segment weight (A 1.5, B 1.0, C 0.5, none 1.0),
 *   / (1 + open deals the contact takes part in), rounded to 0.1.
 */
export async function staleContacts(
  db: Db,
  user: AuthUser,
  f: {
    ownerId?: string;
    minScore?: number;
    after?: { score: string; id: string };
    limit: number;
    now: Date;
  },
): Promise<StaleRow[]> {
  const r = await sql<StaleRow>`
    with base as (
      select c.id, c.full_name, c.owner_id, c.segment, s.last_done_at,
        least(floor(extract(epoch from (${f.now}::timestamptz - coalesce(s.last_done_at, c.created_at))) / 86400), 3650)::int as days,
        (select count(*) from deal_contacts dc join deals d on d.id = dc.deal_id
          where dc.contact_id = c.id and d.status = 'open' and d.deleted_at is null)::int as open_deals
      from contacts c
      left join contact_activity_stats s on s.contact_id = c.id
      where c.workspace_id = ${user.workspaceId} and c.deleted_at is null
        and ${visibleTo(user, 'contact', 'c')}
        ${f.ownerId ? sql`and c.owner_id = ${f.ownerId}` : sql``}
    ), scored as (
      select base.*, round(greatest(days, 0) * (case upper(coalesce(segment, ''))
          when 'A' then 1.5 when 'B' then 1.0 when 'C' then 0.5 else 1.0 end) / (1 + open_deals), 1) as score
      from base
    )
    -- The text form is named apart: ORDER BY would otherwise sort the alias as text.
    select id, full_name, owner_id, segment, last_done_at, days, open_deals, score::text as score_text
    from scored
    where true
      ${f.minScore !== undefined ? sql`and score >= ${f.minScore}` : sql``}
      ${f.after ? sql`and (score, id) < (${f.after.score}::numeric, ${f.after.id}::uuid)` : sql``}
    order by score desc, id desc
    limit ${f.limit}`.execute(db);
  return r.rows;
}

/** Contacts the caller can see among `ids`, with their current owner. */
export async function visibleContacts(db: Db, user: AuthUser, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.owner_id', 'c.company_id'])
    .where('c.workspace_id', '=', user.workspaceId)
    .where('c.id', 'in', ids)
    .where('c.deleted_at', 'is', null)
    .where(visibleTo(user, 'contact', 'c'))
    .execute();
}

/** Companies the caller can see among `ids`. */
export async function visibleCompanyIds(db: Db, user: AuthUser, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('companies as c')
    .select('c.id')
    .where('c.workspace_id', '=', user.workspaceId)
    .where('c.id', 'in', ids)
    .where('c.deleted_at', 'is', null)
    .where(visibleTo(user, 'company', 'c'))
    .execute();
  return rows.map((r) => r.id);
}

/** Deals the caller can see among `ids`, with their company. */
export async function visibleDeals(db: Db, user: AuthUser, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('deals as d')
    .select(['d.id', 'd.company_id'])
    .where('d.workspace_id', '=', user.workspaceId)
    .where('d.id', 'in', ids)
    .where('d.deleted_at', 'is', null)
    .where(visibleTo(user, 'deal', 'd'))
    .execute();
}

/** Row locks on users (in id order) while a reassignment counts and fills their capacity; NO KEY, so rows that merely reference the users (audit, new contacts) are not held up. */
export async function lockUsers(db: Db, workspaceId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await sql`select u.id from users u where u.workspace_id = ${workspaceId} and u.id = any(${ids}::uuid[]) order by u.id for no key update`.execute(
    db,
  );
}

/** Live contacts owned by each of the users (for capacity balancing). */
export async function ownedContactCounts(db: Db, workspaceId: string, userIds: string[]): Promise<Map<string, number>> {
  const out = new Map(userIds.map((id) => [id, 0]));
  if (!userIds.length) return out;
  const rows = await db
    .selectFrom('contacts')
    .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('owner_id', 'in', userIds)
    .groupBy('owner_id')
    .execute();
  for (const r of rows) if (r.owner_id) out.set(r.owner_id, Number(r.n));
  return out;
}
