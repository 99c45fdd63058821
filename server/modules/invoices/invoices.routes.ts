import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cancelInvoiceBody,
  createInvoiceBody,
  creditNoteBody,
  invoiceListSchema,
  invoiceSchema,
  issueInvoiceBody,
  listInvoicesQuery,
  numberingSchema,
  updateInvoiceBody,
  updateNumberingBody,
} from '../../../contracts/invoices.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { getInvoice, listInvoices } from './invoices.read.js';
import { createInvoice, deleteInvoice, restoreInvoice, updateInvoice } from './invoices.service.js';
import { cancelInvoice, createCreditNote, issueInvoice } from './invoices.issue.js';
import { getNumbering, updateNumbering } from './invoices.numbering.js';

const idParams = z.object({ id: z.uuid() });
const entityParams = z.object({ legalEntityId: z.uuid() });

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

    r.post(
      '/invoices/:id/issue',
      {
        schema: {
          tags,
          summary: 'Issue a draft: it gets the next number of its series and is frozen',
          params: idParams,
          body: issueInvoiceBody,
          response: { 200: invoiceSchema },
        },
      },
      async (req) => issueInvoice(db, requireUser(req), req.params.id, req.body ?? {}),
    );

    r.post(
      '/invoices/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel an issued Russian invoice (what was paid becomes the client’s advance)',
          params: idParams,
          body: cancelInvoiceBody,
          response: { 200: invoiceSchema },
        },
      },
      async (req) => cancelInvoice(db, requireUser(req), req.params.id, req.body),
    );

    r.post(
      '/invoices/:id/credit-note',
      {
        schema: {
          tags,
          summary: 'Draft a кредитно известие correcting an issued Bulgarian invoice (whole, or the lines given)',
          params: idParams,
          body: creditNoteBody,
          response: { 201: invoiceSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await createCreditNote(db, requireUser(req), req.params.id, req.body)),
    );

    r.get(
      '/invoice-numbering/:legalEntityId',
      {
        schema: {
          tags,
          summary: 'How a legal entity numbers its invoices, and the next number (finance, director, admin)',
          params: entityParams,
          response: { 200: numberingSchema },
        },
      },
      async (req) => getNumbering(db, requireUser(req), req.params.legalEntityId),
    );

    r.patch(
      '/invoice-numbering/:legalEntityId',
      {
        schema: {
          tags,
          summary: 'Change the Russian series prefix, or where a Bulgarian sequence starts (before its first invoice)',
          params: entityParams,
          body: updateNumberingBody,
          response: { 200: numberingSchema },
        },
      },
      async (req) => updateNumbering(db, requireUser(req), req.params.legalEntityId, req.body),
    );
  };
}
