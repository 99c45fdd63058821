import { onAnyEvent } from '../../platform/events.js';
import { registerJobTask } from '../../platform/jobs.js';
import { deliverJob, queueDeliveries, type WebhookSettings } from './webhooks.service.js';

export { webhooksRoutes } from './webhooks.routes.js';
export { signatureHeader } from './webhooks.deliver.js';
export { isPrivateAddress } from './webhooks.address.js';
export type { WebhookSettings } from './webhooks.service.js';

/** Composition: every event may become deliveries; each delivery is a `webhook.deliver` job. */
export function registerWebhooks(settings: WebhookSettings): void {
  onAnyEvent('webhooks', queueDeliveries);
  registerJobTask('webhook.deliver', (payload, ctx) => deliverJob(payload, ctx, settings));
}
