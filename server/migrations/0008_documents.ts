import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table documents (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      current_version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );

    -- Every version keeps its own name, sniffed type and content hash; the bytes live apart.
    create table document_versions (
      document_id uuid not null references documents(id),
      version integer not null check (version >= 1),
      workspace_id uuid not null references workspaces(id),
      name text not null,
      mime_type text not null,
      size bigint not null check (size >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      -- Where the bytes were put, so switching the provider later still reads older versions.
      storage text not null check (storage in ('database', 'filesystem')),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      primary key (document_id, version)
    );

    -- The database provider's bytes, content-addressed per workspace: listing documents never
    -- touches this table, and identical uploads are stored once.
    create table document_contents (
      workspace_id uuid not null references workspaces(id),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      bytes bytea not null,
      created_at timestamptz not null default now(),
      primary key (workspace_id, sha256)
    );

    create table document_links (
      document_id uuid not null references documents(id),
      workspace_id uuid not null references workspaces(id),
      entity text not null,
      entity_id uuid not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      primary key (document_id, entity, entity_id)
    );
    -- The documents of one record, newest first.
    create index document_links_record on document_links (workspace_id, entity, entity_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table document_links, document_contents, document_versions, documents cascade`.execute(db);
}
