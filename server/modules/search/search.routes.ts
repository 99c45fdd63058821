import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { searchQuery, searchResultSchema } from '../../../contracts/search.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import type { SearchProvider } from '../../platform/search/index.js';
import { runSearch } from './search.service.js';

/** `GET /search`: the providers (contacts, companies) are composed in app.ts, so this module imports neither. */
export function searchRoutes(db: Db, providers: SearchProvider[]) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/search',
      {
        schema: {
          tags: ['search'],
          summary:
            'Global search across contacts and companies: name (morphology, typos), phone in any format or a fragment, email, INN/EIK',
          querystring: searchQuery,
          response: { 200: searchResultSchema },
        },
      },
      async (req) => {
        const user = requireUser(req);
        return { items: await runSearch(db, user, req.query.q, req.query.limit, providers) };
      },
    );
  };
}
