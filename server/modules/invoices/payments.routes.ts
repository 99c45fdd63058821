import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  advanceSchema,
  applyAdvanceBody,
  createPaymentBody,
  invoiceSchema,
  listPaymentsQuery,
  paymentListSchema,
  paymentSchema,
  reversePaymentBody,
} from '../../../contracts/invoices.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { applyAdvance, companyAdvance, createPayment, getPayment, listPayments, reversePayment } from './payments.service.js';

const idParams = z.object({ id: z.uuid() });

/** Payments, their allocation to invoices, reversal, and the client's advance. */
export function paymentsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['payments'];

    r.get(
      '/payments',
      {
        schema: {
          tags,
          summary: 'Payments of the clients the caller may see, newest first (filters: client, invoice, currency, period)',
          querystring: listPaymentsQuery,
          response: { 200: paymentListSchema },
        },
      },
      async (req) => listPayments(db, requireUser(req), req.query),
    );

    r.post(
      '/payments',
      {
        schema: {
          tags,
          summary: 'Register a payment and allocate it to issued invoices; the rest is the client’s advance (finance)',
          body: createPaymentBody,
          response: { 201: paymentSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await createPayment(db, requireUser(req), req.body)),
    );

    r.get('/payments/:id', { schema: { tags, summary: 'One payment', params: idParams, response: { 200: paymentSchema } } }, async (req) =>
      getPayment(db, requireUser(req), req.params.id),
    );

    r.post(
      '/payments/:id/reverse',
      {
        schema: {
          tags,
          summary: 'Reverse a wrong payment: the invoices it paid are owed again (finance; audited)',
          params: idParams,
          body: reversePaymentBody,
          response: { 200: paymentSchema },
        },
      },
      async (req) => reversePayment(db, requireUser(req), req.params.id, req.body.reason),
    );

    r.get(
      '/companies/:id/advance',
      {
        schema: {
          tags,
          summary: 'The client’s advance: unallocated money per currency, offered on the next invoice',
          params: idParams,
          response: { 200: advanceSchema },
        },
      },
      async (req) => companyAdvance(db, requireUser(req), req.params.id),
    );

    r.post(
      '/invoices/:id/apply-advance',
      {
        schema: {
          tags,
          summary: 'Pay an issued invoice from the client’s advance in its currency (finance)',
          params: idParams,
          body: applyAdvanceBody,
          response: { 200: invoiceSchema },
        },
      },
      async (req) => applyAdvance(db, requireUser(req), req.params.id, req.body?.amount),
    );
  };
}
