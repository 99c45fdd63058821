import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { jobIdSchema, jobListSchema, jobSchema, listJobsQuery } from '../../../contracts/jobs.js';
import { requireRole } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { listWorkspaceJobs, retryJob } from './jobs.service.js';

/** The admin's view of background jobs: queued, running and failed, and retry of a failed one. */
export function jobsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['jobs'];
    r.get(
      '/jobs',
      {
        schema: {
          tags,
          summary: 'Background jobs of the workspace (state queued, running or failed; newest first)',
          querystring: listJobsQuery,
          response: { 200: jobListSchema },
        },
      },
      async (req) => listWorkspaceJobs(db, requireRole(req, ['admin']), req.query),
    );
    r.post(
      '/jobs/:id/retry',
      {
        schema: {
          tags,
          summary: 'Run a failed job again now, with fresh attempts',
          params: z.object({ id: jobIdSchema }),
          response: { 200: jobSchema },
        },
      },
      async (req) => retryJob(db, requireRole(req, ['admin']), req.params.id),
    );
  };
}
