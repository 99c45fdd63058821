import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createdWebhookSchema,
  createWebhookBody,
  deliveryListSchema,
  listDeliveriesQuery,
  updateWebhookBody,
  webhookListSchema,
  webhookSchema,
} from '../../../contracts/webhooks.js';
import { requireRole } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import * as hooks from './webhooks.service.js';

const idParams = z.object({ id: z.uuid() });

/** Webhooks (admin only): signed POSTs of record events to the workspace's own systems. */
export function webhooksRoutes(db: Db, settings: hooks.WebhookSettings) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['webhooks'];
    const admin = (req: Parameters<typeof requireRole>[0]) => requireRole(req, ['admin']);

    r.get('/webhooks', { schema: { tags, summary: 'Webhooks of the workspace', response: { 200: webhookListSchema } } }, async (req) =>
      hooks.listWebhooks(db, admin(req)),
    );
    r.post(
      '/webhooks',
      {
        schema: {
          tags,
          summary: 'Create a webhook; the answer shows its signing secret once',
          body: createWebhookBody,
          response: { 201: createdWebhookSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await hooks.createWebhook(db, admin(req), req.body, settings)),
    );
    r.get('/webhooks/:id', { schema: { tags, summary: 'One webhook', params: idParams, response: { 200: webhookSchema } } }, async (req) =>
      hooks.getWebhook(db, admin(req), req.params.id),
    );
    r.patch(
      '/webhooks/:id',
      {
        schema: {
          tags,
          summary: 'Change a webhook (URL, events, active, a new secret)',
          params: idParams,
          body: updateWebhookBody,
          response: { 200: webhookSchema },
        },
      },
      async (req) => hooks.updateWebhook(db, admin(req), req.params.id, req.body, settings),
    );
    r.delete('/webhooks/:id', { schema: { tags, summary: 'Delete a webhook', params: idParams } }, async (req, reply) => {
      await hooks.deleteWebhook(db, admin(req), req.params.id);
      return reply.status(204).send();
    });
    r.get(
      '/webhooks/:id/deliveries',
      {
        schema: {
          tags,
          summary: 'Deliveries of a webhook, newest first (status, attempts, response code, last error)',
          params: idParams,
          querystring: listDeliveriesQuery,
          response: { 200: deliveryListSchema },
        },
      },
      async (req) => hooks.listWebhookDeliveries(db, admin(req), req.params.id, req.query),
    );
  };
}
