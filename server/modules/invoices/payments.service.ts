import type { CreatePayment, Invoice, ListPaymentsQuery, Payment } from '../../../contracts/invoices.js';
import type { Currency } from '../../../contracts/products.js';
import { linkedRecord } from '../../../contracts/records.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { inTransaction } from '../../platform/records.js';
import { namesAmong } from '../../platform/registry.js';
import { CompanyErrors, findVisibleCompany } from '../companies/index.js';
import { refreshInvoice, type Locked } from './invoices.amounts.js';
import { InvoiceErrors, InvoiceRules } from './invoices.errors.js';
import { publishInvoiceEvent } from './invoices.events.js';
import { D, money } from './invoices.money.js';
import { loadRow, readInvoice, todayOf } from './invoices.read.js';
import * as invoices from './invoices.repository.js';
import { canManagePayments } from './invoices.rights.js';
import { addEvents, invoiceTargets } from './invoices.timeline.js';
import * as repo from './payments.repository.js';

// Payments: money from a client, allocated to its issued invoices; what is not allocated stays
// with the client as an advance for the next invoice. Every change runs in one transaction with
// the rows it depends on locked: payments before invoices, each set in id order (so no two writers
// wait on each other in a circle), and the recount of each invoice under its lock.

export function assertManager(user: AuthUser) {
  if (!canManagePayments(user)) throw PlatformErrors.FORBIDDEN();
}

export const payable = (r: Locked) => r.kind === 'invoice' && (r.status === 'issued' || r.status === 'partially_paid');

export async function toPayments(db: Db, user: AuthUser, rows: repo.PaymentRow[]): Promise<Payment[]> {
  const allocations = await repo.allocationsOf(
    db,
    user.workspaceId,
    rows.map((r) => r.id),
  );
  const numbers = await namesAmong(
    db,
    user,
    'invoice',
    allocations.map((a) => a.invoice_id),
  );
  const byPayment = new Map<string, repo.AllocationView[]>();
  for (const a of allocations) byPayment.set(a.payment_id, [...(byPayment.get(a.payment_id) ?? []), a]);
  return rows.map((r) => {
    const mine = byPayment.get(r.id) ?? [];
    const allocated = mine.reduce((acc, a) => acc.plus(a.amount), new D(0));
    return {
      id: r.id,
      companyId: r.company_id,
      companyName: r.company_name,
      company: linkedRecord(r.company_id, r.company_name),
      amount: r.amount,
      currency: r.currency as Currency,
      date: r.date,
      method: r.method,
      reference: r.reference,
      notes: r.notes,
      allocations: mine.map((a) => {
        const number = numbers.get(a.invoice_id);
        return { invoiceId: a.invoice_id, number: number ?? null, hidden: number === undefined, amount: money(a.amount) };
      }),
      allocatedTotal: money(allocated),
      unallocated: r.reversed_at ? '0.00' : money(new D(r.amount).minus(allocated)),
      reversedAt: r.reversed_at?.toISOString() ?? null,
      reverseReason: r.reverse_reason,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
    };
  });
}

async function readPayment(db: Db, user: AuthUser, id: string): Promise<Payment> {
  const row = await repo.findPaymentRow(db, user, id);
  if (!row) throw InvoiceErrors.PAYMENT_NOT_FOUND();
  return (await toPayments(db, user, [row]))[0];
}

/** One payment the caller may see (they may see the client that paid). */
export const getPayment = readPayment;

export async function listPayments(db: Db, user: AuthUser, q: ListPaymentsQuery) {
  const rows = await repo.listPaymentRows(db, user, q, decodeCursor(q.cursor, 'date'), q.limit);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await toPayments(db, user, page),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}

/** The money movements of one transaction on one locked invoice: record it, tell its timelines. */
async function afterMoney(
  trx: Db,
  user: AuthUser,
  locked: Locked,
  before: Invoice,
  paymentId: string,
  amount: string,
  kind: 'invoice_payment' | 'invoice_payment_reversed',
) {
  const after = await refreshInvoice(trx, user, locked, before, { paymentId });
  const data = { number: locked.number, amount, currency: locked.currency, status: after.status, balance: after.balance };
  const targets = invoiceTargets(locked).filter((t) => t.entity !== 'company');
  await addEvents(trx, user, targets, { entity: 'invoice', id: locked.id }, kind, locked.number, data);
  return after;
}

/** What is wrong with a payment before any invoice is looked at. */
export function inputIssues(input: CreatePayment, companyVisible: boolean, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!companyVisible) issues.push({ path: 'companyId', code: InvoiceRules.companyNotFound });
  if (input.date > today) issues.push({ path: 'date', code: InvoiceRules.dateInFuture });
  const seen = new Set<string>();
  input.allocations.forEach((a, i) => {
    if (seen.has(a.invoiceId)) issues.push({ path: `allocations.${i}.invoiceId`, code: InvoiceRules.duplicateInvoice });
    if (new D(a.amount).lte(0)) issues.push({ path: `allocations.${i}.amount`, code: 'too_small_number', params: { minimum: '0.01' } });
    seen.add(a.invoiceId);
  });
  const sum = input.allocations.reduce((acc, a) => acc.plus(a.amount), new D(0));
  if (sum.gt(input.amount)) issues.push({ path: 'allocations', code: InvoiceRules.allocationsExceedPayment });
  if (new D(input.amount).lte(0)) issues.push({ path: 'amount', code: 'too_small_number', params: { minimum: '0.01' } });
  return issues;
}

