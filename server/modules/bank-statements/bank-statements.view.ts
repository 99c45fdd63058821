import type { ProposedDocument, Statement, StatementDocument } from '../../../contracts/bank-statements.js';
import type { Currency } from '../../../contracts/products.js';
import { linkedRecord, optionalLink } from '../../../contracts/records.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { namesAmong } from '../../platform/registry.js';
import { D, money } from '../money/index.js';
import type { Planned } from './bank-statements.match.js';
import type * as repo from './bank-statements.repository.js';
import type { StoredBalance } from './bank-statements.table.js';

// Rows to API objects. Linked clients and invoices are named through the registry for the viewer.

/** Statements are the books: finance keeps them, the director and admin may too; nobody else sees them. */
export function assertBooks(user: AuthUser): void {
  if (!['finance', 'director', 'admin'].includes(user.role)) throw PlatformErrors.FORBIDDEN();
}

type Names = { companies: Map<string, string>; invoices: Map<string, string> };

async function namesFor(db: Db, user: AuthUser, companyIds: (string | null)[], invoiceIds: string[]): Promise<Names> {
  const companies = await namesAmong(db, user, 'company', [...new Set(companyIds.filter((x): x is string => !!x))]);
  const invoices = await namesAmong(db, user, 'invoice', [...new Set(invoiceIds)]);
  return { companies, invoices };
}

const link = (names: Map<string, string>, id: string | null) => (id ? optionalLink(id, names.get(id)) : null);

function allocationsView(names: Names, list: { invoiceId: string; amount: string }[]) {
  return list.map((a) => ({ invoiceId: a.invoiceId, number: names.invoices.get(a.invoiceId) ?? null, amount: money(a.amount) }));
}

/** Every planned document with the match proposed for it (the dry run's answer). */
export async function previewItems(db: Db, user: AuthUser, items: Planned[]): Promise<ProposedDocument[]> {
  const names = await namesFor(
    db,
    user,
    items.flatMap((p) => [p.match?.companyId ?? null, p.match?.suggestedCompanyId ?? null]),
    items.flatMap((p) => p.match?.allocations.map((a) => a.invoiceId) ?? []),
  );
  return items.map((p) => {
    const matched = p.state === 'matched' ? p.match! : null;
    return {
      position: p.position,
      line: p.doc.line,
      direction: p.direction,
      state: p.state,
      type: p.doc.type,
      number: p.doc.number,
      date: p.doc.date,
      amount: p.doc.amount,
      currency: p.currency as Currency,
      payer: p.doc.payer,
      recipient: p.doc.recipient,
      purpose: p.doc.purpose,
      matchRule: matched?.rule ?? null,
      company: link(names.companies, matched?.companyId ?? null),
      allocations: allocationsView(names, matched?.allocations ?? []),
      advance: matched ? matched.advance : '0.00',
      suggestedCompany: link(names.companies, p.match?.suggestedCompanyId ?? null),
    };
  });
}

const party = (r: repo.DocumentRow, side: 'payer' | 'recipient') => ({
  name: r[`${side}_name`],
  inn: r[`${side}_inn`],
  kpp: r[`${side}_kpp`],
  account: r[`${side}_account`],
  bik: r[`${side}_bik`],
  bank: r[`${side}_bank`],
});

/** Stored documents as the API shows them, with what their payments pay now. */
export async function toDocuments(
  db: Db,
  user: AuthUser,
  rows: repo.DocumentListRow[],
  allocations: { payment_id: string; invoice_id: string; amount: string }[],
): Promise<StatementDocument[]> {
  const names = await namesFor(
    db,
    user,
    rows.flatMap((r) => [r.company_id, r.suggested_company_id]),
    allocations.map((a) => a.invoice_id),
  );
  return rows.map((r) => {
    const mine = allocations.filter((a) => a.payment_id === r.payment_id).map((a) => ({ invoiceId: a.invoice_id, amount: a.amount }));
    const allocated = mine.reduce((acc, a) => acc.plus(a.amount), new D(0));
    return {
      id: r.id,
      statementId: r.statement_id,
      position: r.position,
      line: r.line,
      direction: r.direction,
      state: r.state,
      type: r.doc_type,
      number: r.number,
      date: r.date,
      amount: money(r.amount),
      currency: r.currency as Currency,
      payer: party(r, 'payer'),
      recipient: party(r, 'recipient'),
      purpose: r.purpose,
      matchRule: r.match_rule,
      company: link(names.companies, r.company_id),
      allocations: allocationsView(names, mine),
      advance: r.payment_id ? money(new D(r.amount).minus(allocated)) : '0.00',
      suggestedCompany: link(names.companies, r.suggested_company_id),
      paymentId: r.payment_id,
      duplicateOf: r.duplicate_of,
      ignoreReason: r.ignore_reason,
      resolvedBy: r.resolver_name,
      resolvedAt: r.resolved_at?.toISOString() ?? null,
    };
  });
}

/** A statement row as the API shows it. */
export async function toStatements(db: Db, user: AuthUser, rows: repo.StatementListRow[]): Promise<Statement[]> {
  const entities = await namesAmong(
    db,
    user,
    'legal_entity',
    rows.flatMap((r) => (r.legal_entity_id ? [r.legal_entity_id] : [])),
  );
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    formatVersion: r.format_version,
    encoding: r.encoding,
    sender: r.sender,
    receiver: r.receiver,
    createdOn: r.created_on,
    dateFrom: r.date_from,
    dateTo: r.date_to,
    accounts: r.accounts,
    balances: r.balances as StoredBalance[],
    legalEntity: r.legal_entity_id ? linkedRecord(r.legal_entity_id, entities.get(r.legal_entity_id)) : null,
    documents: r.documents,
    incoming: r.incoming,
    outgoing: r.outgoing,
    matched: r.matched,
    unmatched: r.unmatched,
    duplicates: r.duplicates,
    waiting: r.waiting,
    uploadedBy: r.uploader_name,
    createdAt: r.created_at.toISOString(),
  }));
}
