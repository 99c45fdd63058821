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
  // A call is over (every call the PBX reports), and of those an incoming one nobody answered.
  // `data` carries the call as GET /calls/:id shows it and the ids of its clients, never their names.
  'call.ended',
  'call.missed',
];
/** `<entity>.*`: every event of one kind. */
export const webhookEventPatterns: readonly string[] = [...webhookEntities.map((e) => `${e}.*`), 'call.*'];
