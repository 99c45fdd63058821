import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { agendaQuery, agendaResponse } from '../../../contracts/activities.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { getAgenda } from './agenda.service.js';

/** GET /agenda: the caller's (or a controlled user's) overdue, today and upcoming activities. */
export function agendaRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/agenda',
      {
        schema: {
          tags: ['activities'],
          summary:
            'Agenda of the caller (a head of sales may pass a team member): overdue, today (local day of the agenda owner), upcoming N days',
          querystring: agendaQuery,
          response: { 200: agendaResponse },
        },
      },
      async (req) => getAgenda(db, requireUser(req), req.query),
    );
  };
}
