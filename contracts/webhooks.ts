import { z } from 'zod';

import { webhookEventPatterns, webhookEventTypes } from './webhook-events.js';

export { webhookEntities, webhookEventPatterns, webhookEventTypes } from './webhook-events.js';

/** Whether a subscribed name (exact or `<entity>.*`) covers an event type. */
export function eventMatches(subscribed: string, type: string): boolean {
  return subscribed === type || (subscribed.endsWith('.*') && type.startsWith(subscribed.slice(0, -1)));
}

const eventName = z
  .string()
  .max(100)
  .refine((v) => webhookEventTypes.includes(v) || webhookEventPatterns.includes(v), { params: { code: 'webhooks.rules.unknownEvent' } })
  .meta({ description: 'An event (`deal.won`) or every event of a kind (`deal.*`)', example: 'deal.*' });

// No control characters (NUL included): they cannot be stored and have no place in a URL.
const CONTROL = /[\u0000-\u001f\u007f]/;
const urlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => !CONTROL.test(v), { params: { code: 'invalid_url' } })
  .pipe(z.url({ protocol: /^https?$/ }))
  .meta({ description: 'http(s) URL that receives the POSTs', example: 'https://example.com/orbita-hook' });
const secretSchema = z
  .string()
  .max(200)
  .refine((v) => /^[\x21-\x7e]{16,200}$/.test(v), { params: { code: 'webhooks.rules.secret' } })
  .meta({ description: '16-200 printable ASCII characters, no spaces; generated when left out' });
const eventsSchema = z
  .array(eventName)
  .min(1)
  .max(50)
  .transform((v) => [...new Set(v)]);

export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  isActive: z.boolean(),
  ownerId: z.uuid(),
  ownerName: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Webhook = z.infer<typeof webhookSchema>;

/** The answer to a create: the only time the secret is shown. */
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string() });
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const createWebhookBody = z.object({
  url: urlSchema,
  events: eventsSchema,
  secret: secretSchema.optional(),
  isActive: z.boolean().optional(),
});
export type CreateWebhook = z.infer<typeof createWebhookBody>;

export const updateWebhookBody = z.object({
  url: urlSchema.optional(),
  events: eventsSchema.optional(),
  /** A new secret (rotation); never shown back. */
  secret: secretSchema.optional(),
  isActive: z.boolean().optional(),
  version: z.number().int().min(1).max(2_147_483_647).optional(),
});
export type UpdateWebhook = z.infer<typeof updateWebhookBody>;

export const webhookListSchema = z.object({ items: z.array(webhookSchema) });

export const deliveryStatuses = ['pending', 'retrying', 'delivered', 'failed'] as const;

export const deliverySchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  responseCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const listDeliveriesQuery = z.object({
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,17}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const deliveryListSchema = z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() });
export type DeliveryList = z.infer<typeof deliveryListSchema>;

/** What a receiver gets: the POST body. */
export type WebhookEventBody = { id: string; type: string; occurredAt: string; workspaceId: string; data: Record<string, unknown> };
