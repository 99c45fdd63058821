import type { CreateClientBody, MatchDocumentBody, StatementDocumentDetail } from '../../../contracts/bank-statements.js';
import type { Currency } from '../../../contracts/products.js';
import { linkedRecord } from '../../../contracts/records.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { onEvent } from '../../platform/events.js';
import { onMerge } from '../../platform/merge.js';
import { namesAmong } from '../../platform/registry.js';
import { createCompany } from '../companies/index.js';
import { createPayment, getInvoice, todayOf } from '../invoices/index.js';
import { money } from '../money/index.js';
import { StatementErrors, StatementRules } from './bank-statements.errors.js';
import { paymentInput } from './bank-statements.import.js';
import { candidatesFor, loadContext, type Incoming } from './bank-statements.match.js';
import * as repo from './bank-statements.repository.js';
import type { StatementDocState } from './bank-statements.table.js';
import { assertBooks, toDocuments, toStatements } from './bank-statements.view.js';
import type { StatementDocument as Parsed } from './statement.parse.js';

// The history of statements and the queue of incoming payments no rule settled: finance matches
// each by hand to invoices (or to a client as an advance), creates the client it came from, or
// ignores it. Each settlement locks the document, so two people cannot book one payment twice.

async function withAllocations(db: Db, user: AuthUser, rows: repo.DocumentListRow[]) {
  const paymentIds = rows.flatMap((r) => (r.payment_id ? [r.payment_id] : []));
  return toDocuments(db, user, rows, await repo.allocationsOf(db, user.workspaceId, paymentIds));
}

export async function listStatements(db: Db, user: AuthUser, q: { limit: number; cursor?: string }) {
  assertBooks(user);
  const rows = await repo.listStatements(db, user.workspaceId, decodeCursor(q.cursor, 'timestamptz'), q.limit);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await toStatements(db, user, page),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}

export async function getStatement(db: Db, user: AuthUser, id: string) {
  assertBooks(user);
  const row = await repo.findStatement(db, user.workspaceId, id);
  if (!row) throw StatementErrors.BANK_STATEMENT_NOT_FOUND();
  return (await toStatements(db, user, [row]))[0];
}

/** One statement's documents in file order (a page), optionally in one state. */
export async function statementDocuments(
  db: Db,
  user: AuthUser,
  id: string,
  q: { state?: StatementDocState; limit: number; cursor?: string },
) {
  await getStatement(db, user, id);
  const after = q.cursor ? Number(decodeCursor(q.cursor, 'numeric')![0]) : undefined;
  if (after !== undefined && !Number.isInteger(after))
    throw PlatformErrors.MALFORMED({ fields: [{ path: 'cursor', code: 'invalid_cursor' }] });
  const rows = await repo.documentsOfStatement(db, user.workspaceId, id, q.state, after, q.limit);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await withAllocations(db, user, page),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}

/** The queue: incoming documents of every statement in one state, oldest first. */
export async function listQueue(db: Db, user: AuthUser, q: { state: StatementDocState; limit: number; cursor?: string }) {
  assertBooks(user);
  const rows = await repo.queue(db, user.workspaceId, q.state, decodeCursor(q.cursor, 'date'), q.limit);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await withAllocations(db, user, page),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}

/** A stored document as the matching rules read it. */
function asIncoming(r: repo.DocumentRow): Incoming {
  const party = (side: 'payer' | 'recipient') => ({
    account: r[`${side}_account`],
    inn: r[`${side}_inn`],
    kpp: r[`${side}_kpp`],
    name: r[`${side}_name`],
    bik: r[`${side}_bik`],
    bank: r[`${side}_bank`],
  });
  const doc: Parsed = {
    line: r.line,
    type: r.doc_type,
    number: r.number,
    date: r.date,
    amount: money(r.amount),
    payer: party('payer'),
    recipient: party('recipient'),
    debitedOn: r.debited_on,
    creditedOn: r.credited_on,
    purpose: r.purpose,
    fields: r.fields as Record<string, string>,
  };
  return { doc, currency: r.currency, paymentDate: r.credited_on ?? r.date ?? '' };
}

async function loadDocument(db: Db, user: AuthUser, id: string) {
  assertBooks(user);
  const row = await repo.findDocument(db, user.workspaceId, id);
  if (!row) throw StatementErrors.STATEMENT_DOCUMENT_NOT_FOUND();
  return row;
}

/** One document, and for one still to settle, the open invoices it may pay (best first). */
export async function getDocument(db: Db, user: AuthUser, id: string): Promise<StatementDocumentDetail> {
  const row = await loadDocument(db, user, id);
  const [view] = await withAllocations(db, user, [row]);
  if (row.direction !== 'incoming' || !(['unmatched', 'ignored'] as string[]).includes(row.state)) return { ...view, candidates: [] };
  const item = asIncoming(row);
  const ctx = await loadContext(db, user, [item], row.suggested_company_id ? [row.suggested_company_id] : []);
  const found = candidatesFor(ctx, item, row.suggested_company_id);
  const companies = await namesAmong(
    db,
    user,
    'company',
    found.map((c) => c.invoice.company_id),
  );
  return {
    ...view,
    candidates: found.map(({ invoice: i, reason }) => ({
      id: i.id,
      number: i.number,
      company: linkedRecord(i.company_id, companies.get(i.company_id)),
      issueDate: i.issue_date,
      dueDate: i.due_date,
      currency: i.currency as Currency,
      total: money(i.total),
      balance: money(i.balance),
      reason,
    })),
  };
}

