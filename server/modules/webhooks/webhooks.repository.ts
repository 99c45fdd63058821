import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../platform/database.js';
import type { WebhookDeliveriesTable, WebhooksTable } from './webhooks.table.js';

const hookColumns = [
  'w.id',
  'w.url',
  'w.events',
  'w.is_active',
  'w.owner_id',
  'u.name as owner_name',
  'w.version',
  'w.created_at',
  'w.updated_at',
] as const;

/** Live (not deleted) webhooks of a workspace, oldest first. */
export function listHooks(db: Db, workspaceId: string) {
  return db
    .selectFrom('webhooks as w')
    .leftJoin('users as u', 'u.id', 'w.owner_id')
    .select(hookColumns)
    .where('w.workspace_id', '=', workspaceId)
    .where('w.deleted_at', 'is', null)
    .orderBy('w.created_at')
    .orderBy('w.id')
    .execute();
}

export type HookRow = Awaited<ReturnType<typeof listHooks>>[number];

/** One live webhook of the workspace. */
export function findHook(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('webhooks as w')
    .leftJoin('users as u', 'u.id', 'w.owner_id')
    .select(hookColumns)
    .where('w.workspace_id', '=', workspaceId)
    .where('w.id', '=', id)
    .where('w.deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertHook(db: Db, values: Insertable<WebhooksTable>): Promise<string> {
  return (await db.insertInto('webhooks').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** Updates a live webhook (at `version` when given); false when none matched. */
export async function updateHook(db: Db, workspaceId: string, id: string, version: number | undefined, values: Updateable<WebhooksTable>) {
  let q = db
    .updateTable('webhooks')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null);
  if (version !== undefined) q = q.where('version', '=', version);
  return !!(await q.returning('id').executeTakeFirst());
}

/** Active webhooks of the workspace: what an event needs to tell whether any wants it (cached per instance). */
export function liveHooks(db: Db, workspaceId: string) {
  return db
    .selectFrom('webhooks')
    .select(['id', 'owner_id', 'events'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export type LiveHook = Awaited<ReturnType<typeof liveHooks>>[number];

/** Those of `ids` who are still active admins of the workspace, with what is needed to act as them. */
export function activeAdmins(db: Db, workspaceId: string, ids: string[]) {
  return db
    .selectFrom('users')
    .select(['id', 'role', 'team_id', 'name', 'email', 'language', 'time_zone'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .where('role', '=', 'admin')
    .where('is_active', '=', true)
    .where('deleted_at', 'is', null)
    .execute();
}

export async function insertDelivery(db: Db, values: Insertable<WebhookDeliveriesTable>): Promise<string> {
  return (await db.insertInto('webhook_deliveries').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function setDeliveryJob(db: Db, id: string, jobId: string): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ job_id: jobId }).where('id', '=', id).execute();
}

/** A delivery with its webhook's target and secret, for the job that sends it. */
export function findDeliveryToSend(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select(['d.id', 'd.body', 'd.status', 'd.attempts', 'd.event_type', 'w.url', 'w.secret', 'w.is_active', 'w.deleted_at'])
    .where('d.id', '=', id)
    .where('d.workspace_id', '=', workspaceId)
    .executeTakeFirst();
}

export async function updateDelivery(db: Db, id: string, values: Updateable<WebhookDeliveriesTable>): Promise<void> {
  await db.updateTable('webhook_deliveries').set(values).where('id', '=', id).execute();
}

/** A webhook's deliveries, newest first, after a cursor (`seq`). */
export function listDeliveries(db: Db, workspaceId: string, webhookId: string, before: string | undefined, limit: number) {
  let q = db
    .selectFrom('webhook_deliveries')
    .select([
      'id',
      'seq',
      'event_id',
      'event_type',
      'status',
      'attempts',
      'response_code',
      'last_error',
      'created_at',
      'last_attempt_at',
      'delivered_at',
    ])
    .where('workspace_id', '=', workspaceId)
    .where('webhook_id', '=', webhookId);
  if (before) q = q.where('seq', '<', before);
  return q.orderBy('seq', 'desc').limit(limit).execute();
}

/**
 * Deletes those of the `limit` oldest deliveries (by `seq`, on its index) made before `before`;
 * fewer than `limit` means the old ones are gone. Creation order follows `seq` but for
 * transactions committing out of order, so an old straggler waits for the next run: the statement
 * never scans past the oldest rows, however large the table.
 */
export async function deleteOldestDeliveriesBefore(db: Db, before: Date, limit: number): Promise<number> {
  const r = await sql`with oldest as (select seq from webhook_deliveries order by seq limit ${limit})
    delete from webhook_deliveries d using oldest o where d.seq = o.seq and d.created_at < ${before}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
