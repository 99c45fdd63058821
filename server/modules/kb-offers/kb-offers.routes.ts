import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { kbSuggestionsQuery, kbSuggestionsSchema } from '../../../contracts/kb.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { kbSuggestions } from './kb-offers.service.js';

/** `GET /kb/suggestions`: articles for a client's products (open deals), given products or free text. */
export function kbOffersRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/kb/suggestions',
      {
        schema: {
          tags: ['kb'],
          summary:
            'Published articles matching the products of the open deals of a contact or company, a ticket (its subject and products), given products (productId, repeated) or the words of q; 404 for a client or ticket the caller may not open',
          querystring: kbSuggestionsQuery,
          response: { 200: kbSuggestionsSchema },
        },
      },
      async (req) => kbSuggestions(db, requireUser(req), req.query),
    );
  };
}
