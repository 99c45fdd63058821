import { sql, type Insertable, type Selectable } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { visibilityOf } from '../../platform/registry.js';
import type { BankStatementDocumentsTable, BankStatementsTable } from './bank-statements.table.js';

// SQL of bank statements. The matching reads invoices, companies and legal entities in SQL, as a
// read model does (one query per rule for a whole file, not one per document); every write to
// those goes through their modules' services.

export type StatementRow = Selectable<BankStatementsTable>;
export type DocumentRow = Selectable<BankStatementDocumentsTable>;

/** Our legal entities with their settlement account and Russian series prefix. */
export async function entitiesOf(db: Db, workspaceId: string) {
  const r = await sql<{ id: string; country: string; settlement_account: string | null; prefix: string }>`
    select e.id, e.country, e.settlement_account, coalesce(n.prefix, 'СЧ') as prefix
    from legal_entities e left join invoice_numbering n on n.legal_entity_id = e.id
    where e.workspace_id = ${workspaceId} and e.deleted_at is null order by e.created_at, e.id`.execute(db);
  return r.rows;
}

export type OpenInvoice = {
  id: string;
  number: string;
  company_id: string;
  company_inn: string | null;
  company_account: string | null;
  legal_entity_id: string;
  currency: string;
  issue_date: string;
  due_date: string;
  total: string;
  balance: string;
};

/** Open invoices the caller may see: with one of these numbers, or billed to one of these clients. */
export async function openInvoices(
  db: Db,
  user: AuthUser,
  by: { numbers?: readonly string[]; companyIds?: readonly string[] },
): Promise<OpenInvoice[]> {
  const arms = [];
  if (by.numbers?.length) arms.push(sql`upper(i.number) = any(${[...by.numbers]}::text[])`);
  if (by.companyIds?.length) arms.push(sql`i.company_id = any(${[...by.companyIds]}::uuid[])`);
  if (!arms.length) return [];
  const r = await sql<OpenInvoice>`
    select i.id, i.number, i.company_id, c.inn as company_inn, c.settlement_account as company_account, i.legal_entity_id,
      i.currency, i.issue_date, i.due_date, i.total::text, i.balance::text
    from invoices i join companies c on c.id = i.company_id and c.workspace_id = i.workspace_id
    where i.workspace_id = ${user.workspaceId} and i.kind = 'invoice' and i.deleted_at is null
      and i.status in ('issued', 'partially_paid') and i.balance > 0 and (${sql.join(arms, sql` or `)})
      and ${visibilityOf(user, 'invoice', 'i')}
    order by i.due_date, i.issue_date, i.series_year, i.sequence, i.id`.execute(db);
  return r.rows;
}

export type ClientRow = { id: string; inn: string | null; settlement_account: string | null };

/** Live clients the caller may see whose INN or settlement account is one of these. */
export async function clientsBy(db: Db, user: AuthUser, inns: readonly string[], accounts: readonly string[]): Promise<ClientRow[]> {
  const arms = [];
  if (inns.length) arms.push(sql`c.inn = any(${[...inns]}::text[])`);
  if (accounts.length) arms.push(sql`c.settlement_account = any(${[...accounts]}::text[])`);
  if (!arms.length) return [];
  const r = await sql<ClientRow>`select c.id, c.inn, c.settlement_account from companies c
    where c.workspace_id = ${user.workspaceId} and c.deleted_at is null and (${sql.join(arms, sql` or `)})
      and ${visibilityOf(user, 'company', 'c')}
    order by c.created_at, c.id`.execute(db);
  return r.rows;
}

/** The live documents (first imports) among these identities, by identity. */
export async function knownIdentities(db: Db, workspaceId: string, identities: readonly string[]): Promise<Map<string, string>> {
  if (!identities.length) return new Map();
  const r = await sql<{ id: string; identity: string }>`select id, identity from bank_statement_documents
    where workspace_id = ${workspaceId} and duplicate_of is null and identity = any(${[...identities]}::text[])`.execute(db);
  return new Map(r.rows.map((x) => [x.identity, x.id]));
}

