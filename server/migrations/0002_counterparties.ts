import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table companies (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      name text not null,
      legal_form text,
      country text,
      inn text, kpp text, ogrn text,
      bik text, bank_name text, settlement_account text, corr_account text,
      eik text, vat_number text, iban text,
      addresses jsonb not null default '[]'::jsonb,
      phones jsonb not null default '[]'::jsonb,
      emails jsonb not null default '[]'::jsonb,
      website text,
      industry text,
      segment text,
      source text,
      tags text[] not null default '{}',
      owner_id uuid references users(id),
      notes text,
      search_phones text not null default '',
      search_emails text not null default '',
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index companies_owner_name on companies (workspace_id, owner_id, name) where deleted_at is null;
    create index companies_ws_name on companies (workspace_id, name, id) where deleted_at is null;
    create index companies_inn on companies (workspace_id, inn) where inn is not null;
    create index companies_eik on companies (workspace_id, eik) where eik is not null;
    create index companies_name_trgm on companies using gin (lower(name) gin_trgm_ops);
    create index companies_phones_trgm on companies using gin (search_phones gin_trgm_ops);
    create index companies_tags on companies using gin (tags);

    create table contacts (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      first_name text not null default '',
      middle_name text,
      last_name text,
      full_name text generated always as (
        btrim(coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(middle_name, ''))
      ) stored,
      company_id uuid references companies(id),
      position text,
      phones jsonb not null default '[]'::jsonb,
      emails jsonb not null default '[]'::jsonb,
      messengers jsonb not null default '[]'::jsonb,
      addresses jsonb not null default '[]'::jsonb,
      birthday date,
      important_dates jsonb not null default '[]'::jsonb,
      preferences jsonb not null default '[]'::jsonb,
      segment text,
      source text,
      tags text[] not null default '{}',
      owner_id uuid references users(id),
      notes text,
      search_phones text not null default '',
      search_emails text not null default '',
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index contacts_owner_name on contacts (workspace_id, owner_id, full_name, id) where deleted_at is null;
    create index contacts_ws_name on contacts (workspace_id, full_name, id) where deleted_at is null;
    create index contacts_company on contacts (company_id);
    create index contacts_name_trgm on contacts using gin (lower(full_name) gin_trgm_ops);
    create index contacts_phones_trgm on contacts using gin (search_phones gin_trgm_ops);
    create index contacts_emails_trgm on contacts using gin (search_emails gin_trgm_ops);
    create index contacts_tags on contacts using gin (tags);

    -- A person can work in several companies, each with a position.
    create table contact_companies (
      workspace_id uuid not null references workspaces(id),
      contact_id uuid not null references contacts(id),
      company_id uuid not null references companies(id),
      position text,
      is_primary boolean not null default false,
      primary key (contact_id, company_id)
    );
    create index contact_companies_company on contact_companies (company_id);

    -- Who knows whom, who referred whom.
    create table contact_links (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      from_contact_id uuid not null references contacts(id),
      to_contact_id uuid not null references contacts(id),
      kind text not null check (kind in ('knows','referred')),
      note text,
      created_at timestamptz not null default now(),
      unique (from_contact_id, to_contact_id, kind)
    );
    create index contact_links_to on contact_links (to_contact_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table contact_links, contact_companies, contacts, companies cascade`.execute(db);
}
