import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- How Asterisk reaches a user's phone and where the number is dialled (click-to-call):
    -- the channel with {extension} in it, and the dialplan context of the outgoing call.
    alter table telephony_connections add column originate_channel text not null default 'PJSIP/{extension}';
    alter table telephony_connections add column originate_context text not null default 'from-internal';

    -- Click-to-call requests. The instance that follows the PBX (the lease holder) sends them; the
    -- one that took the request may be another, so they meet here: queued, sent, done or failed.
    create table telephony_commands (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      connection_id uuid not null references telephony_connections(id),
      user_id uuid not null references users(id),
      contact_id uuid references contacts(id),
      extension text not null,
      number text not null,
      status text not null default 'queued' check (status in ('queued', 'sent', 'done', 'failed')),
      error text,
      created_at timestamptz not null default now(),
      done_at timestamptz
    );
    create index telephony_commands_queued on telephony_commands (connection_id, created_at) where status = 'queued';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table telephony_commands;
    alter table telephony_connections drop column originate_channel;
    alter table telephony_connections drop column originate_context;
  `.execute(db);
}
