import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// The company's own DOCX templates, and the queue of their conversions to PDF by LibreOffice.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table document_templates (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      name text not null,
      language text not null check (language in ('ru', 'bg', 'en')),
      file_name text not null,
      size integer not null,
      sha256 text not null,
      bytes bytea not null,
      placeholders text[] not null default '{}',
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index document_templates_ws on document_templates (workspace_id, name, id);

    create table template_conversions (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      status text not null default 'queued' check (status in ('queued', 'done', 'failed')),
      docx bytea not null,
      pdf bytea,
      error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index template_conversions_age on template_conversions (created_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table template_conversions; drop table document_templates;`.execute(db);
}
