import type { CancelInvoice, CreditNote, Invoice, IssueInvoice } from '../../../contracts/invoices.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { balanceOf, refreshInvoice, releasePaid, type Locked } from './invoices.amounts.js';
import { InvoiceErrors, InvoiceRules } from './invoices.errors.js';
import { publishInvoiceEvent } from './invoices.events.js';
import { D, invoiceTotals, money } from './invoices.money.js';
import { allocateNumber } from './invoices.numbering.js';
import { checkInvoiceRules, lineRows, planLines, storedLinesInput } from './invoices.plan.js';
import { auditSnapshot, loadRow, readInvoice, sellerOf, todayOf } from './invoices.read.js';
import * as repo from './invoices.repository.js';
import { canEditInvoice } from './invoices.rights.js';
import { addEvents, invoiceTargets } from './invoices.timeline.js';

// Issuing freezes an invoice: it gets its number, the seller and buyer as printed, and is never
// changed or deleted again. A Russian invoice is then cancelled; a Bulgarian one is corrected by a
// кредитно известие, an invoice of kind credit_note numbered in the same series.

/**
 * Checks run inside the issuing transaction before a number is taken (the credit hold of
 * contracts registers one from app.ts); a check refuses by throwing an AppError.
 */
export type IssueCheck = (trx: Db, user: AuthUser, invoice: Locked, options: { creditOverrideReason?: string }) => Promise<void>;
const issueChecks = new Map<string, IssueCheck>();

/** Registers a check run before an invoice is issued (at composition; keyed by name). */
export function onInvoiceIssue(name: string, check: IssueCheck): void {
  issueChecks.set(name, check);
}

async function editableRow(db: Db, user: AuthUser, id: string) {
  const row = await loadRow(db, user, id);
  if (!canEditInvoice(user, row.owner_id, row.shared_with_caller)) throw PlatformErrors.RECORD_READ_ONLY();
  return row;
}

