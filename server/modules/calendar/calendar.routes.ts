import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/database.js';
import { CalendarErrors } from './calendar.errors.js';
import { calendarFeed } from './calendar.service.js';

/** The personal iCalendar feed: the secret token in the URL is the only credential. */
export function calendarRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/calendar/:file',
      {
        schema: {
          tags: ['activities'],
          summary:
            "iCalendar (RFC 5545) feed of a user: activities -30..+180 days and contacts' birthdays; URL from /auth/me calendarFeedUrl",
          params: z.object({ file: z.string().max(200) }),
          security: [],
        },
      },
      async (req, reply) => {
        const m = /^([A-Za-z0-9_-]{16,128})\.ics$/.exec(req.params.file);
        const body = m ? await calendarFeed(db, m[1]) : null;
        if (body === null) throw CalendarErrors.CALENDAR_FEED_NOT_FOUND();
        return reply
          .type('text/calendar; charset=utf-8')
          .header('cache-control', 'private, max-age=300')
          .header('content-disposition', 'inline; filename="orbita.ics"')
          .send(body);
      },
    );
  };
}