/** The invoices a payment's allocations may lock: live invoices (credit notes are never paid). */
export const lockableOf = (candidates: (invoices.InvoiceRow | undefined)[]) =>
  candidates.filter((c): c is invoices.InvoiceRow => !!c && !c.deleted_at && c.kind === 'invoice').map((c) => c.id);

/** What is wrong with each allocation of a payment against the locked invoices, `owes` what each still owes. */
export function allocationIssues(
  input: CreatePayment,
  candidates: (invoices.InvoiceRow | undefined)[],
  locked: Map<string, Locked>,
  owes: (inv: Locked) => InstanceType<typeof D>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  input.allocations.forEach((a, i) => {
    const path = `allocations.${i}`;
    const inv = locked.get(a.invoiceId);
    const found = candidates[i];
    if (!found || found.deleted_at) return issues.push({ path: `${path}.invoiceId`, code: InvoiceRules.invoiceNotFound });
    if (!inv || !payable(inv)) {
      return issues.push({ path: `${path}.invoiceId`, code: InvoiceRules.notPayable, params: { status: inv?.status ?? found.kind } });
    }
    if (inv.company_id !== input.companyId) return issues.push({ path: `${path}.invoiceId`, code: InvoiceRules.otherCompany });
    if (inv.currency !== input.currency) {
      return issues.push({ path: `${path}.invoiceId`, code: InvoiceRules.currencyMismatch, params: { currency: inv.currency } });
    }
    if (new D(a.amount).gt(owes(inv))) {
      issues.push({ path: `${path}.amount`, code: InvoiceRules.exceedsBalance, params: { balance: money(owes(inv)) } });
    }
  });
  return issues;
}

/** The row of a new payment. */
export const paymentRow = (user: AuthUser, input: CreatePayment) => ({
  workspace_id: user.workspaceId,
  company_id: input.companyId,
  amount: money(input.amount),
  currency: input.currency,
  date: input.date,
  method: input.method,
  reference: input.reference?.trim() || null,
  notes: input.notes?.trim() || null,
  reversed_at: null,
  reversed_by: null,
  reverse_reason: null,
  created_by: user.id,
});

/** The allocation rows of a new payment. */
export const allocationRows = (user: AuthUser, paymentId: string, input: CreatePayment) =>
  input.allocations.map((a) => ({
    workspace_id: user.workspaceId,
    payment_id: paymentId,
    invoice_id: a.invoiceId,
    amount: money(a.amount),
    allocated_on: input.date,
    source: 'payment' as const,
    created_by: user.id,
  }));

/** What the client's timeline says of a new payment. */
export const paymentEventData = (p: Payment) => ({
  amount: p.amount,
  currency: p.currency,
  date: p.date,
  method: p.method,
  unallocated: p.unallocated,
});

/**
 * Registers a payment and allocates it, all or part, to the client's issued invoices; the rest is
 * the client's advance. Each allocation is refused (422 naming `allocations.<i>.*`) for another
 * client's or currency's invoice, a draft, cancelled or credit note, or more than it still owes.
 */
export async function createPayment(db: Db, user: AuthUser, input: CreatePayment): Promise<Payment> {
  assertManager(user);
  const issues = inputIssues(input, !!(await findVisibleCompany(db, user, input.companyId)), todayOf(user));
  // Credit notes are never paid, so never locked here: issuing one locks the note, then its invoice.
  const candidates = await Promise.all(input.allocations.map((a) => invoices.findInvoiceRow(db, user, a.invoiceId)));
  // Inside a caller's transaction when there is one: a bank statement books its payments with itself.
  return inTransaction(db, async (trx) => {
    const locked = new Map((await invoices.lockInvoices(trx, user.workspaceId, lockableOf(candidates))).map((r) => [r.id, r]));
    issues.push(...allocationIssues(input, candidates, locked, (inv) => new D(inv.balance)));
    if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });

    const befores = new Map<string, Invoice>();
    for (const id of locked.keys()) befores.set(id, await readInvoice(trx, user, id, false));
    const id = await repo.insertPayment(trx, paymentRow(user, input));
    await repo.insertAllocations(trx, allocationRows(user, id, input));
    for (const a of input.allocations) {
      await afterMoney(trx, user, locked.get(a.invoiceId)!, befores.get(a.invoiceId)!, id, money(a.amount), 'invoice_payment');
    }
    const payment = await readPayment(trx, user, id);
    // Audited as a registered kind: the audit writer publishes `payment.created` with it as `after`.
    await recordAudit(trx, user, { entity: 'payment', entityId: id, action: 'create', after: payment });
    await addEvents(
      trx,
      user,
      [{ entity: 'company', id: input.companyId }],
      { entity: 'payment', id },
      'payment',
      `${payment.amount} ${payment.currency}`,
      paymentEventData(payment),
    );
    return payment;
  });
}

