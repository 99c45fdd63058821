import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Exports too large to stream in a request: a job writes the file, the caller downloads it
    -- until expires_at, then the hourly pruning deletes it. The query is stored as the caller sent
    -- it and is run again with the caller's access when the job starts.
    create table exports (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      user_id uuid not null references users(id),
      entity text not null check (entity in ('contacts', 'companies', 'deals', 'activities')),
      format text not null check (format in ('csv', 'xlsx', 'vcf')),
      query jsonb not null,
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      total integer not null default 0,
      processed integer not null default 0,
      file_name text not null,
      content_type text not null,
      size bigint,
      error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      expires_at timestamptz not null
    );
    create index exports_user on exports (workspace_id, user_id, created_at desc);
    create index exports_expiry on exports (expires_at);

    -- The file in pieces of about a megabyte, in order: written as the rows stream out and read the
    -- same way, so neither the job nor the download holds the whole file; every instance serves it.
    create table export_chunks (
      export_id uuid not null references exports(id) on delete cascade,
      seq integer not null,
      bytes bytea not null,
      primary key (export_id, seq)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table export_chunks; drop table exports;`.execute(db);
}
