import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  activityListResponse,
  activitySchema,
  calendarQuery,
  completeActivityBody,
  completeActivityResponse,
  createActivityBody,
  listActivitiesQuery,
  remindersDueQuery,
  remindersDueResponse,
  updateActivityBody,
} from '../../../contracts/activities.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { attachPushSink } from '../../platform/push.js';
import { createReminderHub, dueReminders } from './activities.reminders.js';
import * as service from './activities.service.js';

const idParams = z.object({ id: z.uuid() });

/** Activities CRUD, completion with the next step, the week calendar, and reminders (stream and poll). */
export function activitiesRoutes(db: Db, opts: { reminderPollMs?: number } = {}) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const hub = createReminderHub(db, {
      intervalMs: opts.reminderPollMs,
      onError: (e) => app.log.error({ err: e }, 'reminder poll failed'),
    });
    // Open streams would otherwise hold the server open on shutdown.
    app.addHook('preClose', async () => hub.close());

    r.get(
      '/activities',
      {
        schema: {
          tags: ['activities'],
          summary: 'List activities (filters by owner, links, type, done, overdue, dueAt window; keyset cursor)',
          querystring: listActivitiesQuery,
          response: { 200: activityListResponse },
        },
      },
      async (req) => service.listActivities(db, requireUser(req), req.query),
    );

    r.post(
      '/activities',
      {
        schema: {
          tags: ['activities'],
          summary: 'Plan an activity, or log one already done',
          body: createActivityBody,
          response: { 201: activitySchema },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createActivity(db, requireUser(req), req.body)),
    );

    r.get(
      '/activities/calendar',
      {
        schema: {
          tags: ['activities'],
          summary: 'Done and planned activities of a user in a window (week calendar), at most 62 days',
          querystring: calendarQuery,
          response: { 200: z.object({ userId: z.uuid(), items: z.array(activitySchema) }) },
        },
      },
      async (req) => service.calendarActivities(db, requireUser(req), req.query),
    );

    r.get(
      '/activities/:id',
      {
        schema: { tags: ['activities'], summary: 'One activity', params: idParams, response: { 200: activitySchema } },
      },
      async (req) => service.getActivity(db, requireUser(req), req.params.id),
    );

    r.patch(
      '/activities/:id',
      {
        schema: {
          tags: ['activities'],
          summary: 'Change an activity (carries version; stale -> 409)',
          params: idParams,
          body: updateActivityBody,
          response: { 200: activitySchema },
        },
      },
      async (req) => service.updateActivity(db, requireUser(req), req.params.id, req.body),
    );

    r.delete(
      '/activities/:id',
      {
        schema: { tags: ['activities'], summary: 'Delete an activity (restorable)', params: idParams },
      },
      async (req, reply) => {
        await service.deleteActivity(db, requireUser(req), req.params.id);
        return reply.status(204).send();
      },
    );

    r.post(
      '/activities/:id/restore',
      {
        schema: { tags: ['activities'], summary: 'Restore a deleted activity', params: idParams, response: { 200: activitySchema } },
      },
      async (req) => service.restoreActivity(db, requireUser(req), req.params.id),
    );

    r.post(
      '/activities/:id/complete',
      {
        schema: {
          tags: ['activities'],
          summary: 'Mark done with the outcome (required for calls and meetings) and optionally plan the next activity',
          params: idParams,
          body: completeActivityBody,
          response: { 200: completeActivityResponse },
        },
      },
      async (req) => service.completeActivity(db, requireUser(req), req.params.id, req.body),
    );

    r.get(
      '/reminders/due',
      {
        schema: {
          tags: ['activities'],
          summary: "Reminders fired since `since` (claims the caller's due ones): polling instead of the stream",
          querystring: remindersDueQuery,
          response: { 200: remindersDueResponse },
        },
      },
      async (req) => dueReminders(db, requireUser(req).id, req.query.since ? new Date(req.query.since) : undefined),
    );

    r.get(
      '/reminders/stream',
      {
        schema: {
          tags: ['activities'],
          summary:
            'Server-Sent Events: `reminder` events {id, subject, dueAt, type, contactId, dealId} as planned activities fall due, ' +
            "and `call` events (the screen pop, /calls/{id}/pop) while a call rings on the user's phone and when it is taken or over",
        },
      },
      async (req, reply) => {
        const user = requireUser(req);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          // The security headers set on the reply (platform/http.ts): hijacked, it no longer sends them itself.
          ...(reply.getHeaders() as OutgoingHttpHeaders),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          // Proxies (nginx) must not buffer the stream.
          'x-accel-buffering': 'no',
        });
        res.write('retry: 10000\n: connected\n\n');
        const end = () => {
          if (!res.writableEnded) res.end();
        };
        const unsubscribe = hub.subscribe(
          user.id,
          (rem) => {
            res.write(`id: ${rem.id}\nevent: reminder\ndata: ${JSON.stringify(rem)}\n\n`);
          },
          end,
        );
        // The same stream carries the other modules' pushes to this user (a call ringing on their phone).
        const detach = attachPushSink(db, user, (event, data) => {
          if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        });
        // Comments keep idle connections alive through proxies and reveal dead clients.
        const heartbeat = setInterval(() => res.write(': ping\n\n'), 25_000);
        heartbeat.unref();
        req.raw.on('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
          detach();
        });
      },
    );
  };
}
