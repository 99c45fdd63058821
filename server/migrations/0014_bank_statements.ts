import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// Bank statements imported from 1C and client-banks (1CClientBankExchange), their documents, and
// what became of each incoming one (a payment, the queue of unmatched ones, ignored).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table bank_statements (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      file_name text,
      -- The file's bytes hashed: the history says when the very same file came again.
      file_sha256 text not null,
      format_version text,
      encoding text not null,
      sender text,
      receiver text,
      created_on date,
      date_from date,
      date_to date,
      -- Our accounts the statement is about (header РасчСчет), and the balances block as read.
      accounts text[] not null default '{}',
      balances jsonb not null default '[]',
      -- Our legal entity whose settlement account the statement is for, when one is.
      legal_entity_id uuid references legal_entities(id),
      documents integer not null check (documents >= 0),
      incoming integer not null check (incoming >= 0),
      outgoing integer not null check (outgoing >= 0),
      matched integer not null check (matched >= 0),
      unmatched integer not null check (unmatched >= 0),
      duplicates integer not null check (duplicates >= 0),
      uploaded_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index bank_statements_list on bank_statements (workspace_id, created_at, id);

    create table bank_statement_documents (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      statement_id uuid not null references bank_statements(id),
      -- 1-based order in the file, and the line of its СекцияДокумент.
      position integer not null,
      line integer not null,
      -- What identifies a payment across files and exports (our account, number, date, amount,
      -- payer account), see bank-statements.identity.ts. One live row per identity: a document seen
      -- again is kept as a duplicate pointing at the first.
      identity text not null,
      duplicate_of uuid references bank_statement_documents(id),
      direction text not null check (direction in ('incoming', 'outgoing', 'other')),
      state text not null check (state in ('matched', 'unmatched', 'ignored', 'outgoing', 'other', 'duplicate')),
      doc_type text,
      number text not null,
      date date,
      amount numeric(20,2) not null,
      currency text not null,
      payer_account text not null,
      payer_inn text not null,
      payer_kpp text not null,
      payer_name text not null,
      payer_bik text not null,
      payer_bank text not null,
      recipient_account text not null,
      recipient_inn text not null,
      recipient_kpp text not null,
      recipient_name text not null,
      recipient_bik text not null,
      recipient_bank text not null,
      debited_on date,
      credited_on date,
      purpose text not null,
      -- Every key as the file wrote it (tax fields, codes): nothing read is lost.
      fields jsonb not null,
      -- How it was matched, to which client, and the payment it became.
      match_rule text check (match_rule in ('invoice_number', 'inn_amount', 'account_amount', 'manual', 'new_client')),
      company_id uuid references companies(id),
      payment_id uuid references payments(id),
      -- The client the rules recognised without finding an invoice: offered first in the queue.
      suggested_company_id uuid references companies(id),
      ignore_reason text,
      resolved_by uuid references users(id),
      resolved_at timestamptz,
      version integer not null default 1,
      check ((state = 'duplicate') = (duplicate_of is not null)),
      check ((state = 'matched') = (payment_id is not null))
    );
    create unique index bank_statement_documents_identity on bank_statement_documents (workspace_id, identity) where duplicate_of is null;
    create index bank_statement_documents_statement on bank_statement_documents (statement_id, position);
    -- The queue: unmatched incoming documents, oldest first.
    create index bank_statement_documents_queue on bank_statement_documents (workspace_id, date, id) where state = 'unmatched';
    create index bank_statement_documents_payment on bank_statement_documents (payment_id) where payment_id is not null;
    -- The third matching rule finds the client by the payer's account.
    create index companies_settlement_account on companies (workspace_id, settlement_account) where settlement_account is not null;
  `.execute(db);
}
