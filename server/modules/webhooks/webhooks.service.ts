import crypto from 'node:crypto';
import {
  webhookEventTypes,
  type CreateWebhook,
  type CreatedWebhook,
  type Delivery,
  type DeliveryList,
  type UpdateWebhook,
  type Webhook,
  type WebhookEventBody,
} from '../../../contracts/webhooks.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import type { DomainEvent, RecordChange } from '../../platform/events.js';
import { enqueueJob, type JobContext } from '../../platform/jobs.js';
import type { Lang } from '../../../contracts/i18n/index.js';
import type { Role } from '../../platform/platform.table.js';
import { snapshotsForViewer } from '../../platform/links.js';
import { canSeeRecord } from '../../platform/registry.js';
import { recordAudit } from '../../platform/audit.js';
import { AddressRefused, hostOf, resolvePublic } from './webhooks.address.js';
import { postWebhook, signatureHeader } from './webhooks.deliver.js';
import { WebhookErrors } from './webhooks.errors.js';
import { announceWebhookChange, forgetWebhooksOf, liveHooksOf } from './webhooks.cache.js';
import * as repo from './webhooks.repository.js';

declare module '../../platform/jobs.js' {
  interface JobTasks {
    'webhook.deliver': { deliveryId: string };
  }
}

export type WebhookSettings = { allowPrivate: boolean; timeoutMs: number; deliveryRetentionDays: number };

const toWebhook = (r: repo.HookRow): Webhook => ({
  id: r.id,
  url: r.url,
  events: r.events,
  isActive: r.is_active,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** A strong secret when the admin gives none: 256 random bits. */
const newSecret = () => `whsec_${crypto.randomBytes(32).toString('base64url')}`;

/** Refuses (422 on `url`) targets that resolve to private or loopback addresses, unless allowed. */
async function checkTarget(url: string, settings: WebhookSettings): Promise<void> {
  try {
    await resolvePublic(hostOf(new URL(url)), settings.allowPrivate);
  } catch (e) {
    if (!(e instanceof AddressRefused)) throw e;
    const code = e.reason === 'private' ? 'webhooks.rules.privateUrl' : 'webhooks.rules.unresolvable';
    throw WebhookErrors.WEBHOOK_URL_REFUSED({ fields: [{ path: 'url', code }] });
  }
}

async function getHook(db: Db, user: AuthUser, id: string): Promise<Webhook> {
  const row = await repo.findHook(db, user.workspaceId, id);
  if (!row) throw WebhookErrors.WEBHOOK_NOT_FOUND();
  return toWebhook(row);
}

export async function listWebhooks(db: Db, user: AuthUser): Promise<{ items: Webhook[] }> {
  return { items: (await repo.listHooks(db, user.workspaceId)).map(toWebhook) };
}

export const getWebhook = getHook;

/** Creates a webhook owned by the caller; the answer carries the secret, shown this once. */
export async function createWebhook(db: Db, user: AuthUser, input: CreateWebhook, settings: WebhookSettings): Promise<CreatedWebhook> {
  await checkTarget(input.url, settings);
  const secret = input.secret ?? newSecret();
  const created = await db.transaction().execute(async (trx) => {
    const id = await repo.insertHook(trx, {
      workspace_id: user.workspaceId,
      owner_id: user.id,
      url: input.url,
      events: input.events,
      secret,
      is_active: input.isActive ?? true,
    });
    const hook = await getHook(trx, user, id);
    // The audit trail never holds the secret.
    await recordAudit(trx, user, { entity: 'webhook', entityId: id, action: 'create', after: hook });
    await announceWebhookChange(trx, user.workspaceId);
    return { ...hook, secret };
  });
  forgetWebhooksOf(user.workspaceId);
  return created;
}

export async function updateWebhook(db: Db, user: AuthUser, id: string, input: UpdateWebhook, settings: WebhookSettings): Promise<Webhook> {
  if (input.url !== undefined) await checkTarget(input.url, settings);
  const updated = await db.transaction().execute(async (trx) => {
    const before = await getHook(trx, user, id);
    const ok = await repo.updateHook(trx, user.workspaceId, id, input.version, {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: input.events } : {}),
      ...(input.secret !== undefined ? { secret: input.secret } : {}),
      ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
    });
    if (!ok) throw PlatformErrors.VERSION_CONFLICT();
    const after = await getHook(trx, user, id);
    await recordAudit(trx, user, {
      entity: 'webhook',
      entityId: id,
      action: 'update',
      before,
      // A rotated secret shows in the trail as the fact, not the value.
      after: input.secret !== undefined ? { ...after, secretRotated: true } : after,
    });
    await announceWebhookChange(trx, user.workspaceId);
    return after;
  });
  forgetWebhooksOf(user.workspaceId);
  return updated;
}

