import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- The extension number of a user's phone on the PBX: who answered a call is matched by it.
    alter table users add column extension text;
    create unique index users_extension on users (workspace_id, extension) where extension is not null and deleted_at is null;

    -- The workspace's phone lines (the numbers clients dial): a call on a line nobody answered
    -- goes to the line's default user when no client owner is known.
    create table telephony_lines (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      number text not null,
      -- Digits of the number's E.164 form (or of the number as given, for short and service numbers):
      -- a call's line in any spelling finds its row through it.
      number_key text not null,
      name text not null,
      default_user_id uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index telephony_lines_number on telephony_lines (workspace_id, number_key);

    -- PBXs Orbita connects to as a client (Asterisk AMI). The secret is sealed (platform/secrets.ts).
    -- One instance at a time follows a connection: it holds the lease and renews it; when it stops
    -- renewing (it died), another instance takes the expired lease over.
    create table telephony_connections (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      provider text not null check (provider in ('asterisk')),
      host text not null,
      port integer not null check (port between 1 and 65535),
      username text not null,
      secret_sealed text not null,
      status text not null default 'pending' check (status in ('pending', 'connecting', 'connected', 'error')),
      error_code text,
      status_at timestamptz not null default now(),
      connected_at timestamptz,
      last_event_at timestamptz,
      lease_holder text,
      lease_until timestamptz,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index telephony_connections_lease on telephony_connections (lease_until) where deleted_at is null;

    -- One row per call, whatever the number of phones that rang: legs are in call_legs.
    create table calls (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      provider text not null,
      provider_call_id text not null,
      connection_id uuid references telephony_connections(id),
      direction text not null check (direction in ('in', 'out', 'internal')),
      status text not null check (status in ('ringing', 'answered', 'missed', 'busy', 'failed')),
      from_number text,
      to_number text,
      line text,
      -- The user's side of the call: the extension that answered (in) or dialled (out).
      extension text,
      disposition text check (disposition in ('answered', 'no_answer', 'busy', 'failed', 'cancelled')),
      started_at timestamptz not null,
      answered_at timestamptz,
      ended_at timestamptz,
      talk_seconds integer check (talk_seconds >= 0),
      recording_ref text,
      user_id uuid references users(id),
      contact_id uuid references contacts(id),
      company_id uuid references companies(id),
      -- The external number the call was matched by (null: not matched yet), and the owner of the
      -- first client it matched then: a missed call is theirs, even if the client moves on later.
      matched_number text,
      client_owner_id uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index calls_provider_id on calls (workspace_id, provider, provider_call_id);
    create index calls_started on calls (workspace_id, started_at desc, id desc);
    create index calls_user_started on calls (workspace_id, user_id, started_at desc, id desc);

    -- Each phone a call rang (a ring group rings several for one caller).
    create table call_legs (
      call_id uuid not null references calls(id),
      workspace_id uuid not null references workspaces(id),
      leg_id text not null,
      extension text,
      started_at timestamptz,
      answered_at timestamptz,
      ended_at timestamptz,
      disposition text check (disposition in ('answered', 'no_answer', 'busy', 'failed', 'cancelled')),
      primary key (call_id, leg_id)
    );

    -- Every contact and company the external number matched.
    create table call_links (
      call_id uuid not null references calls(id),
      workspace_id uuid not null references workspaces(id),
      entity text not null check (entity in ('contact', 'company')),
      entity_id uuid not null,
      primary key (call_id, entity, entity_id)
    );
    create index call_links_record on call_links (workspace_id, entity, entity_id, call_id);

    -- The events as received: a replay of one finds its row and changes nothing.
    create table call_events (
      id bigint generated always as identity primary key,
      workspace_id uuid not null references workspaces(id),
      provider text not null,
      provider_call_id text not null,
      leg_id text not null default '',
      event text not null check (event in ('ringing', 'answered', 'ended', 'recording_ready')),
      call_id uuid not null references calls(id),
      data jsonb not null,
      received_at timestamptz not null default now()
    );
    create unique index call_events_once on call_events (workspace_id, provider, provider_call_id, leg_id, event);
    create index call_events_call on call_events (call_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table call_events, call_links, call_legs, calls, telephony_connections, telephony_lines;
    drop index users_extension;
    alter table users drop column extension;
  `.execute(db);
}
