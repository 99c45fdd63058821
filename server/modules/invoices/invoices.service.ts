import type { CreateInvoice, Invoice, UpdateInvoice } from '../../../contracts/invoices.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { InvoiceErrors } from './invoices.errors.js';
import { lineRows, planInvoice } from './invoices.plan.js';
import { auditSnapshot, loadRow, readInvoice } from './invoices.read.js';
import * as repo from './invoices.repository.js';
import { canEditInvoice } from './invoices.rights.js';

// Drafts: creating, changing, deleting and restoring. Once issued an invoice is frozen; those
// paths refuse it (409), and only issue.ts (cancel, credit note) and payments touch it.

function assertEditable(user: AuthUser, row: repo.InvoiceRow) {
  if (!canEditInvoice(user, row.owner_id, row.shared_with_caller)) throw PlatformErrors.RECORD_READ_ONLY();
}

/**
 * Creates a draft invoice. `defaultOwner` (an invoice made from a deal: the deal's manager) is the
 * owner when the body names none; otherwise the caller, or the client's manager when finance makes it.
 * `adaptVat`: lines copied from elsewhere take the only rate an entity that is no VAT payer has.
 */
export async function createInvoice(
  db: Db,
  user: AuthUser,
  input: CreateInvoice,
  opts: { defaultOwner?: string | null; adaptVat?: boolean } = {},
): Promise<Invoice> {
  const plan = await planInvoice(db, user, undefined, input, opts);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertInvoice(trx, {
      ...plan.values,
      workspace_id: user.workspaceId,
      kind: 'invoice',
      legal_entity_id: input.legalEntityId,
      company_id: input.companyId,
      contact_id: plan.values.contact_id ?? null,
      deal_id: plan.values.deal_id ?? null,
      contract_id: input.contractId ?? null,
      corrects_invoice_id: null,
      correction_reason: null,
      number: null,
      series_year: null,
      sequence: null,
      currency: input.currency,
      issue_date: input.issueDate,
      due_date: input.dueDate,
      vat_exemption_reason: plan.values.vat_exemption_reason ?? null,
      notes: plan.values.notes ?? null,
      seller: null,
      buyer: null,
      owner_id: plan.values.owner_id ?? user.id,
      issued_at: null,
      issued_by: null,
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
      settled_at: null,
      created_by: user.id,
      deleted_at: null,
    });
    await repo.replaceLines(trx, id, lineRows(user.workspaceId, id, plan.lines));
    const after = await readInvoice(trx, user, id, false);
    await recordAudit(trx, user, { entity: 'invoice', entityId: id, action: 'create', after: auditSnapshot(after) });
    return after;
  });
}

/** Changes a draft (carries `version`); an issued invoice answers 409. */
export async function updateInvoice(db: Db, user: AuthUser, id: string, input: UpdateInvoice): Promise<Invoice> {
  const current = await loadRow(db, user, id);
  assertEditable(user, current);
  if (current.status !== 'draft') throw InvoiceErrors.INVOICE_NOT_DRAFT();
  const { version, ...change } = input;
  const stored = change.lines === undefined ? await repo.linesOf(db, [id]) : [];
  const plan = await planInvoice(db, user, current, change, { storedLines: stored });
  const before = await readInvoice(db, user, id);
  return db.transaction().execute(async (trx) => {
    // Only a draft changes: issuing in between makes the version (and the status) stale.
    const locked = (await repo.lockInvoices(trx, user.workspaceId, [id]))[0];
    if (locked.status !== 'draft') throw InvoiceErrors.INVOICE_NOT_DRAFT();
    if (!(await repo.updateInvoiceRow(trx, user.workspaceId, id, version, plan.values))) throw PlatformErrors.VERSION_CONFLICT();
    await repo.replaceLines(trx, id, lineRows(user.workspaceId, id, plan.lines));
    const after = await readInvoice(trx, user, id, false);
    await recordAudit(trx, user, {
      entity: 'invoice',
      entityId: id,
      action: 'update',
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    return after;
  });
}

/** Moves a draft to the bin; an issued invoice is never deleted (409). */
export async function deleteInvoice(db: Db, user: AuthUser, id: string): Promise<void> {
  const current = await loadRow(db, user, id);
  assertEditable(user, current);
  const before = await readInvoice(db, user, id);
  await db.transaction().execute(async (trx) => {
    const locked = (await repo.lockInvoices(trx, user.workspaceId, [id]))[0];
    if (locked.status !== 'draft') throw InvoiceErrors.INVOICE_NOT_DRAFT();
    await repo.setInvoice(trx, user.workspaceId, id, { deleted_at: new Date() });
    await recordAudit(trx, user, { entity: 'invoice', entityId: id, action: 'delete', before: auditSnapshot(before) });
  });
}

/** Brings a draft back from the bin. */
export async function restoreInvoice(db: Db, user: AuthUser, id: string): Promise<Invoice> {
  const current = await repo.findInvoiceRow(db, user, id);
  if (!current) throw InvoiceErrors.INVOICE_NOT_FOUND();
  assertEditable(user, current);
  const before = await readInvoice(db, user, id);
  if (!current.deleted_at) return before;
  return db.transaction().execute(async (trx) => {
    await repo.setInvoice(trx, user.workspaceId, id, { deleted_at: null });
    const after = await readInvoice(trx, user, id, false);
    await recordAudit(trx, user, {
      entity: 'invoice',
      entityId: id,
      action: 'restore',
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    return after;
  });
}
