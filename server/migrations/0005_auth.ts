import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// Sign-in hardening (limiter outcomes), TOTP, recovery codes, API tokens, and the audit's "via".
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- pending: counted as a failure while the password is being verified, so parallel guesses see it;
    -- totp_required: the password was right but the second factor is still missing (not a failure).
    alter table login_attempts add column outcome text not null default 'failed'
      check (outcome in ('pending', 'failed', 'succeeded', 'totp_required'));
    update login_attempts set outcome = 'succeeded' where succeeded;
    create index login_attempts_email_ip on login_attempts (lower(email), ip, at);

    alter table workspaces add column totp_required_roles text[] not null default '{}';

    alter table users add column totp_secret text;
    alter table users add column totp_pending_secret text;
    alter table users add column totp_enabled_at timestamptz;
    -- The last accepted 30-second step: a code of that step or an earlier one is never accepted again.
    alter table users add column totp_last_step bigint;

    create table recovery_codes (
      id bigserial primary key,
      user_id uuid not null references users(id),
      code_hash text not null,
      created_at timestamptz not null default now(),
      used_at timestamptz
    );
    create index recovery_codes_user on recovery_codes (user_id);

    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      user_id uuid not null references users(id),
      name text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_tokens_user on api_tokens (user_id, created_at desc);

    alter table audit_log add column via text check (via in ('session', 'api_token'));
    alter table audit_log add column api_token_id uuid references api_tokens(id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table audit_log drop column api_token_id, drop column via;
    drop table api_tokens, recovery_codes;
    alter table users drop column totp_secret, drop column totp_pending_secret, drop column totp_enabled_at, drop column totp_last_step;
    alter table workspaces drop column totp_required_roles;
    drop index login_attempts_email_ip;
    alter table login_attempts drop column outcome;
  `.execute(db);
}