/** Assigns the number and freezes the invoice (or credit note), in one transaction. */
export async function issueInvoice(db: Db, user: AuthUser, id: string, body: IssueInvoice = {}): Promise<Invoice> {
  await editableRow(db, user, id);
  return db.transaction().execute(async (trx) => {
    const ws = user.workspaceId;
    const [locked] = await repo.lockInvoices(trx, ws, [id]);
    if (locked.deleted_at) throw InvoiceErrors.INVOICE_NOT_FOUND();
    if (locked.status !== 'draft') throw InvoiceErrors.INVOICE_NOT_DRAFT();
    if (body.version !== undefined && body.version !== locked.version) throw PlatformErrors.VERSION_CONFLICT();
    // The credit note's invoice is locked next (always after the note): a payment never locks notes.
    const original = locked.corrects_invoice_id ? (await repo.lockInvoices(trx, ws, [locked.corrects_invoice_id]))[0] : undefined;
    const before = await readInvoice(trx, user, id, false);
    const entity = await repo.findLegalEntity(trx, ws, locked.legal_entity_id);
    const issues: FieldIssue[] = [];
    if (!entity || entity.deleted)
      throw PlatformErrors.VALIDATION({ fields: [{ path: 'legalEntityId', code: InvoiceRules.legalEntityNotFound }] });
    const issueDate = body.issueDate ?? locked.issue_date;
    // A credit note is not paid: its due date is its date.
    const dueDate = locked.kind === 'credit_note' ? issueDate : locked.due_date;
    const stored = await repo.linesOf(trx, [id]);
    if (!stored.length) issues.push({ path: 'lines', code: InvoiceRules.linesRequired });
    // The entity may have changed since the draft was written (no longer a VAT payer): check again.
    const lines = await planLines(trx, ws, storedLinesInput(stored), entity, locked.prices_include_vat, issues, false);
    checkInvoiceRules(
      {
        legalEntityId: entity.id,
        companyId: locked.company_id,
        currency: locked.currency,
        issueDate,
        dueDate,
        pricesIncludeVat: locked.prices_include_vat,
        vatExemptionReason: locked.vat_exemption_reason,
      },
      entity,
      lines,
      issues,
    );
    if (original) {
      if (original.status === 'draft' || original.status === 'cancelled') throw InvoiceErrors.INVOICE_NOT_ISSUED();
      const available = new D(original.total).minus(original.credited_total);
      if (new D(invoiceTotals(lines).total).gt(available)) {
        issues.push({ path: 'lines', code: InvoiceRules.creditExceedsInvoice, params: { available: money(available) } });
      }
    }
    if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
    for (const check of issueChecks.values()) await check(trx, user, locked, { creditOverrideReason: body.creditOverrideReason });

    const n = await allocateNumber(trx, entity, ws, issueDate);
    const buyer = await repo.companyParty(trx, ws, locked.company_id);
    await repo.setInvoice(trx, ws, id, {
      status: 'issued',
      number: n.number,
      series_year: n.year,
      sequence: n.sequence,
      issue_date: issueDate,
      due_date: dueDate,
      seller: JSON.stringify(sellerOf(entity)),
      buyer: buyer ? JSON.stringify(buyer) : null,
      issued_at: new Date(),
      issued_by: user.id,
    });
    const after = await readInvoice(trx, user, id, false);
    await recordAudit(trx, user, {
      entity: 'invoice',
      entityId: id,
      action: 'issue',
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    const data = { number: n.number, kind: locked.kind, total: after.total, currency: after.currency, dueDate: after.dueDate };
    await addEvents(trx, user, invoiceTargets(locked), { entity: 'invoice', id }, 'invoice_issued', n.number, data);
    await publishInvoiceEvent(trx, user, 'invoice.issued', {
      id,
      kind: locked.kind,
      number: n.number,
      legalEntityId: locked.legal_entity_id,
      companyId: locked.company_id,
      dealId: locked.deal_id,
      correctsInvoiceId: locked.corrects_invoice_id,
      currency: after.currency,
      total: after.total,
      issueDate,
      dueDate: after.dueDate,
    });
    if (original) await applyCredit(trx, user, original, after);
    return after;
  });
}

/** The corrected invoice after its credit note is issued: credited, and what it no longer owes given back. */
async function applyCredit(trx: Db, user: AuthUser, original: Locked, note: Invoice): Promise<void> {
  const before = await readInvoice(trx, user, original.id, false);
  const over = balanceOf({ ...original, credited_total: money(new D(original.credited_total).plus(note.total)) }).neg();
  if (over.gt(0)) await releasePaid(trx, user, original.id, over, note.issueDate);
  await refreshInvoice(trx, user, original, before);
  const data = {
    number: original.number,
    creditNoteId: note.id,
    creditNoteNumber: note.number,
    total: note.total,
    currency: note.currency,
  };
  await addEvents(
    trx,
    user,
    [{ entity: 'invoice', id: original.id }],
    { entity: 'invoice', id: note.id },
    'invoice_credited',
    note.number,
    data,
  );
}

/** Cancels an issued Russian invoice; what was paid on it stays with the client as an advance. */
export async function cancelInvoice(db: Db, user: AuthUser, id: string, body: CancelInvoice): Promise<Invoice> {
  await editableRow(db, user, id);
  return db.transaction().execute(async (trx) => {
    const [locked] = await repo.lockInvoices(trx, user.workspaceId, [id]);
    if (locked.status === 'draft') throw InvoiceErrors.INVOICE_NOT_ISSUED();
    if (locked.status === 'cancelled') throw InvoiceErrors.INVOICE_ALREADY_CANCELLED();
    if (body.version !== undefined && body.version !== locked.version) throw PlatformErrors.VERSION_CONFLICT();
    const entity = await repo.findLegalEntity(trx, user.workspaceId, locked.legal_entity_id);
    if (entity?.country === 'BG') throw InvoiceErrors.INVOICE_NEEDS_CREDIT_NOTE();
    const before = await readInvoice(trx, user, id, false);
    const released = await releasePaid(trx, user, id, new D(locked.paid_total), todayOf(user));
    const after = await refreshInvoice(trx, user, locked, before, {
      action: 'cancel',
      extra: { status: 'cancelled', cancelled_at: new Date(), cancelled_by: user.id, cancel_reason: body.reason },
    });
    const data = { number: locked.number, reason: body.reason, released: money(released), currency: locked.currency };
    await addEvents(trx, user, invoiceTargets(locked), { entity: 'invoice', id }, 'invoice_cancelled', locked.number, data);
    await publishInvoiceEvent(trx, user, 'invoice.cancelled', {
      id,
      number: locked.number,
      companyId: locked.company_id,
      dealId: locked.deal_id,
      reason: body.reason,
      released: money(released),
    });
    return after;
  });
}

/**
 * A draft кредитно известие correcting an issued Bulgarian invoice: the whole invoice, or the
 * lines given. It is issued like an invoice (its number comes from the same series).
 */
export async function createCreditNote(db: Db, user: AuthUser, id: string, body: CreditNote): Promise<Invoice> {
  const row = await editableRow(db, user, id);
  if (row.kind !== 'invoice') throw InvoiceErrors.INVOICE_CREDIT_NOTE_NOT_ALLOWED();
  const entity = await repo.findLegalEntity(db, user.workspaceId, row.legal_entity_id);
  if (entity?.country !== 'BG') throw InvoiceErrors.INVOICE_CREDIT_NOTE_NOT_ALLOWED();
  if (row.status === 'draft' || row.status === 'cancelled') throw InvoiceErrors.INVOICE_NOT_ISSUED();
  const issues: FieldIssue[] = [];
  const input = body.lines ?? storedLinesInput(await repo.linesOf(db, [id]));
  const lines = await planLines(db, user.workspaceId, input, entity, row.prices_include_vat, issues, body.lines !== undefined);
  const available = new D(row.total).minus(row.credited_total);
  if (!issues.length && new D(invoiceTotals(lines).total).gt(available)) {
    issues.push({ path: 'lines', code: InvoiceRules.creditExceedsInvoice, params: { available: money(available) } });
  }
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  const totals = invoiceTotals(lines);
  const today = todayOf(user);
  return db.transaction().execute(async (trx) => {
    const noteId = await repo.insertInvoice(trx, {
      workspace_id: user.workspaceId,
      kind: 'credit_note',
      legal_entity_id: row.legal_entity_id,
      company_id: row.company_id,
      contact_id: row.contact_id,
      deal_id: row.deal_id,
      contract_id: row.contract_id,
      corrects_invoice_id: row.id,
      correction_reason: body.reason,
      number: null,
      series_year: null,
      sequence: null,
      currency: row.currency,
      issue_date: today > row.issue_date ? today : row.issue_date,
      due_date: today > row.issue_date ? today : row.issue_date,
      supply_date: null,
      prices_include_vat: row.prices_include_vat,
      vat_exemption_reason: row.vat_exemption_reason,
      notes: body.notes ?? null,
      subtotal: totals.subtotal,
      vat_total: totals.vatAmount,
      total: totals.total,
      seller: null,
      buyer: null,
      owner_id: row.owner_id,
      issued_at: null,
      issued_by: null,
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
      settled_at: null,
      created_by: user.id,
      deleted_at: null,
    });
    await repo.replaceLines(trx, noteId, lineRows(user.workspaceId, noteId, lines));
    const after = await readInvoice(trx, user, noteId, false);
    await recordAudit(trx, user, { entity: 'invoice', entityId: noteId, action: 'create', after: auditSnapshot(after) });
    return after;
  });
}
