import { sql, type RawBuilder } from 'kysely';
import type { Invoice, InvoiceListItem, ListInvoicesQuery, Party } from '../../../contracts/invoices.js';
import type { Currency } from '../../../contracts/products.js';
import { linkedRecord, optionalLink } from '../../../contracts/records.js';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { namesAmong } from '../../platform/registry.js';
import { accessScope } from '../../platform/search/index.js';
import { ymdOf, zoneOr } from '../../../contracts/time.js';
import { amountInWords } from '../money/index.js';
import { InvoiceErrors } from './invoices.errors.js';
import { money, plain, vatBreakdown } from './invoices.money.js';
import * as repo from './invoices.repository.js';
import { canEditInvoice } from './invoices.rights.js';
import { advanceOf } from './payments.repository.js';

// Reading invoices: rows -> API objects, with linked records named only as the viewer may see them.

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The caller's calendar day: what "overdue" is measured against. */
export const todayOf = (user: AuthUser) => ymdOf(new Date(), zoneOr(user.timeZone, 'UTC'));

/** The live, visible invoice row, or 404 (also for another workspace's and another manager's). */
export async function loadRow(db: Db, user: AuthUser, id: string): Promise<repo.InvoiceRow> {
  const row = await repo.findInvoiceRow(db, user, id);
  if (!row || row.deleted_at) throw InvoiceErrors.INVOICE_NOT_FOUND();
  return row;
}

const isOverdue = (r: { kind: string; status: string; balance: string; due_date: string }, today: string) =>
  r.kind === 'invoice' && (r.status === 'issued' || r.status === 'partially_paid') && Number(r.balance) > 0 && r.due_date < today;

const party = (p: Party): Party => ({
  name: p.name ?? null,
  country: p.country ?? null,
  inn: p.inn ?? null,
  kpp: p.kpp ?? null,
  ogrn: p.ogrn ?? null,
  eik: p.eik ?? null,
  vatNumber: p.vatNumber ?? null,
  address: p.address ?? null,
  bankName: p.bankName ?? null,
  bik: p.bik ?? null,
  settlementAccount: p.settlementAccount ?? null,
  correspondentAccount: p.correspondentAccount ?? null,
  iban: p.iban ?? null,
  bic: p.bic ?? null,
  director: p.director ?? null,
  accountant: p.accountant ?? null,
  vatPayer: p.vatPayer ?? null,
});

/** The seller as printed: the frozen snapshot once issued, our entity as it is now while a draft. */
export function sellerOf(e: repo.LegalEntityFacts): Party {
  const { id: _id, deleted: _deleted, ...rest } = e;
  void _id;
  void _deleted;
  return party(rest);
}

type InvoiceParts = {
  lines: repo.LineRow[];
  creditNotes: repo.InvoiceRef[];
  corrects: repo.InvoiceRef | undefined;
  payments: repo.InvoicePaymentRow[];
  seller: Party;
  buyer: Party | null;
  advanceAvailable: string | null;
};

/** An invoice row and what was read beside it, as the API shows it. */
function assemble(user: AuthUser, row: repo.InvoiceRow, p: InvoiceParts): Invoice {
  const { seller } = p;
  const ref = (r: repo.InvoiceRef) => ({ id: r.id, number: r.number, issueDate: r.issue_date, total: r.total, status: r.status });
  const lineItems = p.lines.map((l) => ({
    id: l.id,
    productId: l.product_id,
    name: l.name,
    quantity: plain(l.quantity),
    unit: l.unit,
    price: l.price,
    discountPercent: plain(l.discount_percent),
    vatRate: l.vat_rate,
    subtotal: l.subtotal,
    vatAmount: l.vat_amount,
    total: l.total,
  }));
  return {
    ...listItem(row, row.owner_name, row.company_name, todayOf(user)),
    legalEntity: { id: row.legal_entity_id, name: seller.name ?? '', country: seller.country === 'BG' ? 'BG' : 'RU' },
    contactId: row.contact_id,
    contact: optionalLink(row.contact_id, row.contact_name),
    deal: optionalLink(row.deal_id, row.deal_title),
    contractId: row.contract_id,
    correctsInvoice: p.corrects ? ref(p.corrects) : null,
    correctionReason: row.correction_reason,
    creditNotes: p.creditNotes.map(ref),
    supplyDate: row.supply_date,
    pricesIncludeVat: row.prices_include_vat,
    vatExemptionReason: row.vat_exemption_reason,
    notes: row.notes,
    lines: lineItems,
    vatBreakdown: vatBreakdown(lineItems),
    subtotal: row.subtotal,
    vatTotal: row.vat_total,
    creditedTotal: row.credited_total,
    amountInWords: amountInWords(row.total, row.currency as Currency, seller.country === 'BG' ? 'bg' : 'ru'),
    advanceAvailable: p.advanceAvailable,
    payments: p.payments.map((x) => ({
      paymentId: x.payment_id,
      amount: x.amount,
      date: x.date,
      method: x.method,
      reference: x.reference,
      reversed: x.reversed,
    })),
    seller,
    buyer: p.buyer,
    issuedAt: iso(row.issued_at),
    issuedBy: row.issued_by,
    cancelledAt: iso(row.cancelled_at),
    cancelReason: row.cancel_reason,
    canEdit: canEditInvoice(user, row.owner_id, row.shared_with_caller),
  };
}

