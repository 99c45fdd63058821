import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { screenPopSchema } from '../../../contracts/calls.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { canSeeRecord } from '../../platform/registry.js';
import { rangFor } from '../calls/index.js';
import { screenPopFor } from './screenpop.service.js';

export function screenPopRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/calls/:id/pop',
      {
        schema: {
          tags: ['calls'],
          summary:
            'The screen pop of a call (also sent as `call` events on /reminders/stream): who is calling, their open deals, ' +
            'last activity and owner, as far as the caller may see; for whom the call rang or who may see it',
          params: z.object({ id: z.uuid() }),
          response: { 200: screenPopSchema },
        },
      },
      async (req) => {
        const user = requireUser(req);
        const id = req.params.id;
        return screenPopFor(
          db,
          user,
          id,
          async () => (await canSeeRecord(db, user, 'call', id)) || rangFor(db, user.workspaceId, id, user.id),
        );
      },
    );
  };
}
