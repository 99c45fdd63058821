// Webhook event names without zod, so the web page can list them without loading zod at run time
// (zod probes eval, which the Content-Security-Policy refuses).
/** Record kinds whose lifecycle webhooks can follow. */
export const webhookEntities = ['contact', 'company', 'deal', 'activity'] as const;
const actions = ['created', 'updated', 'deleted', 'restored'] as const;

/** Every event a webhook can receive. */
export const webhookEventTypes: readonly string[] = [
  ...webhookEntities.flatMap((e) => actions.map((a) => `${e}.${a}`)),
  'deal.stage_changed',
  'deal.won',
  'deal.lost',
];
/** `<entity>.*`: every event of one kind. */
export const webhookEventPatterns: readonly string[] = webhookEntities.map((e) => `${e}.*`);
