import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { forecastQuery, forecastSchema, lostReasonsReportQuery, lostReasonsReportSchema } from '../../../contracts/reports.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import * as reports from './reports.service.js';

export function reportsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/reports/forecast',
      {
        schema: {
          tags: ['reports'],
          summary: 'Weighted sales forecast by month, owner or pipeline (open, weighted, won per currency)',
          querystring: forecastQuery,
          response: { 200: forecastSchema },
        },
      },
      async (req) => reports.forecast(db, requireUser(req), req.lang, req.query),
    );

    r.get(
      '/reports/lost-reasons',
      {
        schema: {
          tags: ['reports'],
          summary: 'Refusal reasons: lost deals by reason and by manager',
          querystring: lostReasonsReportQuery,
          response: { 200: lostReasonsReportSchema },
        },
      },
      async (req) => reports.lostReasonsReport(db, requireUser(req), req.lang, req.query),
    );
  };
}