/** One invoice as the API returns it; `checkAccess` false after a write that may have given it away. */
export async function readInvoice(db: Db, user: AuthUser, id: string, checkAccess = true): Promise<Invoice> {
  const row = await repo.findInvoiceRow(db, user, id, checkAccess);
  if (!row) throw InvoiceErrors.INVOICE_NOT_FOUND();
  const ws = user.workspaceId;
  const [lines, creditNotes, corrects, payments, entity] = await Promise.all([
    repo.linesOf(db, [id]),
    row.kind === 'invoice' ? repo.creditNotesOf(db, ws, id) : Promise.resolve([]),
    row.corrects_invoice_id ? repo.findInvoiceRef(db, ws, row.corrects_invoice_id) : Promise.resolve(undefined),
    repo.paymentsOfInvoice(db, ws, id),
    row.seller ? Promise.resolve(undefined) : repo.findLegalEntity(db, ws, row.legal_entity_id),
  ]);
  const seller = row.seller ? party(row.seller) : sellerOf(entity!);
  const companyVisible = row.company_name !== null;
  const buyer = !companyVisible ? null : row.buyer ? party(row.buyer) : ((await repo.companyParty(db, ws, row.company_id)) ?? null);
  let advanceAvailable: string | null = null;
  if (companyVisible && row.kind === 'invoice' && row.status !== 'cancelled') {
    advanceAvailable = (await advanceOf(db, ws, row.company_id, row.currency))[0]?.amount ?? '0.00';
  }
  return assemble(user, row, { lines, creditNotes, corrects, payments, seller, buyer, advanceAvailable });
}

/**
 * The audit snapshots (auditSnapshot of readInvoice, unchecked access) of many invoices in a few
 * statements whatever their number: a bank statement's payments record every invoice they touch.
 */
export async function invoiceSnapshots(db: Db, user: AuthUser, ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const rows = await repo.findInvoiceRows(db, user, ids);
  const ws = user.workspaceId;
  const all = rows.map((r) => r.id);
  const [lines, creditNotes, corrects, payments] = await Promise.all([
    repo.linesOf(db, all),
    repo.creditNotesOfMany(db, ws, all),
    repo.invoiceRefs(
      db,
      ws,
      rows.flatMap((r) => (r.corrects_invoice_id ? [r.corrects_invoice_id] : [])),
    ),
    repo.paymentsOfInvoices(db, ws, all),
  ]);
  const entities = new Map<string, repo.LegalEntityFacts | undefined>();
  for (const r of rows) {
    if (!r.seller && !entities.has(r.legal_entity_id))
      entities.set(r.legal_entity_id, await repo.findLegalEntity(db, ws, r.legal_entity_id));
  }
  const byInvoice = <T>(xs: T[], key: (x: T) => string | null) => {
    const m = new Map<string, T[]>();
    for (const x of xs) {
      const k = key(x);
      if (k !== null) m.set(k, [...(m.get(k) ?? []), x]);
    }
    return m;
  };
  const linesBy = byInvoice(lines, (l) => l.invoice_id);
  const notesBy = byInvoice(creditNotes, (n) => n.corrects_invoice_id);
  const paymentsBy = byInvoice(payments, (p) => p.invoice_id);
  const refs = new Map(corrects.map((r) => [r.id, r]));
  const out = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const inv = assemble(user, row, {
      lines: linesBy.get(row.id) ?? [],
      creditNotes: row.kind === 'invoice' ? (notesBy.get(row.id) ?? []) : [],
      corrects: row.corrects_invoice_id ? refs.get(row.corrects_invoice_id) : undefined,
      payments: paymentsBy.get(row.id) ?? [],
      seller: row.seller ? party(row.seller) : sellerOf(entities.get(row.legal_entity_id)!),
      // Neither is kept in the audit log.
      buyer: null,
      advanceAvailable: null,
    });
    out.set(row.id, auditSnapshot(inv));
  }
  return out;
}

