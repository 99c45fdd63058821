import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  callEventsBody,
  callEventsResponse,
  callListResponse,
  callSchema,
  connectionListResponse,
  connectionSchema,
  createConnectionBody,
  createLineBody,
  genericCallEventSchema,
  lineListResponse,
  lineSchema,
  listCallsQuery,
  originateAvailabilitySchema,
  originateBody,
  originateSchema,
  MAX_EVENTS_PER_REQUEST,
  sortCallBody,
  sortCallResponse,
  telephonySettingsBody,
  telephonySettingsSchema,
  unsortedQuery,
  unsortedResponse,
  updateLineBody,
  type CallEvent,
} from '../../../contracts/calls.js';
import { requireRole, requireUser } from '../../platform/auth.js';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/database.js';
import { publicBaseUrl } from '../../platform/http.js';
import type { Secrets } from '../../platform/secrets.js';
import { PlatformErrors, fromZodIssue, type FieldIssue } from '../../platform/errors.js';
import { ingestCallEvents } from './calls.ingest.js';
import * as service from './calls.service.js';
import { cloudPbxRoutes } from './telephony/cloud.routes.js';
import { listUnsorted, sortCall } from './calls.sort.js';
import * as connections from './telephony/connections.service.js';
import { getOriginate, originate, originateAvailability } from './telephony/originate.service.js';

const idParams = z.object({ id: z.uuid() });

/**
 * The events of a request body, or 400 naming every bad field: `startedAt` in a single event,
 * `[3].startedAt` in the fourth of an array (zod's union would only say the body is wrong).
 */
export function parseEventsBody(body: unknown): CallEvent[] {
  const many = Array.isArray(body);
  const parsed = many
    ? z.array(genericCallEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST).safeParse(body)
    : genericCallEventSchema.safeParse(body);
  if (parsed.success) return Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  const fields: FieldIssue[] = parsed.error.issues.flatMap((issue) => {
    const [head, ...rest] = issue.path;
    const path = many && typeof head === 'number' ? [`[${head}]${rest.length ? '.' : ''}${rest.map(String).join('.')}`] : issue.path;
    return fromZodIssue({ ...issue, path }).map((f) => (f.path ? f : { ...f, path: 'body' }));
  });
  throw PlatformErrors.MALFORMED({ fields });
}

