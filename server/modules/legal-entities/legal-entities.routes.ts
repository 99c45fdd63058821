import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  LEGAL_ENTITY_IMAGE_MAX_BYTES,
  createLegalEntityBody,
  legalEntityImageKinds,
  legalEntityListSchema,
  legalEntitySchema,
  listLegalEntitiesQuery,
  updateLegalEntityBody,
} from '../../../contracts/legal-entities.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import * as service from './legal-entities.service.js';

const idParams = z.object({ id: z.uuid() });
const imageParams = z.object({ id: z.uuid(), kind: z.enum(legalEntityImageKinds) });
const RAW_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'];

/** Our own legal entities (settings; finance and admin change them, the director reads). */
export function legalEntitiesRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    // Images come as the raw request body; the type is sniffed from the bytes in the service.
    app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: LEGAL_ENTITY_IMAGE_MAX_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['legal-entities'];

    r.get(
      '/legal-entities',
      {
        schema: {
          tags,
          summary: 'Our legal entities (deleted=true: the bin)',
          querystring: listLegalEntitiesQuery,
          response: { 200: legalEntityListSchema },
        },
      },
      async (req) => service.listLegalEntities(db, requireUser(req), req.query),
    );
    r.post(
      '/legal-entities',
      {
        schema: {
          tags,
          summary: 'Add a legal entity that issues documents',
          body: createLegalEntityBody,
          response: { 201: legalEntitySchema },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createLegalEntity(db, requireUser(req), req.body)),
    );
    r.get(
      '/legal-entities/:id',
      { schema: { tags, summary: 'One legal entity', params: idParams, response: { 200: legalEntitySchema } } },
      async (req) => service.getLegalEntity(db, requireUser(req), req.params.id),
    );
    r.patch(
      '/legal-entities/:id',
      {
        schema: {
          tags,
          summary: 'Change a legal entity (carries version)',
          params: idParams,
          body: updateLegalEntityBody,
          response: { 200: legalEntitySchema },
        },
      },
      async (req) => service.updateLegalEntity(db, requireUser(req), req.params.id, req.body),
    );
    r.delete(
      '/legal-entities/:id',
      { schema: { tags, summary: 'Move a legal entity to the bin (refused while documents use it)', params: idParams } },
      async (req, reply) => {
        await service.deleteLegalEntity(db, requireUser(req), req.params.id);
        return reply.status(204).send();
      },
    );
    r.post(
      '/legal-entities/:id/restore',
      { schema: { tags, summary: 'Bring a legal entity back from the bin', params: idParams, response: { 200: legalEntitySchema } } },
      async (req) => service.restoreLegalEntity(db, requireUser(req), req.params.id),
    );
    r.put(
      '/legal-entities/:id/images/:kind',
      {
        schema: {
          tags,
          summary: 'Upload the logo, signature or stamp (raw PNG, JPEG or WebP body, at most 1 MB)',
          params: imageParams,
          response: { 200: legalEntitySchema },
        },
      },
      async (req) => service.putLegalEntityImage(db, requireUser(req), req.params.id, req.params.kind, req.body),
    );
    r.get(
      '/legal-entities/:id/images/:kind',
      { schema: { tags, summary: 'The logo, signature or stamp image', params: imageParams } },
      async (req, reply) => {
        const image = await service.getLegalEntityImage(db, requireUser(req), req.params.id, req.params.kind);
        return reply
          .header('content-type', image.mimeType)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-cache')
          .send(image.bytes);
      },
    );
    r.delete(
      '/legal-entities/:id/images/:kind',
      { schema: { tags, summary: 'Remove the logo, signature or stamp', params: imageParams } },
      async (req, reply) => {
        await service.deleteLegalEntityImage(db, requireUser(req), req.params.id, req.params.kind);
        return reply.status(204).send();
      },
    );
  };
}
