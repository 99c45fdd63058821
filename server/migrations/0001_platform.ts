import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`
    create table workspaces (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      default_language text not null default 'ru',
      default_currency text not null default 'RUB',
      time_zone text not null default 'Europe/Moscow',
      created_at timestamptz not null default now()
    );
    create table teams (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      name text not null,
      lead_id uuid,
      created_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index teams_ws on teams (workspace_id);
    create index teams_lead on teams (lead_id);
    create table users (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      email text not null,
      name text not null,
      password_hash text not null,
      role text not null check (role in ('admin','director','head_of_sales','manager','finance','marketing','operator')),
      team_id uuid references teams(id),
      language text not null default 'ru' check (language in ('ru','bg','en')),
      time_zone text not null default 'Europe/Moscow',
      capacity integer,
      is_active boolean not null default true,
      calendar_token text unique,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create unique index users_email on users (lower(email));
    create index users_ws on users (workspace_id);
    create index users_team on users (team_id);
    alter table teams add constraint teams_lead_fk foreign key (lead_id) references users(id);
    create table sessions (
      id text primary key,
      user_id uuid not null references users(id),
      workspace_id uuid not null references workspaces(id),
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now()
    );
    create index sessions_user on sessions (user_id);
    create table login_attempts (
      id bigserial primary key,
      email text not null,
      ip text not null,
      succeeded boolean not null,
      at timestamptz not null default now()
    );
    create index login_attempts_email on login_attempts (lower(email), at);
    create index login_attempts_ip on login_attempts (ip, at);
    create table setup_tokens (
      token text primary key,
      created_at timestamptz not null default now(),
      used_at timestamptz
    );
    create table audit_log (
      id bigserial primary key,
      workspace_id uuid not null references workspaces(id),
      entity text not null,
      entity_id uuid not null,
      action text not null,
      user_id uuid references users(id),
      at timestamptz not null default now(),
      before jsonb,
      after jsonb,
      changes jsonb
    );
    create index audit_entity on audit_log (workspace_id, entity, entity_id, at desc);
    create table record_shares (
      workspace_id uuid not null references workspaces(id),
      entity text not null,
      entity_id uuid not null,
      user_id uuid not null references users(id),
      created_at timestamptz not null default now(),
      primary key (entity, entity_id, user_id)
    );
    create index record_shares_user on record_shares (user_id, entity);
    create table timeline_events (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      entity text not null,
      entity_id uuid not null,
      kind text not null,
      occurred_at timestamptz not null default now(),
      user_id uuid references users(id),
      ref_entity text,
      ref_id uuid,
      body text,
      data jsonb not null default '{}'::jsonb,
      deleted_at timestamptz
    );
    create index timeline_entity on timeline_events (entity_id, occurred_at desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table timeline_events, record_shares, audit_log, setup_tokens, login_attempts, sessions, users, teams, workspaces cascade`.execute(db);
}