/** Calls (read), the generic events endpoint, the workspace's lines and its PBX connections. */
export function callsRoutes(db: Db, secrets: Secrets, config: Pick<Config, 'publicUrl'>) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const shown = (req: FastifyRequest) => ({ lang: req.lang, publicBase: publicBaseUrl(config, req) });

    await app.register(cloudPbxRoutes(db, secrets));

    r.post(
      '/telephony/events',
      {
        // The union is the documentation; the handler validates itself to name `[i].field`.
        attachValidation: true,
        schema: {
          tags: ['calls'],
          summary:
            'Call events from any PBX (admin, with an API token): one event or an array, in the internal shape. ' +
            'An event with `legId` is about one phone the call rang; the call ends with its `ended` event without `legId`. ' +
            'Idempotent on (providerCallId, legId, event): a replay answers 202 and changes nothing.',
          body: callEventsBody,
          response: { 202: callEventsResponse },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, ['admin']);
        const events = parseEventsBody(req.body);
        const result = await ingestCallEvents(db, { workspaceId: user.workspaceId, actor: user }, events);
        return reply.status(202).send(result);
      },
    );

    r.get(
      '/calls',
      {
        schema: {
          tags: ['calls'],
          summary: 'Calls the caller may see, newest first (keyset cursor); `from`/`to` bound the start',
          querystring: listCallsQuery,
          response: { 200: callListResponse },
        },
      },
      async (req) => service.listCalls(db, requireUser(req), req.query),
    );

    r.get(
      '/calls/unsorted',
      {
        schema: {
          tags: ['calls'],
          summary:
            'The «unsorted» queue: numbers of calls that no contact or company has, the one called last first, with its last call ' +
            '(operators, directors and admins: all; a head of sales: the team; a manager: their calls, extension and lines)',
          querystring: unsortedQuery,
          response: { 200: unsortedResponse },
        },
      },
      async (req) => listUnsorted(db, requireUser(req), req.query),
    );

    r.post(
      '/calls/:id/sort',
      {
        schema: {
          tags: ['calls'],
          summary:
            "Sort an unsorted call's number in one step: create a contact or company with it, or add it to an existing one; " +
            'every call of the number without a client then belongs to that record and shows on its timeline',
          params: idParams,
          body: sortCallBody,
          response: { 200: sortCallResponse },
        },
      },
      async (req) => sortCall(db, requireUser(req), req.params.id, req.body),
    );

    r.get(
      '/telephony/settings',
      { schema: { tags: ['calls'], summary: "The workspace's telephony switches", response: { 200: telephonySettingsSchema } } },
      async (req) => service.getTelephonySettings(db, requireUser(req)),
    );

    r.patch(
      '/telephony/settings',
      {
        schema: {
          tags: ['calls'],
          summary: 'Change the telephony switches (admin): `callBackTasks` makes a call-back task for each missed call of a known client',
          body: telephonySettingsBody,
          response: { 200: telephonySettingsSchema },
        },
      },
      async (req) => service.updateTelephonySettings(db, requireRole(req, ['admin']), req.body),
    );

    r.get(
      '/calls/:id',
      { schema: { tags: ['calls'], summary: 'One call', params: idParams, response: { 200: callSchema } } },
      async (req) => service.getCall(db, requireUser(req), req.params.id),
    );

    r.post(
      '/calls/originate',
      {
        schema: {
          tags: ['calls'],
          summary:
            "Click-to-call: rings the caller's phone (their extension), then dials the number, through the workspace's Asterisk " +
            '(AMI Originate, sent by the instance that follows the PBX). Answers within a few seconds with `done`, `failed` ' +
            'and its reason, or `queued`/`sent` (then GET /calls/originate/{id}); the call itself arrives as PBX events.',
          body: originateBody,
          response: { 202: originateSchema },
        },
      },
      async (req, reply) => reply.status(202).send(await originate(db, requireUser(req), req.body, req.lang)),
    );

    r.get(
      '/calls/originate',
      {
        schema: {
          tags: ['calls'],
          summary:
            'Whether the caller can click to call: they have an extension and the workspace a PBX connection that places calls ' +
            '(the web shows call buttons only then)',
          response: { 200: originateAvailabilitySchema },
        },
      },
      async (req) => originateAvailability(db, requireUser(req)),
    );

    r.get(
      '/calls/originate/:id',
      {
        schema: {
          tags: ['calls'],
          summary: 'How a click-to-call request of the caller came out',
          params: idParams,
          response: { 200: originateSchema },
        },
      },
      async (req) => getOriginate(db, requireUser(req), req.params.id, req.lang),
    );

    r.get(
      '/telephony/lines',
      { schema: { tags: ['calls'], summary: "The workspace's phone lines", response: { 200: lineListResponse } } },
      async (req) => ({ items: await service.listLines(db, requireUser(req)) }),
    );

    r.get(
      '/telephony/lines/:id',
      { schema: { tags: ['calls'], summary: 'One line', params: idParams, response: { 200: lineSchema } } },
      async (req) => service.getLine(db, requireUser(req), req.params.id),
    );

    r.post(
      '/telephony/lines',
      { schema: { tags: ['calls'], summary: 'Add a line (admin)', body: createLineBody, response: { 201: lineSchema } } },
      async (req, reply) => reply.status(201).send(await service.createLine(db, requireRole(req, ['admin']), req.body)),
    );

    r.patch(
      '/telephony/lines/:id',
      {
        schema: {
          tags: ['calls'],
          summary: 'Change a line (admin)',
          params: idParams,
          body: updateLineBody,
          response: { 200: lineSchema },
        },
      },
      async (req) => service.updateLine(db, requireRole(req, ['admin']), req.params.id, req.body),
    );

    r.get(
      '/telephony/connections',
      { schema: { tags: ['calls'], summary: 'PBX connections and how each is doing (admin)', response: { 200: connectionListResponse } } },
      async (req) => ({ items: await connections.listConnections(db, requireRole(req, ['admin']), shown(req)) }),
    );

    r.get(
      '/telephony/connections/:id',
      { schema: { tags: ['calls'], summary: 'One PBX connection (admin)', params: idParams, response: { 200: connectionSchema } } },
      async (req) => connections.getConnection(db, requireRole(req, ['admin']), req.params.id, shown(req)),
    );

    r.post(
      '/telephony/connections',
      {
        schema: {
          tags: ['calls'],
          summary:
            'Connect to a PBX (admin); its secret is stored sealed and never returned. Asterisk: one instance ' +
            'follows the AMI port, logs in, takes its call events and reconnects after the PBX restarts. ' +
            "Mango Office and Zadarma: the answer carries the `webhookUrl` to enter in the provider's account.",
          body: createConnectionBody,
          response: { 201: connectionSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await connections.createConnection(db, secrets, requireRole(req, ['admin']), req.body, shown(req))),
    );

    r.delete(
      '/telephony/connections/:id',
      { schema: { tags: ['calls'], summary: 'Remove a PBX connection (admin); its calls stay', params: idParams } },
      async (req, reply) => {
        await connections.deleteConnection(db, requireRole(req, ['admin']), req.params.id);
        return reply.status(204).send();
      },
    );

    r.delete(
      '/telephony/lines/:id',
      { schema: { tags: ['calls'], summary: 'Remove a line (admin); its calls keep the number', params: idParams } },
      async (req, reply) => {
        await service.deleteLine(db, requireRole(req, ['admin']), req.params.id);
        return reply.status(204).send();
      },
    );
  };
}
