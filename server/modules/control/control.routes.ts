import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  capacityBody,
  capacityResponse,
  dashboardQuery,
  dashboardResponse,
  reassignBody,
  reassignResponse,
  staleContactsQuery,
  staleContactsResponse,
} from '../../../contracts/control.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import * as service from './control.service.js';

/** The head of sales' control: team dashboard, stale contacts, capacity, bulk reassignment. */
export function controlRoutes(db: Db, sources: service.DashboardSources = {}) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const dashboardCache = service.createDashboardCache();

    r.get(
      '/control/dashboard',
      {
        schema: {
          tags: ['control'],
          summary:
            'Per manager: open deals (weighted), contacts vs capacity, activities this week, overdue, no next step, untouched contacts, lost-call rate (head of sales: own team; director, admin: all)',
          querystring: dashboardQuery,
          response: { 200: dashboardResponse },
        },
      },
      async (req) => service.cachedDashboard(db, requireUser(req), req.query, dashboardCache, sources),
    );

    r.get(
      '/control/stale-contacts',
      {
        schema: {
          tags: ['control'],
          summary:
            'Contacts by staleness score, most neglected first (score: days since last real contact x segment weight / (1 + open deals))',
          querystring: staleContactsQuery,
          response: { 200: staleContactsResponse },
        },
      },
      async (req) => service.staleContacts(db, requireUser(req), req.query),
    );

    r.patch(
      '/control/capacity/:userId',
      {
        schema: {
          tags: ['control'],
          summary: "Set a manager's capacity (maximum active contacts); head of sales for own team, director, admin",
          params: z.object({ userId: z.uuid() }),
          body: capacityBody,
          response: { 200: capacityResponse },
        },
      },
      async (req) => service.setCapacity(db, requireUser(req), req.params.userId, req.body),
    );

    r.post(
      '/control/reassign',
      {
        schema: {
          tags: ['control'],
          summary: "Bulk reassignment of contacts to other managers, balanced by free capacity; audited and on the contacts' timelines",
          body: reassignBody,
          response: { 200: reassignResponse },
        },
      },
      async (req) => service.reassign(db, requireUser(req), req.body),
    );
  };
}
