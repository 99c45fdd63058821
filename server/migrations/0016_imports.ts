import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// Imports of contacts, companies, deals and activities from files: the uploaded file and its
// progress (committed with each batch, so a restarted job resumes where the last batch ended),
// the rows it rejected or warned about, and every record it created or updated (for undo).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table imports (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      user_id uuid not null references users(id),
      entity text not null check (entity in ('companies', 'contacts', 'deals', 'activities')),
      preset text check (preset in ('amocrm', 'bitrix24', 'hubspot', 'pipedrive')),
      file_name text not null,
      file_sha256 text not null,
      file bytea not null,
      format text not null check (format in ('csv', 'xlsx', 'vcf')),
      encoding text,
      delimiter text,
      sheet text,
      columns jsonb not null default '[]',
      mapping jsonb not null default '{}',
      options jsonb not null default '{}',
      duplicates text not null check (duplicates in ('skip', 'update', 'create')),
      dry_run boolean not null,
      language text not null,
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed', 'cancelled')),
      cancel_requested boolean not null default false,
      -- The job working on it and when it last showed life: a job killed with its instance leaves a
      -- stale heartbeat, and the import is taken over by a new job (graphile-worker itself would
      -- leave the dead job locked for hours).
      runner text,
      heartbeat_at timestamptz,
      total integer not null default 0,
      processed integer not null default 0,
      created integer not null default 0,
      updated integer not null default 0,
      skipped integer not null default 0,
      rejected integer not null default 0,
      warnings integer not null default 0,
      -- Records made besides the rows' own: the companies of imported contacts.
      linked_created integer not null default 0,
      failure text,
      undo_status text check (undo_status in ('queued', 'running', 'done')),
      undo_reverted integer not null default 0,
      undo_kept integer not null default 0,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    );
    create index imports_user on imports (workspace_id, user_id, created_at desc);
    -- One import of a file at a time: a second upload of the same bytes waits for the first.
    create unique index imports_one_per_file on imports (workspace_id, file_sha256)
      where status in ('queued', 'running') and not dry_run;

    create table import_issues (
      id bigint generated always as identity primary key,
      import_id uuid not null references imports(id) on delete cascade,
      row_no integer not null,
      level text not null check (level in ('error', 'warning')),
      "column" text,
      field text,
      code text not null,
      params jsonb not null default '{}',
      "values" jsonb
    );
    create index import_issues_import on import_issues (import_id, level, row_no, id);

    create table import_records (
      import_id uuid not null references imports(id) on delete cascade,
      entity text not null,
      entity_id uuid not null,
      action text not null check (action in ('created', 'updated')),
      row_no integer not null,
      version integer not null,
      before jsonb,
      primary key (import_id, entity, entity_id)
    );

    -- Duplicates by phone or e-mail for a whole batch of rows in one lookup: the array overlap
    -- (&&) of the import's duplicate check reaches these instead of scanning every contact.
    -- Without the fast-update list: a lookup would compare every pending entry with every number
    -- of the batch, and an import keeps that list full.
    create index contacts_phone_list on contacts using gin (string_to_array(search_phones, ' ')) with (fastupdate = off);
    create index contacts_email_list on contacts using gin (string_to_array(search_emails, ' ')) with (fastupdate = off);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists contacts_email_list;
    drop index if exists contacts_phone_list;
    drop table if exists import_records;
    drop table if exists import_issues;
    drop table if exists imports;
  `.execute(db);
}
