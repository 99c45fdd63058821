import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// Invoices (and Bulgarian credit notes), their numbering, payments and what payments pay.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- How a legal entity numbers its invoices: the Russian series prefix, and where a Bulgarian
    -- sequence starts (a company moving from another program continues its numbers).
    create table invoice_numbering (
      legal_entity_id uuid primary key references legal_entities(id),
      workspace_id uuid not null references workspaces(id),
      prefix text not null default 'СЧ',
      first_number bigint not null default 1 check (first_number between 1 and 9999999999),
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );

    -- The last number given, per legal entity and year (Russian series restart every year;
    -- Bulgarian numbers run on for ever: year 0). The issuing transaction locks the row, so numbers
    -- are gapless and unique however many instances issue at once.
    create table invoice_counters (
      legal_entity_id uuid not null references legal_entities(id),
      year integer not null check (year >= 0),
      workspace_id uuid not null references workspaces(id),
      last_value bigint not null default 0 check (last_value >= 0),
      primary key (legal_entity_id, year)
    );

    create table invoices (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      kind text not null default 'invoice' check (kind in ('invoice', 'credit_note')),
      legal_entity_id uuid not null references legal_entities(id),
      company_id uuid not null references companies(id),
      contact_id uuid references contacts(id),
      deal_id uuid references deals(id),
      -- Contracts arrive later (D4); the column waits for their table without a foreign key.
      contract_id uuid,
      -- A credit note names the invoice it corrects, and why.
      corrects_invoice_id uuid references invoices(id),
      correction_reason text,
      status text not null default 'draft' check (status in ('draft', 'issued', 'partially_paid', 'paid', 'cancelled')),
      number text,
      series_year integer,
      sequence bigint,
      currency text not null,
      issue_date date not null,
      due_date date not null,
      supply_date date,
      prices_include_vat boolean not null default false,
      vat_exemption_reason text,
      notes text,
      subtotal numeric(20,2) not null default 0,
      vat_total numeric(20,2) not null default 0,
      total numeric(20,2) not null default 0,
      credited_total numeric(20,2) not null default 0 check (credited_total >= 0),
      paid_total numeric(20,2) not null default 0 check (paid_total >= 0),
      balance numeric(20,2) generated always as (total - credited_total - paid_total) stored,
      -- Seller and buyer as printed, frozen at issue (requisites change later; paper does not).
      seller jsonb,
      buyer jsonb,
      owner_id uuid references users(id),
      issued_at timestamptz,
      issued_by uuid references users(id),
      cancelled_at timestamptz,
      cancelled_by uuid references users(id),
      cancel_reason text,
      -- When it stopped being owed (paid in full or cancelled): receivables as of an earlier day
      -- still look at it.
      settled_at timestamptz,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      check (status = 'draft' or number is not null),
      check ((kind = 'credit_note') = (corrects_invoice_id is not null))
    );
    create unique index invoices_number on invoices (legal_entity_id, number) where number is not null;
    create unique index invoices_sequence on invoices (legal_entity_id, series_year, sequence) where sequence is not null;
    -- Lists walk one owner's invoices in issue-date order (platform pageOf), or the workspace's.
    create index invoices_owner_issue on invoices (workspace_id, owner_id, issue_date, id);
    create index invoices_issue on invoices (workspace_id, issue_date, id);
    create index invoices_company on invoices (workspace_id, company_id, issue_date);
    create index invoices_deal on invoices (deal_id) where deal_id is not null;
    create index invoices_corrects on invoices (corrects_invoice_id) where corrects_invoice_id is not null;
    -- What is owed now (overdue filters, receivables today), and what was settled recently.
    create index invoices_open on invoices (workspace_id, due_date) where status in ('issued', 'partially_paid') and deleted_at is null;
    create index invoices_settled on invoices (workspace_id, settled_at) where settled_at is not null;

    create table invoice_lines (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      invoice_id uuid not null references invoices(id),
      position integer not null,
      product_id uuid references products(id),
      name text not null,
      unit text,
      quantity numeric(18,4) not null check (quantity > 0),
      price numeric(20,2) not null check (price >= 0),
      discount_percent numeric(5,2) not null default 0 check (discount_percent between 0 and 100),
      -- A percentage, or 'none' (without VAT).
      vat_rate text not null check (vat_rate = 'none' or vat_rate ~ '^[0-9]{1,2}(\\.[0-9]{1,2})?$'),
      subtotal numeric(20,2) not null,
      vat_amount numeric(20,2) not null,
      total numeric(20,2) not null
    );
    create index invoice_lines_invoice on invoice_lines (invoice_id, position);
    create index invoice_lines_product on invoice_lines (product_id) where product_id is not null;

    create table payments (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      company_id uuid not null references companies(id),
      amount numeric(20,2) not null check (amount > 0),
      currency text not null,
      date date not null,
      method text not null check (method in ('bank_transfer', 'cash', 'card', 'other')),
      reference text,
      notes text,
      reversed_at timestamptz,
      reversed_by uuid references users(id),
      reverse_reason text,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index payments_list on payments (workspace_id, date, id);
    -- The client's advance: its live payments in one currency.
    create index payments_company on payments (workspace_id, company_id, currency, date, id) where reversed_at is null;

    -- What a payment pays. A negative row gives money back to the payment (an invoice cancelled or
    -- credited after it was paid): the history stays, and the money becomes the client's advance.
    create table payment_allocations (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      payment_id uuid not null references payments(id),
      invoice_id uuid not null references invoices(id),
      amount numeric(20,2) not null check (amount <> 0),
      allocated_on date not null,
      source text not null check (source in ('payment', 'advance', 'release')),
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index payment_allocations_invoice on payment_allocations (invoice_id, allocated_on);
    create index payment_allocations_payment on payment_allocations (payment_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table payment_allocations, payments, invoice_lines, invoices, invoice_counters, invoice_numbering cascade`.execute(db);
}
