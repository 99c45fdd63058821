// The tickets report (feedback into sales and marketing): tickets created in a period, by product,
// category or client segment, with how many are open and overdue, how long resolving took and how
// satisfied the clients were. Only the tickets the viewer may see are counted.
import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import { addDays, dayStartUtc, ymdOf } from '../../../contracts/time.js';
import type { TicketReport, ticketReportQuery } from '../../../contracts/tickets.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { namesAmong } from '../../platform/registry.js';
import { safeTimeZone } from '../../platform/time.js';
import { TicketFieldCodes } from './tickets.errors.js';
import { ticketVisible } from './tickets.record.js';
import { overdueSql } from './tickets.repository.js';

type Row = {
  key: string | null;
  count: number;
  open: number;
  overdue: number;
  resolved: number;
  mean_resolution_hours: string | null;
  rated: number;
  mean_satisfaction: string | null;
};

const KEYS: Record<'product' | 'category' | 'segment', RawBuilder<string | null>> = {
  // A ticket about two products counts for each; one without products under no product.
  product: sql`unnest(case when cardinality(t.product_ids) = 0 then array[null::uuid] else t.product_ids end)::text`,
  category: sql`t.category`,
  segment: sql`nullif(t.segment, 'none')`,
};

async function groups(db: Db, user: AuthUser, key: RawBuilder<string | null>, start: Date, end: Date, now: Date): Promise<Row[]> {
  const r = await sql<Row>`select x.key,
      count(*)::int as count,
      count(*) filter (where x.status not in ('resolved', 'closed'))::int as open,
      count(*) filter (where x.late)::int as overdue,
      count(x.resolved_at)::int as resolved,
      round(avg(extract(epoch from (x.resolved_at - x.created_at)) / 3600)::numeric, 1)::text as mean_resolution_hours,
      count(x.satisfaction_score)::int as rated,
      round(avg(x.satisfaction_score)::numeric, 2)::text as mean_satisfaction
    from (select ${key} as key, t.status, t.created_at, t.resolved_at, t.satisfaction_score,
        (${overdueSql('t', now)} or t.resolved_at > t.due_at) as late
      from tickets t
      where t.workspace_id = ${user.workspaceId} and t.created_at >= ${start} and t.created_at < ${end} and ${ticketVisible(user, 't')}) x
    group by x.key
    order by count(*) desc, x.key nulls last`.execute(db);
  return r.rows;
}

const num = (v: string | null) => (v === null ? null : Number(v));

/** The report over the viewer's days `from`..`to` (default the last 30), grouped as asked. */
export async function ticketsReport(db: Db, user: AuthUser, q: z.infer<typeof ticketReportQuery>, now = new Date()): Promise<TicketReport> {
  const tz = safeTimeZone(user.timeZone);
  const to = q.to ?? ymdOf(now, tz);
  const from = q.from ?? addDays(to, -29);
  if (to < from) throw PlatformErrors.VALIDATION({ fields: [{ path: 'to', code: TicketFieldCodes.periodInvalid }] });
  if (addDays(from, 366) < to) throw PlatformErrors.VALIDATION({ fields: [{ path: 'from', code: TicketFieldCodes.periodTooLong }] });
  const start = dayStartUtc(from, tz);
  const end = dayStartUtc(addDays(to, 1), tz);
  const [rows, [total]] = await Promise.all([
    groups(db, user, KEYS[q.groupBy], start, end, now),
    groups(db, user, sql`null::text`, start, end, now),
  ]);
  const names =
    q.groupBy === 'product'
      ? await namesAmong(
          db,
          user,
          'product',
          rows.flatMap((r) => (r.key ? [r.key] : [])),
        )
      : new Map<string, string>();
  const counts = (r: Row | undefined) => ({
    count: r?.count ?? 0,
    open: r?.open ?? 0,
    overdue: r?.overdue ?? 0,
    resolved: r?.resolved ?? 0,
    meanResolutionHours: num(r?.mean_resolution_hours ?? null),
    rated: r?.rated ?? 0,
    meanSatisfaction: num(r?.mean_satisfaction ?? null),
  });
  return {
    from,
    to,
    groupBy: q.groupBy,
    rows: rows.map((r) => ({ key: r.key, name: r.key && q.groupBy === 'product' ? (names.get(r.key) ?? null) : null, ...counts(r) })),
    total: counts(total),
  };
}
