// SQL of click-to-call requests: queued by whichever instance takes the request, claimed and sent
// by the instance following the PBX, finished with the PBX's answer.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../../platform/database.js';
import type { TelephonyCommandsTable } from '../calls.table.js';

export type CommandRow = Selectable<TelephonyCommandsTable>;

export async function insertCommand(db: Db, values: Insertable<TelephonyCommandsTable>): Promise<CommandRow> {
  return db.insertInto('telephony_commands').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findCommand(db: Db, workspaceId: string, id: string): Promise<CommandRow | undefined> {
  return db.selectFrom('telephony_commands').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the queued requests of these connections for sending (skip locked: two instances never
 * take the same one). Requests older than `staleBefore` were not sent in time: they fail instead,
 * a phone ringing a minute after the click would surprise its user.
 */
export async function claimCommands(db: Db, connectionIds: string[], staleBefore: Date): Promise<CommandRow[]> {
  if (!connectionIds.length) return [];
  await sql`update telephony_commands set status = 'failed', error = 'TIMEOUT', done_at = now()
    where status = 'queued' and connection_id = any(${connectionIds}::uuid[]) and created_at < ${staleBefore}`.execute(db);
  const r = await sql<CommandRow>`update telephony_commands t set status = 'sent'
    where t.id in (select id from telephony_commands
      where status = 'queued' and connection_id = any(${connectionIds}::uuid[])
      order by created_at limit 20 for update skip locked)
    returning t.*`.execute(db);
  return r.rows;
}

export async function finishCommand(db: Db, id: string, outcome: { status: 'done' | 'failed'; error?: string | null }): Promise<void> {
  await db
    .updateTable('telephony_commands')
    .set({ status: outcome.status, error: outcome.error ?? null, done_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** A merged contact's click-to-call requests name the kept one. */
export async function relinkCommands(db: Db, workspaceId: string, mergedId: string, keptId: string): Promise<void> {
  await db
    .updateTable('telephony_commands')
    .set({ contact_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', mergedId)
    .execute();
}
