import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createLostReasonBody,
  createPipelineBody,
  listLostReasonsQuery,
  lostReasonListSchema,
  lostReasonSchema,
  pipelineListSchema,
  pipelineSchema,
  updateLostReasonBody,
  updatePipelineBody,
} from '../../../contracts/pipelines.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import * as pipelines from './pipelines.service.js';

const idParams = z.object({ id: z.uuid() });

export function pipelinesRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/pipelines',
      {
        schema: {
          tags: ['pipelines'],
          summary: 'Pipelines with their ordered stages (a default one is created on first use)',
          response: { 200: pipelineListSchema },
        },
      },
      async (req) => ({ items: await pipelines.listPipelines(db, requireUser(req)) }),
    );

    r.post(
      '/pipelines',
      {
        schema: {
          tags: ['pipelines'],
          summary: 'Create a pipeline with ordered stages (exactly one won and one lost stage)',
          body: createPipelineBody,
          response: { 201: pipelineSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await pipelines.createPipeline(db, requireUser(req), req.body)),
    );

    r.get(
      '/pipelines/:id',
      { schema: { tags: ['pipelines'], summary: 'One pipeline', params: idParams, response: { 200: pipelineSchema } } },
      async (req) => pipelines.getPipeline(db, requireUser(req), req.params.id),
    );

    r.patch(
      '/pipelines/:id',
      {
        schema: {
          tags: ['pipelines'],
          summary: 'Rename, make default, or rewrite the ordered stage list (carries version)',
          params: idParams,
          body: updatePipelineBody,
          response: { 200: pipelineSchema },
        },
      },
      async (req) => pipelines.updatePipeline(db, requireUser(req), req.params.id, req.body),
    );

    r.delete(
      '/pipelines/:id',
      { schema: { tags: ['pipelines'], summary: 'Delete a pipeline that has no open deals', params: idParams } },
      async (req, reply) => {
        await pipelines.deletePipeline(db, requireUser(req), req.params.id);
        return reply.status(204).send();
      },
    );

    r.get(
      '/lost-reasons',
      {
        schema: {
          tags: ['pipelines'],
          summary: 'The configurable list of reasons a deal is lost',
          querystring: listLostReasonsQuery,
          response: { 200: lostReasonListSchema },
        },
      },
      async (req) => ({ items: await pipelines.listLostReasons(db, requireUser(req), req.query.active) }),
    );

    r.post(
      '/lost-reasons',
      { schema: { tags: ['pipelines'], summary: 'Add a lost reason', body: createLostReasonBody, response: { 201: lostReasonSchema } } },
      async (req, reply) => reply.status(201).send(await pipelines.createLostReason(db, requireUser(req), req.body)),
    );

    r.patch(
      '/lost-reasons/:id',
      {
        schema: {
          tags: ['pipelines'],
          summary: 'Rename, reorder, activate or deactivate a lost reason',
          params: idParams,
          body: updateLostReasonBody,
          response: { 200: lostReasonSchema },
        },
      },
      async (req) => pipelines.updateLostReason(db, requireUser(req), req.params.id, req.body),
    );

    r.delete(
      '/lost-reasons/:id',
      {
        schema: {
          tags: ['pipelines'],
          summary: 'Deactivate a lost reason (deals keep it; it is no longer offered)',
          params: idParams,
          response: { 200: lostReasonSchema },
        },
      },
      async (req) => pipelines.updateLostReason(db, requireUser(req), req.params.id, { isActive: false }),
    );
  };
}
