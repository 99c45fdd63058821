import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// Our own legal entities: the companies of the workspace that issue documents and invoices.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table legal_entities (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      name text not null,
      country text not null check (country in ('RU', 'BG')),
      inn text,
      kpp text,
      ogrn text,
      eik text,
      vat_number text,
      vat_payer boolean not null default true,
      address text,
      bank_name text,
      bik text,
      settlement_account text,
      correspondent_account text,
      iban text,
      bic text,
      director text,
      accountant text,
      default_currency text not null,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index legal_entities_ws on legal_entities (workspace_id, name, id) where deleted_at is null;

    -- Apart from the entity, so listing entities never reads the bytes.
    create table legal_entity_images (
      workspace_id uuid not null references workspaces(id),
      legal_entity_id uuid not null references legal_entities(id),
      kind text not null check (kind in ('logo', 'signature', 'stamp')),
      mime_type text not null,
      size integer not null,
      bytes bytea not null,
      updated_at timestamptz not null default now(),
      primary key (legal_entity_id, kind)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table legal_entity_images; drop table legal_entities;`.execute(db);
}
