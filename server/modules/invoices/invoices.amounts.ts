import { sql, type Selectable } from 'kysely';
import type { Invoice } from '../../../contracts/invoices.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { recordAudit, type AuditAction } from '../../platform/audit.js';
import { publishInvoiceEvent } from './invoices.events.js';
import { D, money, statusOf, type Dec } from './invoices.money.js';
import { auditSnapshot, readInvoice } from './invoices.read.js';
import * as repo from './invoices.repository.js';
import type { InvoicesTable } from './invoices.table.js';
import * as payments from './payments.repository.js';

// What an issued invoice owes after money moved (a payment, a reversal, an advance applied, a
// credit note, a cancel): paid and credited totals recounted from their rows, the status they
// give, and the audit entry and `invoice.paid` event of the change. Callers hold the invoice's row
// lock, so the recount sees every allocation that will ever be made against this state.

export type Locked = Selectable<InvoicesTable>;

/** Sum of the issued credit notes that correct the invoice. */
async function creditedOn(db: Db, invoiceId: string): Promise<string> {
  const r = await sql<{ credited: string }>`select coalesce(sum(total), 0)::text as credited from invoices
    where corrects_invoice_id = ${invoiceId} and kind = 'credit_note' and status <> 'draft' and deleted_at is null`.execute(db);
  return r.rows[0].credited;
}

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
  const settledNow = status === 'paid' || status === 'cancelled';
  const settledBefore = locked.status === 'paid' || locked.status === 'cancelled';
  await repo.setInvoice(trx, user.workspaceId, locked.id, {
    ...opts.extra,
    paid_total: money(paid),
    credited_total: money(credited),
    status,
    settled_at: settledNow ? (settledBefore ? locked.settled_at : new Date()) : null,
  });
  const after = await readInvoice(trx, user, locked.id, false);
  await recordAudit(trx, user, {
    entity: 'invoice',
    entityId: locked.id,
    action: opts.action ?? 'update',
    before: auditSnapshot(before),
    after: auditSnapshot(after),
  });
  if (status === 'paid' && locked.status !== 'paid') {
    await publishInvoiceEvent(trx, user, 'invoice.paid', {
      id: after.id,
      number: after.number,
      companyId: after.companyId,
      dealId: after.dealId,
      currency: after.currency,
      total: after.total,
      paidTotal: after.paidTotal,
      paymentId: opts.paymentId ?? null,
    });
  }
  return after;
}

/** The balance of a locked row as a decimal. */
export const balanceOf = (r: Locked) => new D(r.total).minus(r.credited_total).minus(r.paid_total);
