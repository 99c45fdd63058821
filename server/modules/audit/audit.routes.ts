import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { canSeeRecord, recordKinds } from '../../platform/registry.js';
import { auditForViewer, listAudit } from '../../platform/audit.js';

export function auditRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    // Kinds are registered at composition, before routes: anything else (`constructor`,
    // `hasOwnProperty`) is a 400 on `entity`, and the OpenAPI document lists the kinds.
    const kinds = recordKinds() as [string, ...string[]];
    app.withTypeProvider<ZodTypeProvider>().get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Audit trail of one record (who, when, before/after)',
          querystring: z.object({ entity: z.enum(kinds), id: z.uuid() }),
        },
      },
      async (req) => {
        const user = requireUser(req);
        // A record the caller may not see answers 404, as everywhere.
        if (!(await canSeeRecord(db, user, req.query.entity, req.query.id))) throw PlatformErrors.NOT_FOUND();
        return { items: await auditForViewer(db, user, await listAudit(db, user.workspaceId, req.query.entity, req.query.id)) };
      },
    );
  };
}
