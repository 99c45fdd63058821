import { sql, type RawBuilder } from 'kysely';
import type { Buckets, ReceivablesQuery } from '../../../contracts/invoices.js';
import type { Currency } from '../../../contracts/products.js';
import { linkedRecord } from '../../../contracts/records.js';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { visibleNameOf } from '../../platform/registry.js';
import { safeTimeZone } from '../../platform/time.js';
import { moneyOf, todayOf } from '../invoices/index.js';

// Receivables, a read model over the invoices tables: what each client owed on a day, aged by
// days past the due date. "Owed on `asOf`" is the total minus credit notes dated up to that day
// and payments allocated up to it (reversed payments never counted), so a report for last month
// reads the same next month. Only invoices still open, or settled after `asOf`, are looked at.

const ROLES: AuthUser['role'][] = ['admin', 'director', 'finance', 'head_of_sales', 'manager'];

/** Finance, the director and admin see every client; a head the team's invoices; a manager their own. */
function assertReader(user: AuthUser) {
  if (!ROLES.includes(user.role)) throw PlatformErrors.FORBIDDEN();
}

type Filter = { asOf: string; currency?: string; ownerId?: string; companyId?: string };

/** Each visible invoice with what it still owed on `asOf`, and how many days past its due date. */
function owedSql(user: AuthUser, f: Filter): RawBuilder<unknown> {
  const tz = safeTimeZone(user.timeZone);
  return sql`
    select i.id, i.company_id, i.currency, i.number, i.issue_date, i.due_date, i.total,
      (i.total
        - coalesce((select sum(n.total) from invoices n where n.corrects_invoice_id = i.id and n.kind = 'credit_note'
            and n.status <> 'draft' and n.deleted_at is null and n.issue_date <= ${f.asOf}::date), 0)
        - coalesce((select sum(a.amount) from payment_allocations a join payments p on p.id = a.payment_id
            where a.invoice_id = i.id and p.reversed_at is null and a.allocated_on <= ${f.asOf}::date), 0)) as owed,
      (${f.asOf}::date - i.due_date) as days
    from invoices i
    where i.workspace_id = ${user.workspaceId} and i.kind = 'invoice' and i.deleted_at is null and i.status <> 'draft'
      and i.issue_date <= ${f.asOf}::date
      and (i.status in ('issued', 'partially_paid') or (i.settled_at at time zone ${tz})::date > ${f.asOf}::date)
      and ${visibleTo(user, 'invoice', 'i')}
      ${f.currency ? sql`and i.currency = ${f.currency}` : sql``}
      ${f.ownerId ? sql`and i.owner_id = ${f.ownerId}` : sql``}
      ${f.companyId ? sql`and i.company_id = ${f.companyId}` : sql``}`;
}

const bucketCols = sql`coalesce(sum(o.owed) filter (where o.days <= 0), 0)::text as current,
  coalesce(sum(o.owed) filter (where o.days between 1 and 30), 0)::text as d1_30,
  coalesce(sum(o.owed) filter (where o.days between 31 and 60), 0)::text as d31_60,
  coalesce(sum(o.owed) filter (where o.days between 61 and 90), 0)::text as d61_90,
  coalesce(sum(o.owed) filter (where o.days > 90), 0)::text as d90plus,
  sum(o.owed)::text as total, coalesce(sum(o.owed) filter (where o.days > 0), 0)::text as overdue`;

type BucketRow = { current: string; d1_30: string; d31_60: string; d61_90: string; d90plus: string; total: string; overdue: string };

const buckets = (r: BucketRow): Buckets => ({
  current: moneyOf(r.current),
  d1_30: moneyOf(r.d1_30),
  d31_60: moneyOf(r.d31_60),
  d61_90: moneyOf(r.d61_90),
  d90plus: moneyOf(r.d90plus),
});

/** Per client and currency: what it owes on `asOf`, how much is overdue, by age; totals per currency. */
export async function receivables(db: Db, user: AuthUser, q: ReceivablesQuery) {
  assertReader(user);
  const asOf = q.asOf ?? todayOf(user);
  const owed = owedSql(user, { asOf, currency: q.currency, ownerId: q.ownerId });
  const [rows, totals] = await Promise.all([
    sql<BucketRow & { company_id: string; currency: string; invoices: number; company_name: string | null; owner_id: string | null }>`
      select x.*, c.owner_id, ${visibleNameOf(user, 'company', 'c')} as company_name
      from (select o.company_id, o.currency, count(*)::int as invoices, ${bucketCols}
        from (${owed}) o where o.owed > 0 group by o.company_id, o.currency) x
      join companies c on c.id = x.company_id and c.workspace_id = ${user.workspaceId}
      order by x.overdue::numeric desc, x.total::numeric desc, x.company_id, x.currency
      limit ${q.limit + 1}`.execute(db),
    sql<BucketRow & { currency: string }>`select o.currency, ${bucketCols} from (${owed}) o where o.owed > 0
      group by o.currency order by o.currency`.execute(db),
  ]);
  return {
    asOf,
    items: rows.rows.slice(0, q.limit).map((r) => ({
      companyId: r.company_id,
      companyName: r.company_name,
      company: linkedRecord(r.company_id, r.company_name),
      ownerId: r.owner_id,
      currency: r.currency as Currency,
      invoices: r.invoices,
      total: moneyOf(r.total),
      overdue: moneyOf(r.overdue),
      buckets: buckets(r),
    })),
    truncated: rows.rows.length > q.limit,
    totals: totals.rows.map((t) => ({
      currency: t.currency as Currency,
      total: moneyOf(t.total),
      overdue: moneyOf(t.overdue),
      buckets: buckets(t),
    })),
  };
}

const bucketOf = (days: number): keyof Buckets =>
  days <= 0 ? 'current' : days <= 30 ? 'd1_30' : days <= 60 ? 'd31_60' : days <= 90 ? 'd61_90' : 'd90plus';

/** The invoices behind one client's row: each with what it owed on `asOf` and its age. */
export async function receivablesOf(db: Db, user: AuthUser, companyId: string, q: { asOf?: string }) {
  assertReader(user);
  const asOf = q.asOf ?? todayOf(user);
  const [rows, name] = await Promise.all([
    sql<{
      id: string;
      number: string | null;
      issue_date: string;
      due_date: string;
      currency: string;
      total: string;
      owed: string;
      days: number;
    }>`
      select o.* from (${owedSql(user, { asOf, companyId })}) o where o.owed > 0 order by o.due_date, o.id`.execute(db),
    sql<{ name: string | null }>`select ${visibleNameOf(user, 'company', 'c')} as name from companies c
      where c.id = ${companyId} and c.workspace_id = ${user.workspaceId}`.execute(db),
  ]);
  return {
    asOf,
    companyId,
    companyName: name.rows[0]?.name ?? null,
    items: rows.rows.map((r) => ({
      invoiceId: r.id,
      number: r.number,
      issueDate: r.issue_date,
      dueDate: r.due_date,
      currency: r.currency as Currency,
      total: r.total,
      balance: moneyOf(r.owed),
      daysOverdue: Math.max(0, Number(r.days)),
      bucket: bucketOf(Number(r.days)),
    })),
  };
}
