import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams, shareBody, shareParams, sharesSchema } from '../../../contracts/companies.js';
import { noteBody, timelineEventSchema, timelinePageSchema, timelineQuery } from '../../../contracts/timeline.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { findRecordKind, recordKinds } from '../../platform/registry.js';
import * as records from './records.service.js';
import type { ApiKind } from './records.service.js';

/** The kinds of the registry that declare per-record routes, in registration order. */
export function apiKinds(): ApiKind[] {
  return recordKinds()
    .map((k) => findRecordKind(k)!)
    .filter((d): d is ApiKind => !!d.api);
}

/**
 * `/<segment>/:id/timeline`, `/notes` and `/shares` for every registered kind that declares them
 * (RecordKind.api), read from the registry when the routes are registered: after app.ts has
 * registered the kinds.
 */
export function recordsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    for (const def of apiKinds()) {
      const { segment, timeline, notes, shares } = def.api;
      const base = `/${segment}/:id`;
      const tags = [segment];
      const noun = def.kind.replace(/_/g, ' ');
      if (shares && !def.owned) throw new Error(`record kind ${def.kind} declares shares but has no owner`);

      if (timeline)
        r.get(
          `${base}/timeline`,
          {
            schema: {
              tags,
              summary: `The ${noun} timeline, newest first`,
              params: idParams,
              querystring: timelineQuery,
              response: { 200: timelinePageSchema },
            },
          },
          async (req) => records.recordTimeline(db, requireUser(req), def, req.params.id, req.query),
        );

      if (notes)
        r.post(
          `${base}/notes`,
          {
            schema: {
              tags,
              summary: `Add a note to the ${noun} timeline`,
              params: idParams,
              body: noteBody,
              response: { 201: timelineEventSchema },
            },
          },
          async (req, reply) =>
            reply.status(201).send(await records.addRecordNote(db, requireUser(req), def, req.params.id, req.body.text)),
        );

      if (shares) {
        r.get(
          `${base}/shares`,
          { schema: { tags, summary: `Users the ${noun} is shared with`, params: idParams, response: { 200: sharesSchema } } },
          async (req) => records.recordShares(db, requireUser(req), def, req.params.id),
        );
        r.post(
          `${base}/shares`,
          {
            schema: {
              tags,
              summary: `Share the ${noun} with a user (they see and edit it)`,
              params: idParams,
              body: shareBody,
              response: { 200: sharesSchema },
            },
          },
          async (req) => records.changeShare(db, requireUser(req), def, req.params.id, req.body.userId, true),
        );
        r.delete(
          `${base}/shares/:userId`,
          { schema: { tags, summary: `Stop sharing the ${noun} with a user`, params: shareParams, response: { 200: sharesSchema } } },
          async (req) => records.changeShare(db, requireUser(req), def, req.params.id, req.params.userId, false),
        );
      }
    }
  };
}
