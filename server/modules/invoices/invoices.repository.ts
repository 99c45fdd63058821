import { sql, type Insertable, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import type { Party } from '../../../contracts/invoices.js';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { pageOf, type PageQuery } from '../../platform/records.js';
import { visibleNameOf } from '../../platform/registry.js';
import type { InvoiceLinesTable, InvoicesTable } from './invoices.table.js';
import { updateAtVersion, type RowChanges } from '../../platform/versioned.js';

// SQL of invoices. The legal entity's and the client's requisites are read here in SQL (as deals
// join companies): an invoice prints them, and the legal-entities module answers only finance.

export type InvoiceRow = Selectable<InvoicesTable> & {
  owner_name: string | null;
  company_name: string | null;
  contact_name: string | null;
  deal_title: string | null;
  shared_with_caller: boolean;
};

const invoiceRowSql = (user: AuthUser, where: RawBuilder<boolean>) => sql<InvoiceRow>`
    select i.*, u.name as owner_name,
      ${visibleNameOf(user, 'company', 'co')} as company_name,
      ${visibleNameOf(user, 'contact', 'ct')} as contact_name,
      ${visibleNameOf(user, 'deal', 'd')} as deal_title,
      exists (select 1 from record_shares rs where rs.entity = 'invoice' and rs.entity_id = i.id and rs.user_id = ${user.id}) as shared_with_caller
    from invoices i
    left join users u on u.id = i.owner_id
    left join companies co on co.id = i.company_id and co.workspace_id = i.workspace_id
    left join contacts ct on ct.id = i.contact_id and ct.workspace_id = i.workspace_id
    left join deals d on d.id = i.deal_id and d.workspace_id = i.workspace_id
    where i.workspace_id = ${user.workspaceId} and ${where}`;

/** One invoice of the workspace the caller may see (`checkAccess` false: after a write), deleted ones too. */
export async function findInvoiceRow(db: Db, user: AuthUser, id: string, checkAccess = true): Promise<InvoiceRow | undefined> {
  const access = checkAccess ? visibleTo(user, 'invoice', 'i') : sql<boolean>`true`;
  return (await invoiceRowSql(user, sql<boolean>`i.id = ${id} and ${access}`).execute(db)).rows[0];
}

/** Invoices of the workspace by id, deleted ones too, access unchecked (after a write), in id order. */
export async function findInvoiceRows(db: Db, user: AuthUser, ids: readonly string[]): Promise<InvoiceRow[]> {
  if (!ids.length) return [];
  return (await invoiceRowSql(user, sql<boolean>`i.id = any(${[...ids]}::uuid[]) order by i.id`).execute(db)).rows;
}

/**
 * Locks invoices of the workspace for the rest of the transaction, in id order (so two writers
 * locking overlapping sets queue instead of deadlocking), and returns them as locked.
 */
export async function lockInvoices(trx: Db, workspaceId: string, ids: readonly string[]): Promise<Selectable<InvoicesTable>[]> {
  if (!ids.length) return [];
  return trx
    .selectFrom('invoices')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .forUpdate()
    .execute();
}

export type LineRow = Selectable<InvoiceLinesTable>;
export async function linesOf(db: Db, invoiceIds: readonly string[]): Promise<LineRow[]> {
  if (!invoiceIds.length) return [];
  return db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', 'in', invoiceIds)
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
}

export async function insertInvoice(db: Db, values: Insertable<InvoicesTable>): Promise<string> {
  return (await db.insertInto('invoices').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** Applies a change to a live invoice when the version still matches; false when it moved on. */
export async function updateInvoiceRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  values: RowChanges<'invoices'>,
): Promise<boolean> {
  return !!(await updateAtVersion(db, 'invoices', { workspaceId, id, version }, values));
}

/** A change of a row the caller has locked (amounts after a payment, a cancel, a credit note). */
export async function setInvoice(db: Db, workspaceId: string, id: string, values: Updateable<InvoicesTable>): Promise<void> {
  await db
    .updateTable('invoices')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function replaceLines(db: Db, invoiceId: string, lines: Insertable<InvoiceLinesTable>[]): Promise<void> {
  await db.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute();
  if (lines.length) await db.insertInto('invoice_lines').values(lines).execute();
}

export type InvoiceRef = { id: string; number: string | null; issue_date: string; total: string; status: InvoiceRow['status'] };

/** The live credit notes correcting an invoice, oldest first. */
export async function creditNotesOf(db: Db, workspaceId: string, invoiceId: string): Promise<InvoiceRef[]> {
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'issue_date', 'total', 'status'])
    .where('workspace_id', '=', workspaceId)
    .where('corrects_invoice_id', '=', invoiceId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function findInvoiceRef(db: Db, workspaceId: string, id: string): Promise<InvoiceRef | undefined> {
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'issue_date', 'total', 'status'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** creditNotesOf for many invoices, each note naming the invoice it corrects. */
export async function creditNotesOfMany(
  db: Db,
  workspaceId: string,
  invoiceIds: readonly string[],
): Promise<(InvoiceRef & { corrects_invoice_id: string | null })[]> {
  if (!invoiceIds.length) return [];
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'issue_date', 'total', 'status', 'corrects_invoice_id'])
    .where('workspace_id', '=', workspaceId)
    .where('corrects_invoice_id', 'in', invoiceIds)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function invoiceRefs(db: Db, workspaceId: string, ids: readonly string[]): Promise<InvoiceRef[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'issue_date', 'total', 'status'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
}

export type InvoicePaymentRow = {
  payment_id: string;
  amount: string;
  date: string;
  method: string;
  reference: string | null;
  reversed: boolean;
};

const paymentsOfSql = (workspaceId: string, invoiceIds: readonly string[]) => sql<InvoicePaymentRow & { invoice_id: string }>`
    select a.invoice_id, p.id as payment_id, sum(a.amount)::text as amount, p.date, p.method, p.reference, p.reversed_at is not null as reversed
    from payment_allocations a join payments p on p.id = a.payment_id
    where a.workspace_id = ${workspaceId} and a.invoice_id = any(${[...invoiceIds]}::uuid[])
    group by a.invoice_id, p.id
    having sum(a.amount) <> 0
    order by p.date, p.id`;

/** Each payment's net amount on an invoice (its allocations minus what was released), by payment date. */
export async function paymentsOfInvoice(db: Db, workspaceId: string, invoiceId: string): Promise<InvoicePaymentRow[]> {
  return (await paymentsOfSql(workspaceId, [invoiceId]).execute(db)).rows;
}

/** paymentsOfInvoice for many invoices, each row naming its invoice. */
export async function paymentsOfInvoices(db: Db, workspaceId: string, invoiceIds: readonly string[]) {
  if (!invoiceIds.length) return [];
  return (await paymentsOfSql(workspaceId, invoiceIds).execute(db)).rows;
}

// ---------------------------------------------------------------- parties

export type LegalEntityFacts = Party & { id: string; name: string; country: 'RU' | 'BG'; vatPayer: boolean; deleted: boolean };

/** Our legal entity as an invoice prints it (also a deleted one: issued paper keeps naming it). */
export async function findLegalEntity(db: Db, workspaceId: string, id: string): Promise<LegalEntityFacts | undefined> {
  const r = await db
    .selectFrom('legal_entities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    name: r.name,
    country: r.country as 'RU' | 'BG',
    inn: r.inn,
    kpp: r.kpp,
    ogrn: r.ogrn,
    eik: r.eik,
    vatNumber: r.vat_number,
    vatPayer: r.vat_payer,
    address: r.address,
    bankName: r.bank_name,
    bik: r.bik,
    settlementAccount: r.settlement_account,
    correspondentAccount: r.correspondent_account,
    iban: r.iban,
    bic: r.bic,
    director: r.director,
    accountant: r.accountant,
    deleted: r.deleted_at !== null,
  };
}

/** The live legal entities of the workspace (ids), for the default of an invoice made from a deal. */
export async function liveLegalEntityIds(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('legal_entities')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .limit(2)
    .execute();
  return rows.map((r) => r.id);
}

/** The client as the invoice prints it: name, requisites and the legal (else first) address. */
export async function companyParty(db: Db, workspaceId: string, companyId: string): Promise<Party | undefined> {
  const r = await db
    .selectFrom('companies')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', companyId)
    .executeTakeFirst();
  if (!r) return undefined;
  const addresses = r.addresses ?? [];
  const address = (addresses.find((a) => a.type === 'legal') ?? addresses[0])?.text ?? null;
  return {
    name: r.legal_form ? `${r.legal_form} ${r.name}` : r.name,
    country: r.country,
    inn: r.inn,
    kpp: r.kpp,
    ogrn: r.ogrn,
    eik: r.eik,
    vatNumber: r.vat_number,
    address,
    bankName: r.bank_name,
    bik: r.bik,
    settlementAccount: r.settlement_account,
    correspondentAccount: r.corr_account,
    iban: r.iban,
    bic: null,
    director: null,
    accountant: null,
    vatPayer: null,
  };
}

export async function companyOwner(db: Db, workspaceId: string, companyId: string): Promise<string | null> {
  const r = await db
    .selectFrom('companies')
    .select('owner_id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', companyId)
    .executeTakeFirst();
  return r?.owner_id ?? null;
}

// ---------------------------------------------------------------- lists

export type InvoiceListRow = {
  id: string;
  kind: InvoiceRow['kind'];
  number: string | null;
  status: InvoiceRow['status'];
  overdue: boolean;
  legal_entity_id: string;
  company_id: string;
  deal_id: string | null;
  currency: string;
  issue_date: string;
  due_date: string;
  total: string;
  paid_total: string;
  balance: string;
  owner_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  sort_key: string;
};

/** Owed, past its due date (the caller's today), not cancelled: over alias `c`. */
export const overdueSql = (today: string) =>
  sql<boolean>`(c.kind = 'invoice' and c.status in ('issued', 'partially_paid') and c.balance > 0 and c.due_date < ${today}::date)`;

const listColumns = (today: string) => sql`c.id, c.kind, c.number, c.status, ${overdueSql(today)} as overdue, c.legal_entity_id,
  c.company_id, c.deal_id, c.currency, c.issue_date, c.due_date, c.total, c.paid_total, c.balance, c.owner_id, c.version,
  c.created_at, c.updated_at, c.deleted_at`;

export type ListSpec = Omit<PageQuery, 'entity' | 'table' | 'nameColumn' | 'columns'> & { today: string };

/** One page of invoices through the platform's keyset pager (each owner in scope on its own index). */
export async function listInvoiceRows(db: Db, spec: ListSpec) {
  const { today, ...p } = spec;
  return pageOf<InvoiceListRow>(db, { ...p, entity: 'invoice', table: 'invoices', nameColumn: 'number', columns: listColumns(today) });
}

export type TotalsRow = { currency: string; count: number; total: string; paid_total: string; balance: string; overdue: string };

/** Sums per currency over everything the filters match (not only the page). */
export async function invoiceTotalsRows(
  db: Db,
  user: AuthUser,
  filters: RawBuilder<boolean>[],
  opts: { deleted: boolean; ownerId?: string; today: string },
): Promise<TotalsRow[]> {
  const r = await sql<TotalsRow>`
    select c.currency, count(*)::int as count, sum(c.total)::text as total, sum(c.paid_total)::text as paid_total,
      sum(c.balance) filter (where c.kind = 'invoice' and c.status not in ('draft', 'cancelled'))::text as balance,
      coalesce(sum(c.balance) filter (where ${overdueSql(opts.today)}), 0)::text as overdue
    from invoices c
    where c.workspace_id = ${user.workspaceId} and ${opts.deleted ? sql`c.deleted_at is not null` : sql`c.deleted_at is null`}
      and ${visibleTo(user, 'invoice', 'c')} ${opts.ownerId ? sql`and c.owner_id = ${opts.ownerId}` : sql``}
      ${filters.length ? sql`and ${sql.join(filters, sql` and `)}` : sql``}
    group by c.currency order by c.currency`.execute(db);
  return r.rows;
}

export async function userNames(db: Db, workspaceId: string, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---------------------------------------------------------------- use checks

/** Whether any invoice (a draft too) names the legal entity: then it may not be deleted. */
export async function legalEntityHasInvoices(db: Db, workspaceId: string, legalEntityId: string): Promise<boolean> {
  const r = await db
    .selectFrom('invoices')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('legal_entity_id', '=', legalEntityId)
    .limit(1)
    .executeTakeFirst();
  return !!r;
}
