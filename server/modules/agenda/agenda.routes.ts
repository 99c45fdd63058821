import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { agendaQuery, agendaResponse, agendaSectionQuery, agendaSectionResponse } from '../../../contracts/activities.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { getAgenda, getAgendaSection } from './agenda.service.js';

/** GET /agenda: the caller's (or a controlled user's) overdue, today and upcoming activities; /agenda/{overdue,upcoming} page on. */
export function agendaRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/agenda',
      {
        schema: {
          tags: ['activities'],
          summary:
            'Agenda of the caller (a head of sales may pass a team member): overdue, today (local day of the agenda owner), upcoming N days; linked contacts, companies and deals named for the caller',
          querystring: agendaQuery,
          response: { 200: agendaResponse },
        },
      },
      async (req) => getAgenda(db, requireUser(req), req.query),
    );
    for (const section of ['overdue', 'upcoming'] as const) {
      r.get(
        `/agenda/${section}`,
        {
          schema: {
            tags: ['activities'],
            summary:
              section === 'overdue'
                ? 'Overdue activities of the agenda, most recent first, keyset-paged (cursor), linked records named'
                : 'Upcoming activities of the agenda within `days` local days after today, in time order, keyset-paged (cursor), linked records named',
            querystring: agendaSectionQuery,
            response: { 200: agendaSectionResponse },
          },
        },
        async (req) => getAgendaSection(db, requireUser(req), section, req.query),
      );
    }
  };
}
