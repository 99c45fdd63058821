// Which webhooks a workspace has, kept in memory per instance: every audited change of every
// record asks, and the answer changes only when an admin edits webhooks. Each change sends a
// notice (platform/notify.ts) that every instance, this one included, answers by dropping the
// workspace's entry; without a live notice connection nothing is kept. The owners' role and state
// are not cached: they are read with the deliveries, so a demoted admin's webhook stops at once.
import type { Db } from '../../platform/database.js';
import { isListening, notify, onNotification } from '../../platform/notify.js';
import * as repo from './webhooks.repository.js';

export const WEBHOOKS_CHANNEL = 'orbita_webhooks';
/** A bound on staleness should a notice ever go missing with the connection still up. */
const MAX_AGE_MS = 60_000;

type Entry = { hooks: repo.LiveHook[]; at: number };
const cache = new Map<string, Entry>();
// Bumped by every invalidation: a read that started before one must not store what it read.
let generation = 0;

function invalidate(workspaceId?: string): void {
  generation++;
  if (workspaceId === undefined) cache.clear();
  else cache.delete(workspaceId);
}

/** Composition: listen for the notices of webhook changes. */
export function subscribeWebhookChanges(): void {
  onNotification(WEBHOOKS_CHANNEL, { message: (workspaceId) => invalidate(workspaceId), reset: () => invalidate() });
}

/** The workspace's active webhooks (id, owner, events), from memory when it is kept current. */
export async function liveHooksOf(db: Db, workspaceId: string): Promise<repo.LiveHook[]> {
  if (!isListening()) return repo.liveHooks(db, workspaceId);
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < MAX_AGE_MS) return hit.hooks;
  const seen = generation;
  const hooks = await repo.liveHooks(db, workspaceId);
  if (seen === generation && isListening()) cache.set(workspaceId, { hooks, at: Date.now() });
  return hooks;
}

/** Inside the transaction of a webhook change: every instance drops the workspace's entry when it commits. */
export async function announceWebhookChange(trx: Db, workspaceId: string): Promise<void> {
  await notify(trx, WEBHOOKS_CHANNEL, workspaceId);
}

/** After the commit, on this instance at once (its own notice arrives a moment later). */
export function forgetWebhooksOf(workspaceId: string): void {
  invalidate(workspaceId);
}