/** Locks a document still to settle (an incoming one, unmatched or ignored), or refuses. */
async function lockOpen(trx: Db, user: AuthUser, id: string) {
  const row = await repo.lockDocument(trx, user.workspaceId, id);
  if (!row) throw StatementErrors.STATEMENT_DOCUMENT_NOT_FOUND();
  if (row.direction !== 'incoming' || (row.state !== 'unmatched' && row.state !== 'ignored'))
    throw StatementErrors.STATEMENT_DOCUMENT_RESOLVED();
  return row;
}

async function book(trx: Db, user: AuthUser, row: repo.DocumentRow, companyId: string, allocations: MatchDocumentBody['allocations']) {
  const { currency, paymentDate } = asIncoming(row);
  const d = { number: row.number, date: row.date, amount: money(row.amount), purpose: row.purpose, payerName: row.payer_name };
  const input = paymentInput(d, currency, paymentDate || todayOf(user));
  return createPayment(trx, user, { ...input, companyId, allocations });
}

async function audited(trx: Db, user: AuthUser, before: repo.DocumentRow) {
  const after = await repo.findDocument(trx, user.workspaceId, before.id);
  const pick = (r: repo.DocumentRow) => ({
    state: r.state,
    matchRule: r.match_rule,
    companyId: r.company_id,
    paymentId: r.payment_id,
    ignoreReason: r.ignore_reason,
  });
  await recordAudit(trx, user, {
    entity: 'bank_statement_document',
    entityId: before.id,
    action: 'update',
    before: pick(before),
    after: pick(after!),
  });
}

/**
 * Settles a queued payment by hand: allocations to the client's issued invoices (their client is
 * the payer), the rest its advance; or only `companyId`, all of it an advance.
 */
export async function matchDocument(db: Db, user: AuthUser, id: string, body: MatchDocumentBody) {
  assertBooks(user);
  let companyId = body.companyId;
  if (!companyId && body.allocations.length) {
    // The payer is the client of the first invoice it pays (createPayment checks the others are its too).
    const first = await getInvoice(db, user, body.allocations[0].invoiceId).catch(() => null);
    if (!first) throw PlatformErrors.VALIDATION({ fields: [{ path: 'allocations.0.invoiceId', code: 'invoices.rules.invoiceNotFound' }] });
    companyId = first.companyId;
  }
  if (!companyId) throw PlatformErrors.VALIDATION({ fields: [{ path: 'companyId', code: StatementRules.companyRequired }] });
  await db.transaction().execute(async (trx) => {
    const row = await lockOpen(trx, user, id);
    const payment = await book(trx, user, row, companyId, body.allocations);
    await repo.settleDocument(trx, row, {
      state: 'matched',
      match_rule: 'manual',
      company_id: companyId,
      payment_id: payment.id,
      ignore_reason: null,
      resolved_by: user.id,
    });
    await audited(trx, user, row);
  });
  return getDocument(db, user, id);
}

/** Creates the client a queued payment came from (requisites from the document) and books the payment as its advance. */
export async function createClientFromDocument(db: Db, user: AuthUser, id: string, body: CreateClientBody, lang?: AuthUser['language']) {
  assertBooks(user);
  await db.transaction().execute(async (trx) => {
    const row = await lockOpen(trx, user, id);
    const pick = (v: string | null | undefined, fallback: string) => (v === undefined ? fallback || null : v || null);
    const fields = row.fields as Record<string, string>;
    const company = await createCompany(
      trx,
      user,
      {
        name: body.name ?? (row.payer_name || row.payer_inn || row.payer_account),
        country: 'RU',
        inn: pick(body.inn, row.payer_inn),
        kpp: pick(body.kpp, row.payer_kpp),
        settlementAccount: pick(body.settlementAccount, row.payer_account),
        bik: pick(body.bik, row.payer_bik),
        bankName: pick(body.bankName, row.payer_bank),
        corrAccount: pick(body.corrAccount, (fields['ПлательщикКорсчет'] ?? '').trim()),
        ...(body.ownerId ? { ownerId: body.ownerId } : {}),
      },
      { lang },
    );
    const payment = await book(trx, user, row, company.id, []);
    await repo.settleDocument(trx, row, {
      state: 'matched',
      match_rule: 'new_client',
      company_id: company.id,
      payment_id: payment.id,
      ignore_reason: null,
      resolved_by: user.id,
    });
    await audited(trx, user, row);
  });
  return getDocument(db, user, id);
}

/** Leaves a queued payment aside (a refund, a transfer between our own accounts), with the reason. */
export async function ignoreDocument(db: Db, user: AuthUser, id: string, reason: string) {
  assertBooks(user);
  await db.transaction().execute(async (trx) => {
    const row = await lockOpen(trx, user, id);
    if (row.state === 'ignored') throw StatementErrors.STATEMENT_DOCUMENT_RESOLVED();
    await repo.settleDocument(trx, row, {
      state: 'ignored',
      match_rule: null,
      company_id: null,
      payment_id: null,
      ignore_reason: reason,
      resolved_by: user.id,
    });
    await audited(trx, user, row);
  });
  return getDocument(db, user, id);
}

/**
 * Composition (app.ts): a reversed payment that came from a statement puts its document back in
 * the queue, and statement documents follow merged companies.
 */
export function registerStatementHandlers(): void {
  onEvent('payment.reversed', 'bank-statements:requeue', async (trx, e) => {
    await repo.unsettleByPayment(trx, e.workspaceId, e.payload.id);
  });
  onMerge(
    'company',
    'bank-statements',
    { covers: ['bank_statement_documents.company_id', 'bank_statement_documents.suggested_company_id'] },
    async (trx, { workspaceId, keptId, mergedId }) => {
      for (const column of ['company_id', 'suggested_company_id'] as const) {
        await trx
          .updateTable('bank_statement_documents')
          .set({ [column]: keptId })
          .where('workspace_id', '=', workspaceId)
          .where(column, '=', mergedId)
          .execute();
      }
    },
  );
}
