import { onAnyEvent } from '../../platform/events.js';
import { registerJobTask, registerRecurringTask } from '../../platform/jobs.js';
import { deliverJob, pruneDeliveries, queueDeliveries, type WebhookSettings } from './webhooks.service.js';
import { subscribeWebhookChanges } from './webhooks.cache.js';

export { webhooksRoutes } from './webhooks.routes.js';
export { signatureHeader } from './webhooks.deliver.js';
export { isPrivateAddress } from './webhooks.address.js';
export type { WebhookSettings } from './webhooks.service.js';

/** Composition: every event may become deliveries; each delivery is a `webhook.deliver` job; old deliveries are pruned hourly. */
export function registerWebhooks(settings: WebhookSettings): void {
  onAnyEvent('webhooks', queueDeliveries);
  subscribeWebhookChanges();
  registerJobTask('webhook.deliver', (payload, ctx) => deliverJob(payload, ctx, settings));
  registerRecurringTask('webhooks.prune-deliveries', '41 * * * *', async (ctx) => {
    const deleted = await pruneDeliveries(ctx.db, settings.deliveryRetentionDays, { signal: ctx.signal });
    if (deleted) ctx.log.info({ deleted }, 'pruned webhook deliveries');
  });
}
