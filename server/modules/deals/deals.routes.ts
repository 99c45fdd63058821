import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  boardQuery,
  boardSchema,
  closeDealBody,
  createDealBody,
  dealHistorySchema,
  dealListSchema,
  dealSchema,
  listDealsQuery,
  moveDealBody,
  reopenDealBody,
  updateDealBody,
} from '../../../contracts/deals.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { board } from './deals.board.js';
import { dealHistory, getDeal, listDeals } from './deals.read.js';
import { createDeal, deleteDeal, restoreDeal, updateDeal } from './deals.service.js';
import { closeDeal, moveDeal, reopenDeal } from './deals.stages.js';

const deals = {
  board,
  dealHistory,
  getDeal,
  listDeals,
  createDeal,
  deleteDeal,
  restoreDeal,
  updateDeal,
  closeDeal,
  moveDeal,
  reopenDeal,
};

const idParams = z.object({ id: z.uuid() });

export function dealsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['deals'];

    r.get(
      '/deals',
      {
        schema: {
          tags,
          summary: 'Deals (filters: pipeline, stage, owner, status, company, contact, expected signing from/to, q, flags; sort; cursor)',
          querystring: listDealsQuery,
          response: { 200: dealListSchema },
        },
      },
      async (req) => deals.listDeals(db, requireUser(req), req.query),
    );

    r.get(
      '/deals/board',
      {
        schema: {
          tags,
          summary: 'Kanban board of a pipeline: open columns with counts, sums per currency and cards',
          querystring: boardQuery,
          response: { 200: boardSchema },
        },
      },
      async (req) => deals.board(db, requireUser(req), req.query),
    );

    r.post(
      '/deals',
      {
        schema: {
          tags,
          summary: 'Create a deal (lines priced and totalled on the server)',
          body: createDealBody,
          response: { 201: dealSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await deals.createDeal(db, requireUser(req), req.body)),
    );

    r.get('/deals/:id', { schema: { tags, summary: 'One deal', params: idParams, response: { 200: dealSchema } } }, async (req) =>
      deals.getDeal(db, requireUser(req), req.params.id),
    );

    r.patch(
      '/deals/:id',
      {
        schema: {
          tags,
          summary: 'Change a deal (carries version); a new stageId is a recorded stage move',
          params: idParams,
          body: updateDealBody,
          response: { 200: dealSchema },
        },
      },
      async (req) => deals.updateDeal(db, requireUser(req), req.params.id, req.body),
    );

    r.delete('/deals/:id', { schema: { tags, summary: 'Move a deal to the bin', params: idParams } }, async (req, reply) => {
      await deals.deleteDeal(db, requireUser(req), req.params.id);
      return reply.status(204).send();
    });

    r.post(
      '/deals/:id/restore',
      { schema: { tags, summary: 'Bring a deal back from the bin', params: idParams, response: { 200: dealSchema } } },
      async (req) => deals.restoreDeal(db, requireUser(req), req.params.id),
    );

    r.post(
      '/deals/:id/move',
      {
        schema: {
          tags,
          summary: 'Move a deal to a stage (board drag and drop); won/lost stages need the closing fields',
          params: idParams,
          body: moveDealBody,
          response: { 200: dealSchema },
        },
      },
      async (req) => deals.moveDeal(db, requireUser(req), req.params.id, req.body),
    );

    r.post(
      '/deals/:id/close',
      {
        schema: {
          tags,
          summary: 'Close as won (amount, date) or lost (reasonId and comment required)',
          params: idParams,
          body: closeDealBody,
          response: { 200: dealSchema },
        },
      },
      async (req) => deals.closeDeal(db, requireUser(req), req.params.id, req.body),
    );

    r.post(
      '/deals/:id/reopen',
      { schema: { tags, summary: 'Reopen a won or lost deal', params: idParams, body: reopenDealBody, response: { 200: dealSchema } } },
      async (req) => deals.reopenDeal(db, requireUser(req), req.params.id, req.body ?? {}),
    );

    r.get(
      '/deals/:id/history',
      { schema: { tags, summary: 'Stage moves of a deal (who, when, from, to)', params: idParams, response: { 200: dealHistorySchema } } },
      async (req) => deals.dealHistory(db, requireUser(req), req.params.id),
    );
  };
}
