import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { amountInWordsQuery, amountInWordsSchema } from '../../../contracts/money.js';
import { requireUser } from '../../platform/auth.js';
import { spellAmount } from './money.service.js';

/** Routes of the money helpers (no database: the amount in words is a pure function). */
export function moneyRoutes() {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/amount-in-words',
      {
        schema: {
          tags: ['money'],
          summary: 'An amount in words as on an invoice (ru, bg, en; RUB, EUR, BGN, USD)',
          querystring: amountInWordsQuery,
          response: { 200: amountInWordsSchema },
        },
      },
      async (req) => {
        requireUser(req);
        return spellAmount(req.query, req.lang);
      },
    );
  };
}
