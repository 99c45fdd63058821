import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// Invoices sent by e-mail: each sending, the exact attachment it carries, and how it went. The
// sending itself is a graphile-worker job (platform/jobs.ts) that retries on failure.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table invoice_mailings (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      invoice_id uuid not null references invoices(id),
      -- Who sent it: the letter goes out in their name (Reply-To) and on their behalf in the timeline.
      sent_by uuid not null references users(id),
      recipients text[] not null,
      subject text not null,
      message text not null,
      -- The PDF as it was when the sending was asked for: what the client gets is what was seen.
      file_name text not null,
      attachment bytea not null,
      status text not null default 'queued' check (status in ('queued', 'retrying', 'sent', 'failed')),
      attempts integer not null default 0,
      last_error text,
      message_id text,
      job_id bigint,
      created_at timestamptz not null default now(),
      last_attempt_at timestamptz,
      sent_at timestamptz
    );
    create index invoice_mailings_invoice on invoice_mailings (invoice_id, created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table invoice_mailings;`.execute(db);
}
