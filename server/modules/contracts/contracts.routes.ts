import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  contractListSchema,
  contractSchema,
  createContractBody,
  listContractsQuery,
  updateContractBody,
} from '../../../contracts/contracts.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import * as service from './contracts.service.js';

const idParams = z.object({ id: z.uuid() });

/** Contracts with clients: terms, credit limit and prices (D4). */
export function contractsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['contracts'];
    r.get(
      '/contracts',
      {
        schema: {
          tags,
          summary: 'Contracts the caller may see (companyId, legalEntityId, active, deleted, q; paged)',
          querystring: listContractsQuery,
          response: { 200: contractListSchema },
        },
      },
      async (req) => service.listContracts(db, requireUser(req), req.query),
    );
    r.post(
      '/contracts',
      { schema: { tags, summary: 'Add a contract with a client', body: createContractBody, response: { 201: contractSchema } } },
      async (req, reply) => reply.status(201).send(await service.createContract(db, requireUser(req), req.body)),
    );
    r.get(
      '/contracts/:id',
      { schema: { tags, summary: 'One contract with its prices', params: idParams, response: { 200: contractSchema } } },
      async (req) => service.getContract(db, requireUser(req), req.params.id),
    );
    r.patch(
      '/contracts/:id',
      {
        schema: {
          tags,
          summary: 'Change a contract (carries version; prices given replace the list)',
          params: idParams,
          body: updateContractBody,
          response: { 200: contractSchema },
        },
      },
      async (req) => service.updateContract(db, requireUser(req), req.params.id, req.body),
    );
    r.delete('/contracts/:id', { schema: { tags, summary: 'Move a contract to the bin', params: idParams } }, async (req, reply) => {
      await service.deleteContract(db, requireUser(req), req.params.id);
      return reply.status(204).send();
    });
    r.post(
      '/contracts/:id/restore',
      { schema: { tags, summary: 'Bring a contract back from the bin', params: idParams, response: { 200: contractSchema } } },
      async (req) => service.restoreContract(db, requireUser(req), req.params.id),
    );
  };
}
