import { sql, type Insertable, type Selectable } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { visibilityOf } from '../../platform/registry.js';
import type { PaymentAllocationsTable, PaymentsTable } from './invoices.table.js';

// SQL of payments and of what they pay. A payment's unallocated money (its amount minus the net of
// its allocations) is the client's advance; nothing stores it twice.

export type PaymentRow = Selectable<PaymentsTable> & { company_name: string | null; allocated: string };

const paymentColumns = (user: AuthUser) => sql`p.*,
  (select case when ${visibilityOf(user, 'company', 'co')} then co.name end from companies co
    where co.id = p.company_id and co.workspace_id = p.workspace_id) as company_name,
  coalesce((select sum(a.amount) from payment_allocations a where a.payment_id = p.id), 0)::text as allocated`;

/** One payment the caller may see (the registry's payment visibility), or undefined. */
export async function findPaymentRow(db: Db, user: AuthUser, id: string): Promise<PaymentRow | undefined> {
  const r = await sql<PaymentRow>`select ${paymentColumns(user)} from payments p
    where p.workspace_id = ${user.workspaceId} and p.id = ${id} and ${visibilityOf(user, 'payment', 'p')}`.execute(db);
  return r.rows[0];
}

/** Payments by id, access unchecked (just written by the caller), in id order. */
export async function findPaymentRows(db: Db, user: AuthUser, ids: readonly string[]): Promise<PaymentRow[]> {
  if (!ids.length) return [];
  const r = await sql<PaymentRow>`select ${paymentColumns(user)} from payments p
    where p.workspace_id = ${user.workspaceId} and p.id = any(${[...ids]}::uuid[]) order by p.id`.execute(db);
  return r.rows;
}

export type PaymentFilter = {
  companyId?: string;
  invoiceId?: string;
  currency?: string;
  from?: string;
  to?: string;
  reversed?: boolean;
};

/** A page of payments, newest first, keyset on (date, id); one extra row tells whether more follow. */
export async function listPaymentRows(db: Db, user: AuthUser, f: PaymentFilter, after: [string, string] | undefined, limit: number) {
  const parts = [sql`p.workspace_id = ${user.workspaceId}`, visibilityOf(user, 'payment', 'p')];
  if (f.companyId) parts.push(sql`p.company_id = ${f.companyId}`);
  if (f.invoiceId)
    parts.push(sql`exists (select 1 from payment_allocations a where a.payment_id = p.id and a.invoice_id = ${f.invoiceId})`);
  if (f.currency) parts.push(sql`p.currency = ${f.currency}`);
  if (f.from) parts.push(sql`p.date >= ${f.from}::date`);
  if (f.to) parts.push(sql`p.date <= ${f.to}::date`);
  if (f.reversed !== undefined) parts.push(f.reversed ? sql`p.reversed_at is not null` : sql`p.reversed_at is null`);
  if (after) parts.push(sql`(p.date, p.id) < (${after[0]}::date, ${after[1]}::uuid)`);
  const r = await sql<PaymentRow & { sort_key: string }>`select ${paymentColumns(user)}, p.date::text as sort_key from payments p
    where ${sql.join(parts, sql` and `)} order by p.date desc, p.id desc limit ${limit + 1}`.execute(db);
  return r.rows;
}

export type AllocationView = { payment_id: string; invoice_id: string; amount: string };

/** Net allocations of payments per invoice (releases netted out), for the payments' answers. */
export async function allocationsOf(db: Db, workspaceId: string, paymentIds: readonly string[]): Promise<AllocationView[]> {
  if (!paymentIds.length) return [];
  const r = await sql<AllocationView>`select a.payment_id, a.invoice_id, sum(a.amount)::text as amount from payment_allocations a
    join invoices i on i.id = a.invoice_id
    where a.workspace_id = ${workspaceId} and a.payment_id = any(${[...paymentIds]}::uuid[])
    group by a.payment_id, a.invoice_id, i.due_date, i.number having sum(a.amount) <> 0
    -- Allocations of one payment share their statement's created_at: the invoices' own order breaks the tie.
    order by a.payment_id, min(a.created_at), i.due_date, i.number, a.invoice_id`.execute(db);
  return r.rows;
}

