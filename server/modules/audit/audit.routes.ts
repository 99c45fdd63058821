import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { notFound } from '../../platform/errors.js';
import { listAudit } from './audit.service.js';

/** Per entity, whether the caller may see a record: supplied by the owning module at composition. */
export type CanSee = (db: Db, user: AuthUser, id: string) => Promise<boolean>;

export function auditRoutes(db: Db, canSee: Record<string, CanSee>) {
  // A Map, not the object: `entity=constructor` or `hasOwnProperty` must not find Object's own members.
  const checks = new Map(Object.entries(canSee));
  const entities = [...checks.keys()] as [string, ...string[]];
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Audit trail of one record (who, when, before/after)',
          querystring: z.object({ entity: z.enum(entities), id: z.uuid() }),
        },
      },
      async (req) => {
        const user = requireUser(req);
        const check = checks.get(req.query.entity);
        // A record the caller may not see answers 404, as everywhere.
        if (!check || !(await check(db, user, req.query.id))) throw notFound();
        return { items: await listAudit(db, user.workspaceId, req.query.entity, req.query.id) };
      },
    );
  };
}
