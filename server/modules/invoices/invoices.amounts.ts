import { sql, type Selectable } from 'kysely';
import type { Invoice } from '../../../contracts/invoices.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { recordAudit, recordAuditMany, type AuditAction } from '../../platform/audit.js';
import { publishInvoiceEvent } from './invoices.events.js';
import { D, money, statusOf, type Dec } from './invoices.money.js';
import { auditSnapshot, invoiceSnapshots, readInvoice } from './invoices.read.js';
import * as repo from './invoices.repository.js';
import type { InvoicesTable } from './invoices.table.js';
import * as payments from './payments.repository.js';

// What an issued invoice owes after money moved (a payment, a reversal, an advance applied, a
// credit note, a cancel): paid and credited totals recounted from their rows, the status they
// give, and the audit entry and `invoice.paid` event of the change. Callers hold the invoice's row
// lock, so the recount sees every allocation that will ever be made against this state.

export type Locked = Selectable<InvoicesTable>;

/** Sum of the issued credit notes that correct each invoice (absent: none). */
async function creditedOnMany(db: Db, invoiceIds: readonly string[]): Promise<Map<string, string>> {
  const r = await sql<{ id: string; credited: string }>`select corrects_invoice_id as id, sum(total)::text as credited from invoices
    where corrects_invoice_id = any(${[...invoiceIds]}::uuid[]) and kind = 'credit_note' and status <> 'draft' and deleted_at is null
    group by corrects_invoice_id`.execute(db);
  return new Map(r.rows.map((x) => [x.id, x.credited]));
}

/** Sum of the issued credit notes that correct the invoice. */
const creditedOn = async (db: Db, invoiceId: string) => (await creditedOnMany(db, [invoiceId])).get(invoiceId) ?? '0';

/** Whether an invoice in this status is no longer owed. */
const settled = (status: string) => status === 'paid' || status === 'cancelled';

/**
 * Gives money paid on an invoice back to the payments it came from (latest payment first), as
 * negative allocations dated `on`: it becomes the client's advance, and the history stays.
 * Returns how much was released.
 */
export async function releasePaid(trx: Db, user: AuthUser, invoiceId: string, amount: Dec, on: string): Promise<Dec> {
  let left = amount;
  const rows = [];
  for (const p of await payments.netByPayment(trx, invoiceId)) {
    if (left.lte(0)) break;
    const take = D.min(left, p.net);
    rows.push({
      workspace_id: user.workspaceId,
      payment_id: p.payment_id,
      invoice_id: invoiceId,
      amount: money(take.neg()),
      allocated_on: on,
      source: 'release' as const,
      created_by: user.id,
    });
    left = left.minus(take);
  }
  await payments.insertAllocations(trx, rows);
  return amount.minus(left);
}

/**
 * Recounts a locked invoice after money moved and records the change: status from the amounts,
 * `settled_at` when it stops (or starts again) being owed, an audit entry, and `invoice.paid`
 * when this change paid it in full. `before` is the invoice as the API showed it before the change.
 */
export async function refreshInvoice(
  trx: Db,
  user: AuthUser,
  locked: Locked,
  before: Invoice,
  opts: { action?: AuditAction; paymentId?: string | null; extra?: Partial<Locked> } = {},
): Promise<Invoice> {
  const [paid, credited] = await Promise.all([payments.paidOn(trx, locked.id), creditedOn(trx, locked.id)]);
  const status = statusOf({
    kind: locked.kind,
    status: opts.extra?.status ?? locked.status,
    total: locked.total,
    creditedTotal: credited,
    paidTotal: paid,
  });
  await repo.setInvoice(trx, user.workspaceId, locked.id, {
    ...opts.extra,
    paid_total: money(paid),
    credited_total: money(credited),
    status,
    settled_at: settled(status) ? (settled(locked.status) ? locked.settled_at : new Date()) : null,
  });
  const after = await readInvoice(trx, user, locked.id, false);
  await recordAudit(trx, user, {
    entity: 'invoice',
    entityId: locked.id,
    action: opts.action ?? 'update',
    before: auditSnapshot(before),
    after: auditSnapshot(after),
  });
  if (status === 'paid' && locked.status !== 'paid') await publishPaid(trx, user, after, opts.paymentId ?? null);
  return after;
}

const publishPaid = (
  trx: Db,
  user: AuthUser,
  after: Pick<Invoice, 'id' | 'number' | 'companyId' | 'dealId' | 'currency' | 'total' | 'paidTotal'>,
  paymentId: string | null,
) =>
  publishInvoiceEvent(trx, user, 'invoice.paid', {
    id: after.id,
    number: after.number,
    companyId: after.companyId,
    dealId: after.dealId,
    currency: after.currency,
    total: after.total,
    paidTotal: after.paidTotal,
    paymentId,
  });

/**
 * refreshInvoice for many locked invoices after one batch of payments (a bank statement): one
 * recount, one update, the audit entries in one statement, and `invoice.paid` for each invoice the
 * batch paid in full, naming `paidBy`'s payment. An invoice several payments of the batch paid gets
 * one audit entry, from before the batch to after it. `befores` are invoiceSnapshots taken before
 * the money moved; returns the snapshots after.
 */
export async function refreshInvoices(
  trx: Db,
  user: AuthUser,
  locked: readonly Locked[],
  befores: Map<string, Record<string, unknown>>,
  paidBy: Map<string, string>,
): Promise<Map<string, Record<string, unknown>>> {
  if (!locked.length) return new Map();
  const ids = locked.map((l) => l.id);
  const [paid, credited] = await Promise.all([payments.paidOnMany(trx, ids), creditedOnMany(trx, ids)]);
  const now = new Date();
  const rows = locked.map((l) => {
    const p = paid.get(l.id) ?? '0';
    const c = credited.get(l.id) ?? '0';
    const status = statusOf({ kind: l.kind, status: l.status, total: l.total, creditedTotal: c, paidTotal: p });
    const settledAt = settled(status) ? (settled(l.status) ? l.settled_at : now) : null;
    return sql`(${l.id}::uuid, ${money(p)}::numeric, ${money(c)}::numeric, ${status}, ${settledAt}::timestamptz)`;
  });
  for (let i = 0; i < rows.length; i += 2000) {
    await sql`update invoices i set paid_total = v.paid, credited_total = v.credited, status = v.status, settled_at = v.settled_at,
        version = i.version + 1, updated_at = ${now}
      from (values ${sql.join(rows.slice(i, i + 2000))}) v(id, paid, credited, status, settled_at)
      where i.workspace_id = ${user.workspaceId} and i.id = v.id`.execute(trx);
  }
  const afters = await invoiceSnapshots(trx, user, ids);
  await recordAuditMany(
    trx,
    user,
    ids.map((id) => ({ entity: 'invoice', entityId: id, action: 'update' as const, before: befores.get(id), after: afters.get(id) })),
  );
  for (const l of locked) {
    const after = afters.get(l.id) as unknown as Invoice;
    if (after.status === 'paid' && l.status !== 'paid') await publishPaid(trx, user, after, paidBy.get(l.id) ?? null);
  }
  return afters;
}

/** The balance of a locked row as a decimal. */
export const balanceOf = (r: Locked) => new D(r.total).minus(r.credited_total).minus(r.paid_total);