/** One live invoice the caller may see (404 otherwise, as for one that does not exist). */
export async function getInvoice(db: Db, user: AuthUser, id: string): Promise<Invoice> {
  const inv = await readInvoice(db, user, id);
  if (inv.deletedAt) throw InvoiceErrors.INVOICE_NOT_FOUND();
  return inv;
}

/** What the audit log keeps of an invoice: no printed client block, no figures of other records. */
export function auditSnapshot(inv: Invoice): Record<string, unknown> {
  const { buyer: _buyer, advanceAvailable: _advance, canEdit: _canEdit, overdue: _overdue, ...rest } = inv;
  void _buyer;
  void _advance;
  void _canEdit;
  void _overdue;
  return rest;
}

type ListRowLike = Omit<repo.InvoiceListRow, 'sort_key' | 'overdue'> & { overdue?: boolean };

function listItem(r: ListRowLike, ownerName: string | null, companyName: string | null, today: string): InvoiceListItem {
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    status: r.status,
    overdue: r.overdue ?? isOverdue(r, today),
    legalEntityId: r.legal_entity_id,
    companyId: r.company_id,
    companyName,
    company: linkedRecord(r.company_id, companyName),
    dealId: r.deal_id,
    currency: r.currency as Currency,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    total: r.total,
    paidTotal: r.paid_total,
    balance: r.balance,
    ownerId: r.owner_id,
    ownerName,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
  };
}

const SORT_COLUMNS = {
  issueDate: { column: 'issue_date', kind: 'date' },
  dueDate: { column: 'due_date', kind: 'date' },
  createdAt: { column: 'created_at', kind: 'timestamptz' },
} as const;

/** Invoices the caller may see, filtered, a page at a time, with totals per currency over all of them. */
export async function listInvoices(db: Db, user: AuthUser, q: ListInvoicesQuery) {
  const today = todayOf(user);
  const filters: RawBuilder<boolean>[] = [];
  if (q.status) filters.push(sql<boolean>`c.status = ${q.status}`);
  if (q.overdue !== undefined) filters.push(q.overdue ? repo.overdueSql(today) : sql<boolean>`not ${repo.overdueSql(today)}`);
  if (q.kind) filters.push(sql<boolean>`c.kind = ${q.kind}`);
  if (q.companyId) filters.push(sql<boolean>`c.company_id = ${q.companyId}`);
  if (q.dealId) filters.push(sql<boolean>`c.deal_id = ${q.dealId}`);
  if (q.legalEntityId) filters.push(sql<boolean>`c.legal_entity_id = ${q.legalEntityId}`);
  if (q.currency) filters.push(sql<boolean>`c.currency = ${q.currency}`);
  if (q.from) filters.push(sql<boolean>`c.issue_date >= ${q.from}::date`);
  if (q.to) filters.push(sql<boolean>`c.issue_date <= ${q.to}::date`);
  const field = q.sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS;
  const deleted = q.deleted ?? false;
  const [page, totals] = await Promise.all([
    accessScope(db, user).then((scope) =>
      repo.listInvoiceRows(db, {
        user,
        scope,
        sort: { field: 'createdAt', desc: q.sort.startsWith('-') },
        sortColumn: SORT_COLUMNS[field],
        filters,
        ownerId: q.ownerId,
        deleted,
        cursor: q.cursor,
        limit: q.limit,
        visible: visibleTo(user, 'invoice', 'c'),
        today,
      }),
    ),
    repo.invoiceTotalsRows(db, user, filters, { deleted, ownerId: q.ownerId, today }),
  ]);
  const [companies, owners] = await Promise.all([
    namesAmong(
      db,
      user,
      'company',
      page.rows.map((r) => r.company_id),
    ),
    repo.userNames(
      db,
      user.workspaceId,
      page.rows.map((r) => r.owner_id),
    ),
  ]);
  return {
    items: page.rows.map((r) =>
      listItem(r, r.owner_id ? (owners.get(r.owner_id) ?? null) : null, companies.get(r.company_id) ?? null, today),
    ),
    nextCursor: page.nextCursor,
    totals: totals.map((t) => ({
      currency: t.currency as Currency,
      count: t.count,
      total: money(t.total),
      paidTotal: money(t.paid_total),
      balance: money(t.balance ?? 0),
      overdue: money(t.overdue),
    })),
  };
}
