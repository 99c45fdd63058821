import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createInvoiceBody, invoiceListSchema, invoiceSchema, listInvoicesQuery, updateInvoiceBody } from '../../../contracts/invoices.js';
import { timelinePageSchema, timelineQuery } from '../../../contracts/timeline.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { getInvoice, invoiceTimeline, listInvoices } from './invoices.read.js';
import { createInvoice, deleteInvoice, restoreInvoice, updateInvoice } from './invoices.service.js';

const idParams = z.object({ id: z.uuid() });

/** Invoices and credit notes: drafts, issue, cancel, corrections. */
export function invoicesRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['invoices'];

    r.get(
      '/invoices',
      {
        schema: {
          tags,
          summary: 'Invoices (filters: status, overdue, client, manager, period, ...; cursor; totals per currency)',
          querystring: listInvoicesQuery,
          response: { 200: invoiceListSchema },
        },
      },
      async (req) => listInvoices(db, requireUser(req), req.query),
    );

    r.post(
      '/invoices',
      {
        schema: {
          tags,
          summary: 'Create a draft invoice (lines priced, VAT checked and totalled on the server)',
          body: createInvoiceBody,
          response: { 201: invoiceSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await createInvoice(db, requireUser(req), req.body)),
    );

    r.get('/invoices/:id', { schema: { tags, summary: 'One invoice', params: idParams, response: { 200: invoiceSchema } } }, async (req) =>
      getInvoice(db, requireUser(req), req.params.id),
    );

    r.patch(
      '/invoices/:id',
      {
        schema: {
          tags,
          summary: 'Change a draft (carries version); an issued invoice is frozen (409)',
          params: idParams,
          body: updateInvoiceBody,
          response: { 200: invoiceSchema },
        },
      },
      async (req) => updateInvoice(db, requireUser(req), req.params.id, req.body),
    );

    r.delete(
      '/invoices/:id',
      { schema: { tags, summary: 'Move a draft to the bin (an issued invoice: 409)', params: idParams } },
      async (req, reply) => {
        await deleteInvoice(db, requireUser(req), req.params.id);
        return reply.status(204).send();
      },
    );

    r.post(
      '/invoices/:id/restore',
      { schema: { tags, summary: 'Bring a draft back from the bin', params: idParams, response: { 200: invoiceSchema } } },
      async (req) => restoreInvoice(db, requireUser(req), req.params.id),
    );

    r.get(
      '/invoices/:id/timeline',
      {
        schema: {
          tags,
          summary: 'The invoice timeline (issue, payments, corrections), newest first',
          params: idParams,
          querystring: timelineQuery,
          response: { 200: timelinePageSchema },
        },
      },
      async (req) => invoiceTimeline(db, requireUser(req), req.params.id, req.query),
    );
  };
}
