import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  // Calls whose end never came (the PBX restarted, a webhook was lost): the sweep finds them here.
  await sql`create index calls_open on calls (started_at) where ended_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index calls_open`.execute(db);
}
