import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Contracts with clients (D4): the terms the invoices under them follow, the client's credit
    -- limit with that seller, and its prices, which override the price list.
    create table contracts (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      company_id uuid not null references companies(id),
      legal_entity_id uuid not null references legal_entities(id),
      number text not null,
      date date not null,
      valid_from date not null,
      valid_to date,
      payment_term_days integer not null default 0 check (payment_term_days between 0 and 3650),
      prepayment_percent numeric(5, 2) not null default 0 check (prepayment_percent between 0 and 100),
      -- null: no limit (the hold then follows overdue invoices only).
      credit_limit numeric(18, 2) check (credit_limit >= 0),
      currency text not null,
      notes text,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      check (valid_to is null or valid_to >= valid_from)
    );
    -- A seller numbers its contracts once; the bin keeps old numbers free for reuse.
    create unique index contracts_number on contracts (workspace_id, legal_entity_id, lower(number)) where deleted_at is null;
    create index contracts_company on contracts (workspace_id, company_id, valid_from desc) where deleted_at is null;

    create table contract_prices (
      contract_id uuid not null references contracts(id) on delete cascade,
      workspace_id uuid not null references workspaces(id),
      product_id uuid not null references products(id),
      price numeric(18, 2) not null check (price >= 0),
      primary key (contract_id, product_id)
    );
    create index contract_prices_product on contract_prices (product_id);

    -- A stage a deal enters only while its client is not on credit hold (for example «Отгрузка»).
    alter table pipeline_stages add column requires_credit_clearance boolean not null default false;

    -- The deal's contract block becomes a link to a contract (the free-form block stays for old deals).
    alter table deals add column contract_id uuid references contracts(id);
    create index deals_contract on deals (contract_id) where contract_id is not null;

    -- invoices.contract_id was written unchecked before contracts existed: checked from now on,
    -- old values are kept as they were (not valid: existing rows are not re-checked).
    alter table invoices add constraint invoices_contract_fk foreign key (contract_id) references contracts(id) not valid;
    create index invoices_contract on invoices (contract_id) where contract_id is not null;

    -- One-time passes through a credit hold, granted by finance, the director or admin with a
    -- reason; the next blocked action for that client uses it (who, what and when is recorded).
    create table credit_overrides (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      company_id uuid not null references companies(id),
      reason text not null,
      granted_by uuid not null references users(id),
      granted_at timestamptz not null default now(),
      used_at timestamptz,
      used_by uuid references users(id),
      used_for_kind text check (used_for_kind in ('invoice', 'deal')),
      used_for_id uuid
    );
    create index credit_overrides_open on credit_overrides (workspace_id, company_id, granted_at) where used_at is null;
  `.execute(db);
}
