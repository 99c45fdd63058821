import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// graphile-worker's queue is not here: it keeps its own schema and migrations (platform/jobs.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table webhooks (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      -- The admin who created it: deliveries carry only what this user may open.
      owner_id uuid not null references users(id),
      url text not null,
      events text[] not null,
      -- Kept readable: every delivery is signed with it (HMAC-SHA256); shown once, at creation.
      secret text not null,
      is_active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    -- Every audited change asks which live webhooks of its workspace want its event.
    create index webhooks_ws_events on webhooks using gin (events) where deleted_at is null and is_active;
    create index webhooks_ws on webhooks (workspace_id, created_at) where deleted_at is null;

    create table webhook_deliveries (
      id uuid primary key default gen_random_uuid(),
      -- Order and cursor of a webhook's delivery list.
      seq bigint generated always as identity unique,
      workspace_id uuid not null references workspaces(id),
      webhook_id uuid not null references webhooks(id),
      -- One id per event, the same for every webhook it goes to: receivers deduplicate by it.
      event_id uuid not null,
      event_type text not null,
      -- The exact JSON sent and signed, built when the event happened.
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'retrying', 'delivered', 'failed')),
      attempts integer not null default 0,
      response_code integer,
      last_error text,
      job_id bigint,
      created_at timestamptz not null default now(),
      last_attempt_at timestamptz,
      delivered_at timestamptz,
      unique (webhook_id, event_id)
    );
    create index webhook_deliveries_hook on webhook_deliveries (webhook_id, seq desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table webhook_deliveries; drop table webhooks;`.execute(db);
}
