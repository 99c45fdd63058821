import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  invoiceFromDealBody,
  invoiceSchema,
  receivablesDetailSchema,
  receivablesQuery,
  receivablesSchema,
} from '../../../contracts/invoices.js';
import { isoDate } from '../../../contracts/common.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { invoiceFromDeal } from './billing.from-deal.js';
import { receivables, receivablesOf } from './billing.receivables.js';

/** What joins the funnel to the books: an invoice from a deal, and who owes what (receivables). */
export function billingRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/deals/:id/invoice',
      {
        schema: {
          tags: ['invoices'],
          summary: 'A draft invoice from the deal: its lines, client and contact person',
          params: z.object({ id: z.uuid() }),
          body: invoiceFromDealBody,
          response: { 201: invoiceSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await invoiceFromDeal(db, requireUser(req), req.params.id, req.body ?? {})),
    );

    r.get(
      '/reports/receivables',
      {
        schema: {
          tags: ['reports'],
          summary: 'Receivables on a day: per client and currency, total, overdue and aging buckets; totals per currency',
          querystring: receivablesQuery,
          response: { 200: receivablesSchema },
        },
      },
      async (req) => receivables(db, requireUser(req), req.query),
    );

    r.get(
      '/reports/receivables/:companyId',
      {
        schema: {
          tags: ['reports'],
          summary: 'The invoices behind one client’s receivables on a day',
          params: z.object({ companyId: z.uuid() }),
          querystring: z.object({ asOf: isoDate().optional() }),
          response: { 200: receivablesDetailSchema },
        },
      },
      async (req) => receivablesOf(db, requireUser(req), req.params.companyId, req.query),
    );
  };
}
