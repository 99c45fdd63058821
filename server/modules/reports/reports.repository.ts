import { sql, type RawBuilder } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { isKnownTimeZone } from '../../../contracts/common.js';
import { accessArms, ownedBy, sharedNotOwned } from '../deals/index.js';

// Reports read the deals table of the deals module directly: they are single aggregate queries over
// its covering indexes, which no per-record API could serve at 300,000 deals.

export type ForecastRow = {
  key: string | null;
  currency: string;
  open_amount: string;
  weighted_amount: string;
  won_amount: string;
  open_count: number;
  won_count: number;
};

export type ForecastFilter = {
  from: string;
  to: string;
  groupBy: 'month' | 'owner' | 'pipeline';
  currency?: string;
  pipelineId?: string;
  ownerId?: string;
};

const DAY = 86_400_000;
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

/**
 * Splits a period into whole months (answered from the deal_forecast_months read model) and the
 * partial months at its edges (answered from the deals themselves).
 */
export function splitPeriod(from: string, to: string): { months: [string, string] | null; edges: [string, string][] } {
  const f = new Date(dayMs(from));
  const firstFull = f.getUTCDate() === 1 ? from : toDay(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1));
  const t = new Date(dayMs(to));
  const lastFull = new Date(dayMs(to) + DAY).getUTCDate() === 1 ? to : toDay(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 0));
  if (firstFull > lastFull) return { months: null, edges: [[from, to]] };
  const edges: [string, string][] = [];
  if (from < firstFull) edges.push([from, toDay(dayMs(firstFull) - DAY)]);
  if (to > lastFull) edges.push([toDay(dayMs(lastFull) + DAY), to]);
  return { months: [firstFull, lastFull], edges };
}

/**
 * The forecast in one statement: whole months from the read model the deals triggers keep (a year
 * of a whole workspace is a few thousand rows), partial edge months and deals shared with the
 * caller from the deals (index-only scans of partial covering indexes), all pre-aggregated per key,
 * currency and probability; months are formed on those few rows. Weighted = sum(amount x
 * probability) / 100 computed once per group, rounded half-up, in exact numeric.
 */
export function forecastSql(user: AuthUser, f: ForecastFilter) {
  const extra: RawBuilder<unknown>[] = [];
  if (f.currency) extra.push(sql`and d.currency = ${f.currency}`);
  if (f.pipelineId) extra.push(sql`and d.pipeline_id = ${f.pipelineId}`);
  if (f.ownerId) extra.push(sql`and d.owner_id = ${f.ownerId}`);
  const filters = sql.join(extra, sql` `);
  const keyOf = (dateCol: RawBuilder<unknown>) =>
    f.groupBy === 'month' ? dateCol : f.groupBy === 'owner' ? sql`d.owner_id` : sql`d.pipeline_id`;
  const raw = (from: string, to: string, visible: RawBuilder<boolean>) => [
    sql`select ${keyOf(sql`d.expected_close_date`)} as k, d.currency, d.probability, sum(d.amount) as open_amount,
        count(*) as open_count, 0::numeric as won_amount, 0::bigint as won_count
      from deals d
      where d.workspace_id = ${user.workspaceId} and d.status = 'open' and d.deleted_at is null
        and d.expected_close_date between ${from}::date and ${to}::date ${filters} and ${visible}
      group by 1, 2, 3`,
    sql`select ${keyOf(sql`d.won_date`)} as k, d.currency, 0::smallint, 0::numeric, 0::bigint, sum(d.won_amount), count(*)
      from deals d
      where d.workspace_id = ${user.workspaceId} and d.status = 'won' and d.deleted_at is null
        and d.won_date between ${from}::date and ${to}::date ${filters} and ${visible}
      group by 1, 2`,
  ];
  const owned = ownedBy(user) ?? sql<boolean>`true`;
  const shared = sharedNotOwned(user);
  const { months, edges } = splitPeriod(f.from, f.to);
  const parts: RawBuilder<unknown>[] = [];
  if (months) {
    parts.push(sql`select ${keyOf(sql`d.month`)} as k, d.currency, d.probability,
        coalesce(sum(d.amount) filter (where d.kind = 'open'), 0) as open_amount,
        coalesce(sum(d.n) filter (where d.kind = 'open'), 0)::bigint as open_count,
        coalesce(sum(d.amount) filter (where d.kind = 'won'), 0) as won_amount,
        coalesce(sum(d.n) filter (where d.kind = 'won'), 0)::bigint as won_count
      from deal_forecast_months d
      where d.workspace_id = ${user.workspaceId} and d.month between ${months[0]}::date and ${months[1]}::date ${filters} and ${owned}
      group by 1, 2, 3`);
  }
  for (const [a, b] of edges) parts.push(...raw(a, b, owned));
  if (shared) parts.push(...raw(f.from, f.to, shared));
  const key = f.groupBy === 'month' ? sql`to_char(x.k, 'YYYY-MM')` : sql`x.k::text`;
  return sql<ForecastRow>`
    select ${key} as key, x.currency,
      sum(x.open_amount)::text as open_amount,
      round(sum(x.open_amount * x.probability) / 100, 2)::text as weighted_amount,
      sum(x.won_amount)::text as won_amount,
      sum(x.open_count)::int as open_count,
      sum(x.won_count)::int as won_count
    from (${sql.join(parts, sql` union all `)}) x
    group by 1, 2
    having sum(x.open_count) > 0 or sum(x.won_count) > 0
    order by 1, 2`;
}

export async function forecastRows(db: Db, user: AuthUser, f: ForecastFilter): Promise<ForecastRow[]> {
  return (await forecastSql(user, f).execute(db)).rows;
}

export type LostRow = { reason_id: string | null; owner_id: string | null; currency: string; n: number; amount: string };

/** Lost deals of the period (by closing time in the caller's time zone), per reason, owner and currency. */
export async function lostRows(
  db: Db,
  user: AuthUser,
  f: { from: string; to: string; ownerId?: string; pipelineId?: string },
): Promise<LostRow[]> {
  // A zone stored before zones were validated must not break the report: the runtime's list decides.
  const tz = isKnownTimeZone(user.timeZone) ? user.timeZone : 'UTC';
  const parts = accessArms(user).map(
    (visible) => sql`
    select d.lost_reason_id, d.owner_id, d.currency, count(*) as n, sum(d.amount) as amount
    from deals d
    where d.workspace_id = ${user.workspaceId} and d.status = 'lost' and d.deleted_at is null
      and d.closed_at >= (${f.from}::date)::timestamp at time zone ${tz}
      and d.closed_at < (${f.to}::date + 1)::timestamp at time zone ${tz}
      ${f.ownerId ? sql`and d.owner_id = ${f.ownerId}` : sql``}
      ${f.pipelineId ? sql`and d.pipeline_id = ${f.pipelineId}` : sql``}
      and ${visible}
    group by 1, 2, 3`,
  );
  const r = await sql<LostRow>`
    select x.lost_reason_id as reason_id, x.owner_id, x.currency, sum(x.n)::int as n, sum(x.amount)::text as amount
    from (${sql.join(parts, sql` union all `)}) x
    group by 1, 2, 3`.execute(db);
  return r.rows;
}

export async function userNames(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
