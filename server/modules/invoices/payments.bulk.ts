import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { CreatePayment } from '../../../contracts/invoices.js';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import { recordAuditMany } from '../../platform/audit.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { inTransaction } from '../../platform/records.js';
import { addTimelineEvents, type NewTimelineEvent } from '../../platform/timeline.js';
import { refreshInvoices, type Locked } from './invoices.amounts.js';
import { D, money, statusOf, type Dec } from './invoices.money.js';
import { invoiceSnapshots, todayOf } from './invoices.read.js';
import * as invoices from './invoices.repository.js';
import { invoiceTargets } from './invoices.timeline.js';
import * as repo from './payments.repository.js';
import {
  allocationIssues,
  allocationRows,
  assertManager,
  inputIssues,
  lockableOf,
  paymentEventData,
  paymentRow,
  toPayments,
} from './payments.service.js';

// Many payments at once (a bank statement's matched documents): the same checks, rows, audit,
// events and timelines as createPayment one by one, in a number of statements that does not grow
// with the payments: the rows in multi-row inserts, one recount of the touched invoices, the audit
// and timeline entries in one statement each. One-by-one booking cost ~30 statements a payment.

/** Ids of the given companies the caller may see (live ones). */
async function visibleCompanies(db: Db, user: AuthUser, ids: readonly string[]): Promise<Set<string>> {
  const r = await sql<{ id: string }>`select c.id from companies c
    where c.workspace_id = ${user.workspaceId} and c.id = any(${[...new Set(ids)]}::uuid[]) and c.deleted_at is null
      and ${visibleTo(user, 'company', 'c')}`.execute(db);
  return new Set(r.rows.map((x) => x.id));
}

/**
 * Registers the payments in the order given, as that many createPayment calls would (an
 * allocation may take only what earlier payments of the batch left on its invoice), inside the
 * caller's transaction when there is one. The first payment with a problem fails the whole batch
 * with createPayment's 422. Returns the new payments' ids, in input order.
 */
export async function createPayments(db: Db, user: AuthUser, inputs: readonly CreatePayment[]): Promise<string[]> {
  assertManager(user);
  if (!inputs.length) return [];
  return inTransaction(db, async (trx) => {
    const today = todayOf(user);
    const visible = await visibleCompanies(
      trx,
      user,
      inputs.map((p) => p.companyId),
    );
    const found = new Map(
      (
        await invoices.findInvoiceRows(
          trx,
          user,
          inputs.flatMap((p) => p.allocations.map((a) => a.invoiceId)),
        )
      ).map((r) => [r.id, r]),
    );
    const candidatesOf = (p: CreatePayment) => p.allocations.map((a) => found.get(a.invoiceId));
    const lockable = [...new Set(inputs.flatMap((p) => lockableOf(candidatesOf(p))))];
    const locked = new Map((await invoices.lockInvoices(trx, user.workspaceId, lockable)).map((r) => [r.id, r]));

    // What each invoice still owes as the batch goes, payment after payment.
    const owed = new Map<string, Dec>();
    const owes = (inv: Locked) => owed.get(inv.id) ?? new D(inv.balance);
    for (const input of inputs) {
      const issues = [
        ...inputIssues(input, visible.has(input.companyId), today),
        ...allocationIssues(input, candidatesOf(input), locked, owes),
      ];
      if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
      for (const a of input.allocations) owed.set(a.invoiceId, owes(locked.get(a.invoiceId)!).minus(a.amount));
    }

    const touched = [...new Set(inputs.flatMap((p) => p.allocations.map((a) => a.invoiceId)))].sort();
    const befores = await invoiceSnapshots(trx, user, touched);
    const ids = inputs.map(() => crypto.randomUUID());
    await repo.insertPayments(
      trx,
      inputs.map((p, i) => ({ id: ids[i], ...paymentRow(user, p) })),
    );
    await repo.insertAllocations(
      trx,
      inputs.flatMap((p, i) => allocationRows(user, ids[i], p)),
    );
    const paidBy = new Map<string, string>();
    inputs.forEach((p, i) => p.allocations.forEach((a) => paidBy.set(a.invoiceId, ids[i])));
    await refreshInvoices(
      trx,
      user,
      touched.map((id) => locked.get(id)!),
      befores,
      paidBy,
    );

    const payments = new Map((await toPayments(trx, user, await repo.findPaymentRows(trx, user, ids))).map((p) => [p.id, p]));
    await recordAuditMany(
      trx,
      user,
      ids.map((id) => ({ entity: 'payment', entityId: id, action: 'create' as const, after: payments.get(id)! })),
    );

    // The timelines as each payment left them: an invoice's status and balance after that payment.
    const paid = new Map<string, Dec>();
    const occurredAt = new Date();
    const events: NewTimelineEvent[] = [];
    const event = (e: Omit<NewTimelineEvent, 'workspaceId' | 'userId' | 'occurredAt'>) =>
      events.push({ ...e, workspaceId: user.workspaceId, userId: user.id, occurredAt });
    inputs.forEach((input, i) => {
      for (const a of input.allocations) {
        const inv = locked.get(a.invoiceId)!;
        const now = (paid.get(inv.id) ?? new D(inv.paid_total)).plus(a.amount);
        paid.set(inv.id, now);
        const status = statusOf({
          kind: inv.kind,
          status: inv.status,
          total: inv.total,
          creditedTotal: inv.credited_total,
          paidTotal: money(now),
        });
        const balance = money(new D(inv.total).minus(inv.credited_total).minus(now));
        const data = { number: inv.number, amount: money(a.amount), currency: inv.currency, status, balance };
        const seen = new Set<string>();
        for (const t of invoiceTargets(inv)) {
          if (t.entity === 'company' || seen.has(`${t.entity}:${t.id}`)) continue;
          seen.add(`${t.entity}:${t.id}`);
          event({ entity: t.entity, entityId: t.id, kind: 'invoice_payment', refEntity: 'invoice', refId: inv.id, body: inv.number, data });
        }
      }
      const p = payments.get(ids[i])!;
      event({
        entity: 'company',
        entityId: input.companyId,
        kind: 'payment',
        refEntity: 'payment',
        refId: p.id,
        body: `${p.amount} ${p.currency}`,
        data: paymentEventData(p),
      });
    });
    for (let i = 0; i < events.length; i += 2000) await addTimelineEvents(trx, events.slice(i, i + 2000));
    return ids;
  });
}
