import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  creditHoldsQuery,
  creditHoldsSchema,
  creditOverrideBody,
  creditOverrideListSchema,
  creditOverrideSchema,
  creditSchema,
} from '../../../contracts/contracts.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import * as service from './credit.service.js';

const idParams = z.object({ id: z.uuid() });

/** The credit hold of a client: its state, the badges of a page, and one-time passes. */
export function creditRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['contracts'];
    r.get(
      '/companies/:id/credit',
      {
        schema: {
          tags,
          summary: 'Whether the client is on credit hold, why (overdue invoices, the limit), its limit and exposure',
          params: idParams,
          response: { 200: creditSchema },
        },
      },
      async (req) => service.creditOf(db, requireUser(req), req.params.id),
    );
    r.get(
      '/companies/:id/credit/overrides',
      {
        schema: {
          tags,
          summary: 'Passes through the credit hold granted for the client',
          params: idParams,
          response: { 200: creditOverrideListSchema },
        },
      },
      async (req) => service.passes(db, requireUser(req), req.params.id),
    );
    r.post(
      '/companies/:id/credit/overrides',
      {
        schema: {
          tags,
          summary: 'Let the client through its credit hold once (finance, director, admin; audited)',
          params: idParams,
          body: creditOverrideBody,
          response: { 201: creditOverrideSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await service.grantPass(db, requireUser(req), req.params.id, req.body.reason)),
    );
    r.get(
      '/credit/holds',
      {
        schema: {
          tags,
          summary: 'Which of the given clients (comma-separated companyIds, at most 200) are on credit hold',
          querystring: creditHoldsQuery,
          response: { 200: creditHoldsSchema },
        },
      },
      async (req) => service.holds(db, requireUser(req), req.query.companyIds),
    );
  };
}