/** Reverses a wrong payment: its allocations stop counting and the invoices it paid are owed again. */
export async function reversePayment(db: Db, user: AuthUser, id: string, reason: string): Promise<Payment> {
  assertManager(user);
  const before = await readPayment(db, user, id);
  return db.transaction().execute(async (trx) => {
    const p = await repo.lockPayment(trx, user.workspaceId, id);
    if (!p) throw InvoiceErrors.PAYMENT_NOT_FOUND();
    if (p.reversed_at) throw InvoiceErrors.PAYMENT_ALREADY_REVERSED();
    // Every allocation against these invoices is written under their locks: read the nets after.
    const held = await repo.netByInvoice(trx, id);
    const locked = await invoices.lockInvoices(
      trx,
      user.workspaceId,
      held.map((h) => h.invoice_id),
    );
    const befores = new Map<string, Invoice>();
    for (const inv of locked) befores.set(inv.id, await readInvoice(trx, user, inv.id, false));
    const nets = await repo.netByInvoice(trx, id);
    await trx
      .updateTable('payments')
      .set({ reversed_at: new Date(), reversed_by: user.id, reverse_reason: reason, version: p.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    for (const inv of locked) {
      const net = nets.find((n) => n.invoice_id === inv.id)?.net ?? '0';
      await afterMoney(trx, user, inv, befores.get(inv.id)!, id, money(net), 'invoice_payment_reversed');
    }
    const after = await readPayment(trx, user, id);
    await recordAudit(trx, user, { entity: 'payment', entityId: id, action: 'reverse', before, after });
    const moved = nets.filter((n) => !new D(n.net).isZero()).map((n) => ({ invoiceId: n.invoice_id, amount: money(n.net) }));
    await publishInvoiceEvent(trx, user, 'payment.reversed', {
      id,
      companyId: p.company_id,
      amount: money(p.amount),
      currency: p.currency as Currency,
      reason,
      invoices: moved,
    });
    const data = { amount: after.amount, currency: after.currency, reason, invoices: moved };
    await addEvents(trx, user, [{ entity: 'company', id: p.company_id }], { entity: 'payment', id }, 'payment_reversed', reason, data);
    return after;
  });
}

/** The client's advance per currency (unallocated money of its live payments). */
export async function companyAdvance(db: Db, user: AuthUser, companyId: string) {
  if (!(await findVisibleCompany(db, user, companyId))) throw CompanyErrors.COMPANY_NOT_FOUND();
  const rows = await repo.advanceOf(db, user.workspaceId, companyId);
  return { companyId, items: rows.map((r) => ({ currency: r.currency as Currency, amount: money(r.amount) })) };
}

/**
 * Pays an invoice from the client's advance in its currency, oldest payments first: as much as
 * the advance and the balance allow, or at most `amount`.
 */
export async function applyAdvance(db: Db, user: AuthUser, invoiceId: string, amount?: string): Promise<Invoice> {
  assertManager(user);
  const row = await loadRow(db, user, invoiceId);
  const sources = await repo.paymentsWithAdvance(db, user.workspaceId, row.company_id, row.currency);
  return db.transaction().execute(async (trx) => {
    const left = await repo.lockPaymentsLeft(trx, user.workspaceId, sources);
    const [locked] = await invoices.lockInvoices(trx, user.workspaceId, [invoiceId]);
    if (!payable(locked)) throw InvoiceErrors.INVOICE_NOT_ISSUED();
    const available = left.reduce((acc, p) => acc.plus(p.left), new D(0));
    if (available.lte(0)) throw PlatformErrors.VALIDATION({ fields: [{ path: 'amount', code: InvoiceRules.noAdvance }] });
    let want = D.min(available, locked.balance, amount ?? locked.balance);
    if (want.lte(0))
      throw PlatformErrors.VALIDATION({ fields: [{ path: 'amount', code: 'too_small_number', params: { minimum: '0.01' } }] });
    const before = await readInvoice(trx, user, invoiceId, false);
    const today = todayOf(user);
    const rows = [];
    const used: string[] = [];
    for (const p of left) {
      if (want.lte(0)) break;
      const take = D.min(want, p.left);
      if (take.lte(0)) continue;
      rows.push({
        workspace_id: user.workspaceId,
        payment_id: p.id,
        invoice_id: invoiceId,
        amount: money(take),
        allocated_on: today,
        source: 'advance' as const,
        created_by: user.id,
      });
      used.push(p.id);
      want = want.minus(take);
    }
    await repo.insertAllocations(trx, rows);
    const total = rows.reduce((acc, r) => acc.plus(r.amount), new D(0));
    return afterMoney(trx, user, locked, before, used[used.length - 1], money(total), 'invoice_payment');
  });
}
