import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { lostCallsQuery, lostCallsReportSchema } from '../../../contracts/lost-calls.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { lostCallsReport } from './lost-calls.service.js';

/** The lost-call report (a read model; head of sales: the team, director and admin: all, others: their own calls). */
export function lostCallsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/reports/lost-calls',
      {
        schema: {
          tags: ['reports'],
          summary:
            'Lost calls: incoming calls missed and not called back, and answered calls after which nothing was recorded for the caller, ' +
            'within `withinMinutes`; counts and rates per manager or line, and the calls (lost ones by default) with what was done',
          querystring: lostCallsQuery,
          response: { 200: lostCallsReportSchema },
        },
      },
      async (req) => lostCallsReport(db, requireUser(req), req.lang, req.query),
    );
  };
}
