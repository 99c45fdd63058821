import { sql, type RawBuilder } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { accessArms } from '../deals/index.js';

// Reports read the deals table of the deals module directly: they are single aggregate queries over
// its covering indexes, which no per-record API could serve at 300,000 deals.

export type ForecastRow = {
  key: string | null; currency: string; open_amount: string; weighted_amount: string; won_amount: string;
  open_count: number; won_count: number;
};

export type ForecastFilter = { from: string; to: string; groupBy: 'month' | 'owner' | 'pipeline'; currency?: string; pipelineId?: string; ownerId?: string };

/**
 * The forecast in one statement. Open deals by expected signing date and won deals by the date they
 * were won, per access arm: each part an index-only scan of a partial covering index, pre-aggregated
 * by day (or owner, or pipeline) and currency; months are formed on those few rows, not per deal.
 * Weighted = sum(amount x probability) / 100, rounded once, half-up, in exact numeric.
 */
export function forecastSql(user: AuthUser, f: ForecastFilter) {
  const extra: RawBuilder<unknown>[] = [];
  if (f.currency) extra.push(sql`and d.currency = ${f.currency}`);
  if (f.pipelineId) extra.push(sql`and d.pipeline_id = ${f.pipelineId}`);
  if (f.ownerId) extra.push(sql`and d.owner_id = ${f.ownerId}`);
  const filters = sql.join(extra, sql` `);
  const keyOf = (dateCol: RawBuilder<unknown>) => (f.groupBy === 'month' ? dateCol : f.groupBy === 'owner' ? sql`d.owner_id` : sql`d.pipeline_id`);
  const parts = accessArms(user).flatMap((visible) => [
    // Grouping by probability too multiplies once per group instead of once per deal.
    sql`select ${keyOf(sql`d.expected_close_date`)} as k, d.currency, d.probability, sum(d.amount) as open_amount,
        count(*) as open_count, 0::numeric as won_amount, 0::bigint as won_count
      from deals d
      where d.workspace_id = ${user.workspaceId} and d.status = 'open' and d.deleted_at is null
        and d.expected_close_date between ${f.from}::date and ${f.to}::date ${filters} and ${visible}
      group by 1, 2, 3`,
    sql`select ${keyOf(sql`d.won_date`)} as k, d.currency, 0::smallint, 0::numeric, 0::bigint, sum(d.won_amount), count(*)
      from deals d
      where d.workspace_id = ${user.workspaceId} and d.status = 'won' and d.deleted_at is null
        and d.won_date between ${f.from}::date and ${f.to}::date ${filters} and ${visible}
      group by 1, 2`,
  ]);
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
    order by 1, 2`;
}

export async function forecastRows(db: Db, user: AuthUser, f: ForecastFilter): Promise<ForecastRow[]> {
  return (await forecastSql(user, f).execute(db)).rows;
}

export type LostRow = { reason_id: string | null; owner_id: string | null; currency: string; n: number; amount: string };

/** Lost deals of the period (by closing time in the caller's time zone), per reason, owner and currency. */
export async function lostRows(db: Db, user: AuthUser, f: { from: string; to: string; ownerId?: string; pipelineId?: string }): Promise<LostRow[]> {
  const tz = user.timeZone || 'UTC';
  const parts = accessArms(user).map((visible) => sql`
    select d.lost_reason_id, d.owner_id, d.currency, count(*) as n, sum(d.amount) as amount
    from deals d
    where d.workspace_id = ${user.workspaceId} and d.status = 'lost' and d.deleted_at is null
      and d.closed_at >= (${f.from}::date)::timestamp at time zone ${tz}
      and d.closed_at < (${f.to}::date + 1)::timestamp at time zone ${tz}
      ${f.ownerId ? sql`and d.owner_id = ${f.ownerId}` : sql``}
      ${f.pipelineId ? sql`and d.pipeline_id = ${f.pipelineId}` : sql``}
      and ${visible}
    group by 1, 2, 3`);
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
