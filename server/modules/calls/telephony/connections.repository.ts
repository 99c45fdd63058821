// SQL of PBX connections: the rows the admin manages, their status as the following instance
// reports it, and the lease that lets one instance at a time follow each connection.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../../platform/database.js';
import type { ConnectionStatus, TelephonyConnectionsTable } from '../calls.table.js';

export type ConnectionRow = Selectable<TelephonyConnectionsTable>;

export async function listConnectionRows(db: Db, workspaceId: string): Promise<ConnectionRow[]> {
  return db
    .selectFrom('telephony_connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findConnectionRow(db: Db, workspaceId: string, id: string): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom('telephony_connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertConnection(db: Db, values: Insertable<TelephonyConnectionsTable>): Promise<ConnectionRow> {
  return db.insertInto('telephony_connections').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Deletes softly: the calls keep their connection; the instance following it lets go at its next renewal. */
export async function deleteConnection(db: Db, workspaceId: string, id: string): Promise<void> {
  await db
    .updateTable('telephony_connections')
    .set({ deleted_at: new Date(), lease_holder: null, lease_until: null })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/**
 * Renews the leases `holder` has and returns their ids: a connection missing from the answer was
 * deleted or taken over (its lease ran out while this instance stalled) and must be let go.
 */
export async function renewLeases(db: Db, holder: string, leaseMs: number): Promise<Set<string>> {
  const r = await sql<{ id: string }>`update telephony_connections
    set lease_until = now() + ${leaseMs} * interval '1 millisecond'
    where lease_holder = ${holder} and lease_until > now() and deleted_at is null
    returning id`.execute(db);
  return new Set(r.rows.map((x) => x.id));
}

/**
 * Takes the leases nobody holds, or whose holder stopped renewing them (it died), for `holder`.
 * Concurrent instances skip rows another is taking (skip locked), so each lease has one holder.
 */
// Only Asterisk is followed over a socket; the cloud PBXs call in (telephony/cloud.routes.ts).
export async function claimLeases(db: Db, holder: string, leaseMs: number, limit = 20): Promise<ConnectionRow[]> {
  const r = await sql<ConnectionRow>`update telephony_connections c
    set lease_holder = ${holder}, lease_until = now() + ${leaseMs} * interval '1 millisecond'
    where c.id in (select id from telephony_connections
      where deleted_at is null and provider = 'asterisk' and (lease_holder is null or lease_until <= now())
      order by created_at limit ${limit} for update skip locked)
    returning c.*`.execute(db);
  return r.rows;
}

/** Gives the leases of `holder` back (a graceful stop): another instance takes them at once. */
export async function releaseLeases(db: Db, holder: string): Promise<void> {
  await db.updateTable('telephony_connections').set({ lease_holder: null, lease_until: null }).where('lease_holder', '=', holder).execute();
}

/** Records the status the holder sees; an instance that lost the lease writes nothing. */
export async function setConnectionStatus(
  db: Db,
  id: string,
  holder: string,
  s: { status: ConnectionStatus; errorCode?: string | null },
): Promise<void> {
  await db
    .updateTable('telephony_connections')
    .set({
      status: s.status,
      ...(s.errorCode !== undefined ? { error_code: s.errorCode } : {}),
      ...(s.status === 'connected' ? { connected_at: new Date() } : {}),
      status_at: new Date(),
    })
    .where('id', '=', id)
    .where('lease_holder', '=', holder)
    .execute();
}

export async function touchLastEvent(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('telephony_connections').set({ last_event_at: at }).where('id', '=', id).execute();
}

/** A live connection by its id alone: a cloud PBX's webhook names it in the path, with no session. */
export async function findConnectionById(db: Db, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('telephony_connections').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/** A signed event arrived from a cloud PBX: the admin sees the connection as working. */
export async function markCloudEvent(db: Db, id: string, at: Date): Promise<void> {
  await sql`update telephony_connections
    set last_event_at = ${at}, connected_at = coalesce(connected_at, ${at}), error_code = null,
      status_at = case when status = 'connected' then status_at else ${at} end, status = 'connected'
    where id = ${id}`.execute(db);
}