export async function insertStatement(db: Db, values: Insertable<BankStatementsTable>): Promise<string> {
  return (await db.insertInto('bank_statements').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** Inserts documents in chunks (a parameter list has at most 65535 values). */
export async function insertDocuments(db: Db, rows: Insertable<BankStatementDocumentsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('bank_statement_documents')
      .values(rows.slice(i, i + 500))
      .execute();
}

const waiting = sql<number>`(select count(*) from bank_statement_documents d where d.statement_id = s.id and d.state = 'unmatched')::int`;

export type StatementListRow = StatementRow & { waiting: number; uploader_name: string | null; sort_key: string };

/** A page of statements, newest first, keyset on (created_at, id). */
export async function listStatements(db: Db, workspaceId: string, after: [string, string] | undefined, limit: number) {
  const r = await sql<StatementListRow>`select s.*, ${waiting} as waiting, u.name as uploader_name, s.created_at::text as sort_key
    from bank_statements s left join users u on u.id = s.uploaded_by
    where s.workspace_id = ${workspaceId}
      ${after ? sql`and (s.created_at, s.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by s.created_at desc, s.id desc limit ${limit + 1}`.execute(db);
  return r.rows;
}

export async function findStatement(db: Db, workspaceId: string, id: string): Promise<StatementListRow | undefined> {
  const r = await sql<StatementListRow>`select s.*, ${waiting} as waiting, u.name as uploader_name, s.created_at::text as sort_key
    from bank_statements s left join users u on u.id = s.uploaded_by
    where s.workspace_id = ${workspaceId} and s.id = ${id}`.execute(db);
  return r.rows[0];
}

export type DocumentListRow = DocumentRow & { resolver_name: string | null; sort_key: string };

const documentColumns = sql`d.*, u.name as resolver_name`;

/** A page of one statement's documents in file order, optionally in one state. */
export async function documentsOfStatement(
  db: Db,
  workspaceId: string,
  statementId: string,
  state: string | undefined,
  after: number | undefined,
  limit: number,
): Promise<DocumentListRow[]> {
  const r = await sql<DocumentListRow>`select ${documentColumns}, d.position::text as sort_key
    from bank_statement_documents d left join users u on u.id = d.resolved_by
    where d.workspace_id = ${workspaceId} and d.statement_id = ${statementId}
      ${state ? sql`and d.state = ${state}` : sql``} ${after !== undefined ? sql`and d.position > ${after}` : sql``}
    order by d.position limit ${limit + 1}`.execute(db);
  return r.rows;
}

/** A page of incoming documents of every statement in one state, oldest payment first (the queue). */
export async function queue(db: Db, workspaceId: string, state: string, after: [string, string] | undefined, limit: number) {
  const r = await sql<DocumentListRow>`select ${documentColumns}, coalesce(d.date, '-infinity'::date)::text as sort_key
    from bank_statement_documents d left join users u on u.id = d.resolved_by
    where d.workspace_id = ${workspaceId} and d.state = ${state} and d.direction = 'incoming'
      ${after ? sql`and (coalesce(d.date, '-infinity'::date), d.id) > (${after[0]}::date, ${after[1]}::uuid)` : sql``}
    order by coalesce(d.date, '-infinity'::date), d.id limit ${limit + 1}`.execute(db);
  return r.rows;
}

export async function findDocument(db: Db, workspaceId: string, id: string): Promise<DocumentListRow | undefined> {
  const r = await sql<DocumentListRow>`select ${documentColumns}, d.position::text as sort_key
    from bank_statement_documents d left join users u on u.id = d.resolved_by
    where d.workspace_id = ${workspaceId} and d.id = ${id}`.execute(db);
  return r.rows[0];
}

/** The document row locked for the rest of the transaction (a settlement of it waits for another). */
export async function lockDocument(trx: Db, workspaceId: string, id: string): Promise<DocumentRow | undefined> {
  return trx
    .selectFrom('bank_statement_documents')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function settleDocument(
  trx: Db,
  row: DocumentRow,
  values: Pick<DocumentRow, 'state' | 'match_rule' | 'company_id' | 'payment_id' | 'ignore_reason' | 'resolved_by'>,
): Promise<void> {
  await trx
    .updateTable('bank_statement_documents')
    .set({ ...values, resolved_at: new Date(), version: row.version + 1 })
    .where('id', '=', row.id)
    .execute();
}

/** Net allocations of these payments per invoice (live payments only), for the documents' answers. */
export async function allocationsOf(db: Db, workspaceId: string, paymentIds: readonly string[]) {
  if (!paymentIds.length) return [];
  const r = await sql<{ payment_id: string; invoice_id: string; amount: string }>`
    select a.payment_id, a.invoice_id, sum(a.amount)::text as amount from payment_allocations a
    join payments p on p.id = a.payment_id and p.reversed_at is null
    join invoices i on i.id = a.invoice_id
    where a.workspace_id = ${workspaceId} and a.payment_id = any(${[...paymentIds]}::uuid[])
    group by a.payment_id, a.invoice_id, i.due_date, i.number having sum(a.amount) <> 0
    -- Allocations of one payment share their transaction's created_at: the invoices' own order breaks the tie.
    order by a.payment_id, min(a.created_at), i.due_date, i.number, a.invoice_id`.execute(db);
  return r.rows;
}

/** Puts the documents a reversed payment came from back in the queue. */
export async function unsettleByPayment(trx: Db, workspaceId: string, paymentId: string): Promise<DocumentRow[]> {
  return trx
    .updateTable('bank_statement_documents')
    .set((eb) => ({
      state: 'unmatched',
      match_rule: null,
      payment_id: null,
      // The client stays as the one offered first when it is matched again.
      suggested_company_id: sql<string | null>`coalesce(company_id, suggested_company_id)`,
      company_id: null,
      resolved_by: null,
      resolved_at: null,
      version: eb('version', '+', 1),
    }))
    .where('workspace_id', '=', workspaceId)
    .where('payment_id', '=', paymentId)
    .returningAll()
    .execute();
}
