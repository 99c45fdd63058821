import { sql, type RawBuilder } from 'kysely';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';

// Reports read the deals table of the deals module directly: they are single aggregate queries over
// its covering indexes, which no per-record API could serve at 300,000 deals.

export type ForecastRow = {
  key: string | null; currency: string; open_amount: string; weighted_amount: string; won_amount: string;
  open_count: number; won_count: number;
};

export type ForecastFilter = { from: string; to: string; groupBy: 'month' | 'owner' | 'pipeline'; currency?: string; pipelineId?: string; ownerId?: string };

/**
 * The forecast in one statement: open deals by expected signing date and won deals by the date
 * they were won, each arm an index-only scan of its own partial covering index, then grouped.
 * Weighted = sum(amount x probability) / 100, rounded once, half-up, in exact numeric.
 */
export async function forecastRows(db: Db, user: AuthUser, f: ForecastFilter): Promise<ForecastRow[]> {
  const extra: RawBuilder<unknown>[] = [];
  if (f.currency) extra.push(sql`and d.currency = ${f.currency}`);
  if (f.pipelineId) extra.push(sql`and d.pipeline_id = ${f.pipelineId}`);
  if (f.ownerId) extra.push(sql`and d.owner_id = ${f.ownerId}`);
  const filters = sql.join(extra, sql` `);
  const visible = visibleTo(user, 'deal', 'd');
  const key = f.groupBy === 'month' ? sql`to_char(x.day, 'YYYY-MM')` : f.groupBy === 'owner' ? sql`x.owner_id::text` : sql`x.pipeline_id::text`;
  const r = await sql<ForecastRow>`
    select ${key} as key, x.currency,
      coalesce(sum(x.amount) filter (where x.open), 0)::text as open_amount,
      round(coalesce(sum(x.amount * x.probability) filter (where x.open), 0) / 100, 2)::text as weighted_amount,
      coalesce(sum(x.amount) filter (where not x.open), 0)::text as won_amount,
      (count(*) filter (where x.open))::int as open_count,
      (count(*) filter (where not x.open))::int as won_count
    from (
      select true as open, d.expected_close_date as day, d.owner_id, d.pipeline_id, d.currency, d.amount, d.probability
      from deals d
      where d.workspace_id = ${user.workspaceId} and d.status = 'open' and d.deleted_at is null
        and d.expected_close_date between ${f.from}::date and ${f.to}::date ${filters} and ${visible}
      union all
      select false, d.won_date, d.owner_id, d.pipeline_id, d.currency, d.won_amount, 100
      from deals d
      where d.workspace_id = ${user.workspaceId} and d.status = 'won' and d.deleted_at is null
        and d.won_date between ${f.from}::date and ${f.to}::date ${filters} and ${visible}
    ) x
    group by 1, 2
    order by 1, 2`.execute(db);
  return r.rows;
}

export type LostRow = { reason_id: string | null; owner_id: string | null; currency: string; n: number; amount: string };

/** Lost deals of the period (by closing time in the caller's time zone), per reason, owner and currency. */
export async function lostRows(db: Db, user: AuthUser, f: { from: string; to: string; ownerId?: string; pipelineId?: string }): Promise<LostRow[]> {
  const tz = user.timeZone || 'UTC';
  const r = await sql<LostRow>`
    select d.lost_reason_id as reason_id, d.owner_id, d.currency, count(*)::int as n, sum(d.amount)::text as amount
    from deals d
    where d.workspace_id = ${user.workspaceId} and d.status = 'lost' and d.deleted_at is null
      and d.closed_at >= (${f.from}::date)::timestamp at time zone ${tz}
      and d.closed_at < (${f.to}::date + 1)::timestamp at time zone ${tz}
      ${f.ownerId ? sql`and d.owner_id = ${f.ownerId}` : sql``}
      ${f.pipelineId ? sql`and d.pipeline_id = ${f.pipelineId}` : sql``}
      and ${visibleTo(user, 'deal', 'd')}
    group by 1, 2, 3`.execute(db);
  return r.rows;
}

export async function userNames(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