export async function insertPayment(db: Db, values: Insertable<PaymentsTable>): Promise<string> {
  return (await db.insertInto('payments').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

// Rows per statement in a bulk insert: far below PostgreSQL's 65,535 parameters for either table.
const CHUNK = 2000;

/** Many payments in as few statements as their number allows (ids given by the caller). */
export async function insertPayments(db: Db, rows: (Insertable<PaymentsTable> & { id: string })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('payments')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

export async function insertAllocations(db: Db, rows: Insertable<PaymentAllocationsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('payment_allocations')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

/** paidOn for many invoices: what live payments have paid on each (absent: nothing). */
export async function paidOnMany(db: Db, invoiceIds: readonly string[]): Promise<Map<string, string>> {
  if (!invoiceIds.length) return new Map();
  const r = await sql<{ invoice_id: string; paid: string }>`select a.invoice_id, sum(a.amount)::text as paid
    from payment_allocations a join payments p on p.id = a.payment_id
    where a.invoice_id = any(${[...invoiceIds]}::uuid[]) and p.reversed_at is null
    group by a.invoice_id`.execute(db);
  return new Map(r.rows.map((x) => [x.invoice_id, x.paid]));
}

/** The payment row locked for the rest of the transaction. */
export async function lockPayment(trx: Db, workspaceId: string, id: string): Promise<Selectable<PaymentsTable> | undefined> {
  return trx.selectFrom('payments').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** What live payments have paid on an invoice, net of releases. */
export async function paidOn(db: Db, invoiceId: string): Promise<string> {
  const r = await sql<{ paid: string }>`select coalesce(sum(a.amount), 0)::text as paid
    from payment_allocations a join payments p on p.id = a.payment_id
    where a.invoice_id = ${invoiceId} and p.reversed_at is null`.execute(db);
  return r.rows[0].paid;
}

/** Net amount per live payment on an invoice, latest payment first (what a release gives back first). */
export async function netByPayment(db: Db, invoiceId: string): Promise<{ payment_id: string; net: string }[]> {
  const r = await sql<{ payment_id: string; net: string }>`select a.payment_id, sum(a.amount)::text as net
    from payment_allocations a join payments p on p.id = a.payment_id
    where a.invoice_id = ${invoiceId} and p.reversed_at is null
    group by a.payment_id, p.date having sum(a.amount) > 0
    order by p.date desc, a.payment_id desc`.execute(db);
  return r.rows;
}

/** Net amounts a payment holds on each invoice (what reversing it takes back). */
export async function netByInvoice(db: Db, paymentId: string): Promise<{ invoice_id: string; net: string }[]> {
  const r = await sql<{ invoice_id: string; net: string }>`select a.invoice_id, sum(a.amount)::text as net
    from payment_allocations a where a.payment_id = ${paymentId}
    group by a.invoice_id order by a.invoice_id`.execute(db);
  return r.rows;
}

/** The client's advance per currency: unallocated money of its live payments. */
export async function advanceOf(
  db: Db,
  workspaceId: string,
  companyId: string,
  currency?: string,
): Promise<{ currency: string; amount: string }[]> {
  const r = await sql<{ currency: string; amount: string }>`
    select p.currency, sum(p.amount - coalesce(a.allocated, 0))::text as amount
    from payments p
    left join lateral (select sum(x.amount) as allocated from payment_allocations x where x.payment_id = p.id) a on true
    where p.workspace_id = ${workspaceId} and p.company_id = ${companyId} and p.reversed_at is null
      ${currency ? sql`and p.currency = ${currency}` : sql``}
    group by p.currency having sum(p.amount - coalesce(a.allocated, 0)) > 0
    order by p.currency`.execute(db);
  return r.rows;
}

/** Live payments of the client in a currency with money left, oldest first: where an advance comes from. */
export async function paymentsWithAdvance(db: Db, workspaceId: string, companyId: string, currency: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    select p.id from payments p
    where p.workspace_id = ${workspaceId} and p.company_id = ${companyId} and p.currency = ${currency} and p.reversed_at is null
      and p.amount > coalesce((select sum(x.amount) from payment_allocations x where x.payment_id = p.id), 0)
    order by p.date, p.id`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Locks payments in id order and returns what each has left, in the given (oldest-first) order. */
export async function lockPaymentsLeft(trx: Db, workspaceId: string, ids: string[]): Promise<{ id: string; left: string }[]> {
  if (!ids.length) return [];
  await sql`select id from payments where workspace_id = ${workspaceId} and id = any(${ids}::uuid[]) order by id for update`.execute(trx);
  const r = await sql<{ id: string; left: string }>`
    select p.id, (p.amount - coalesce((select sum(x.amount) from payment_allocations x where x.payment_id = p.id), 0))::text as left
    from payments p where p.id = any(${ids}::uuid[]) and p.reversed_at is null`.execute(trx);
  const byId = new Map(r.rows.map((x) => [x.id, x.left]));
  return ids.filter((id) => byId.has(id)).map((id) => ({ id, left: byId.get(id)! }));
}
