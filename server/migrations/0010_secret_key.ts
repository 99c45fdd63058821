import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- The id (a fingerprint, never the key) of the key that seals secrets at rest (platform/secrets.ts):
    -- a start with another key, or with none, is refused before anything sealed becomes unreadable.
    create table secret_key (
      only_row boolean primary key default true check (only_row),
      key_id text not null,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table secret_key`.execute(db);
}