/** Deletes a webhook: nothing more is sent, pending deliveries end as failed. */
export async function deleteWebhook(db: Db, user: AuthUser, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getHook(trx, user, id);
    await repo.updateHook(trx, user.workspaceId, id, undefined, { deleted_at: new Date(), is_active: false });
    await recordAudit(trx, user, { entity: 'webhook', entityId: id, action: 'delete', before });
    await announceWebhookChange(trx, user.workspaceId);
  });
  forgetWebhooksOf(user.workspaceId);
}

const toDelivery = (r: Awaited<ReturnType<typeof repo.listDeliveries>>[number]): Delivery => ({
  id: r.id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  responseCode: r.response_code,
  lastError: r.last_error,
  createdAt: r.created_at.toISOString(),
  lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
  deliveredAt: r.delivered_at?.toISOString() ?? null,
});

export async function listWebhookDeliveries(
  db: Db,
  user: AuthUser,
  id: string,
  q: { cursor?: string; limit: number },
): Promise<DeliveryList> {
  await getHook(db, user, id);
  const rows = await repo.listDeliveries(db, user.workspaceId, id, q.cursor, q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { items: page.map(toDelivery), nextCursor: rows.length > q.limit ? String(page[page.length - 1].seq) : null };
}

/**
 * What a receiver gets as `data`: the record's id and its API object (plus the previous one on a
 * change, and the event's own facts such as the stages of a move), as audited.
 */
function dataOf(event: DomainEvent): Record<string, unknown> {
  const { id, before, after, ...facts } = event.payload as RecordChange & Record<string, unknown>;
  return {
    entity: event.type.slice(0, event.type.indexOf('.')),
    id,
    ...facts,
    object: after ?? before ?? null,
    ...(before && after ? { previous: before } : {}),
  };
}

/**
 * The event handler (every event, inside the change's transaction): one delivery row and one job per
 * subscribed webhook, so a rolled-back change sends nothing and a committed one is sent once.
 * The body is judged for each owner as a viewer, now, like an audit entry for its reader: the record
 * itself only if the owner may open it, and linked records (a deal's company, its contacts) the
 * owner may not open appear hidden, never by name. The receiver is outside Orbita and cannot be
 * asked again later, so this is decided when the delivery is built, not when it is sent.
 */
export async function queueDeliveries(trx: Db, event: DomainEvent): Promise<void> {
  if (!webhookEventTypes.includes(event.type)) return;
  const entity = event.type.slice(0, event.type.indexOf('.'));
  const wanted = (await liveHooksOf(trx, event.workspaceId)).filter(
    (h) => h.events.includes(event.type) || h.events.includes(`${entity}.*`),
  );
  if (!wanted.length) return;
  // Owners are read now, not cached: only an owner who is still an active admin gets deliveries.
  const owners = new Map(
    (await repo.activeAdmins(trx, event.workspaceId, [...new Set(wanted.map((h) => h.owner_id))])).map((u) => [u.id, u]),
  );
  const hooks = wanted.filter((h) => owners.has(h.owner_id));
  if (!hooks.length) return;
  const recordId = String((event.payload as RecordChange).id);
  const eventId = crypto.randomUUID();
  const data = dataOf(event);
  // One judgement per owner: several webhooks of one admin share it.
  const bodyFor = new Map<string, string | null>();
  for (const h of hooks) {
    let json = bodyFor.get(h.owner_id);
    if (json === undefined) {
      const u = owners.get(h.owner_id)!;
      const owner: AuthUser = {
        id: u.id,
        workspaceId: event.workspaceId,
        role: u.role as Role,
        teamId: u.team_id,
        name: u.name,
        email: u.email,
        language: u.language as Lang,
        timeZone: u.time_zone,
      };
      json = null;
      if (await canSeeRecord(trx, owner, entity, recordId)) {
        const [seen] = await snapshotsForViewer(trx, owner, [data]);
        const body: WebhookEventBody = {
          id: eventId,
          type: event.type,
          occurredAt: event.occurredAt.toISOString(),
          workspaceId: event.workspaceId,
          data: seen,
        };
        json = JSON.stringify(body);
      }
      bodyFor.set(h.owner_id, json);
    }
    if (json === null) continue;
    const deliveryId = await repo.insertDelivery(trx, {
      workspace_id: event.workspaceId,
      webhook_id: h.id,
      event_id: eventId,
      event_type: event.type,
      body: json,
    });
    const jobId = await enqueueJob(trx, 'webhook.deliver', { workspaceId: event.workspaceId, deliveryId });
    await repo.setDeliveryJob(trx, deliveryId, jobId);
  }
}

/**
 * The job: one attempt at one delivery. A failure (refused address, timeout, non-2xx) throws, so
 * graphile-worker retries it with exponential backoff; the row tells the admin how it went.
 */
export async function deliverJob(payload: { workspaceId: string; deliveryId: string }, ctx: JobContext, settings: WebhookSettings) {
  const d = await repo.findDeliveryToSend(ctx.db, payload.workspaceId, payload.deliveryId);
  // Sent already (a retried job whose first run got through), or gone: nothing to do.
  if (!d || d.status === 'delivered') return;
  if (d.deleted_at || !d.is_active) {
    await repo.updateDelivery(ctx.db, d.id, { status: 'failed', last_error: 'webhook deleted or disabled' });
    return;
  }
  const attempts = d.attempts + 1;
  const result = await postWebhook({
    url: d.url,
    body: d.body,
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Orbita-Webhooks/1',
      'X-Orbita-Event': d.event_type,
      'X-Orbita-Delivery': d.id,
      'X-Orbita-Signature': signatureHeader(d.secret, d.body),
    },
    allowPrivate: settings.allowPrivate,
    timeoutMs: settings.timeoutMs,
    signal: ctx.signal,
  });
  const at = new Date();
  if (result.ok) {
    await repo.updateDelivery(ctx.db, d.id, {
      status: 'delivered',
      attempts,
      response_code: result.status,
      last_error: null,
      last_attempt_at: at,
      delivered_at: at,
    });
    return;
  }
  await repo.updateDelivery(ctx.db, d.id, {
    status: ctx.isLastAttempt ? 'failed' : 'retrying',
    attempts,
    response_code: result.status,
    last_error: result.error.slice(0, 500),
    last_attempt_at: at,
  });
  throw new Error(`webhook delivery failed: ${result.error}`);
}

/**
 * Deletes deliveries older than `retentionDays`, oldest first, in batches (a delivery that old
 * was sent or given up long ago: ten attempts of backoff take hours). Stops early when the job is
 * being stopped. Returns how many went.
 */
export async function pruneDeliveries(
  db: Db,
  retentionDays: number,
  opts: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const batch = opts.batchSize ?? 5000;
  const before = new Date(Date.now() - retentionDays * 86_400_000);
  let total = 0;
  for (;;) {
    const n = await repo.deleteOldestDeliveriesBefore(db, before, batch);
    total += n;
    if (n < batch || opts.signal?.aborted) return total;
  }
}
