import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createViewBody,
  createViewQuery,
  listPreferencesBody,
  listPreferencesSchema,
  listViewsQuery,
  updateViewBody,
  viewListResultSchema,
  viewListSchema,
  viewSchema,
} from '../../../contracts/views.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import * as views from './views.service.js';

const idParams = z.object({ id: z.uuid() });
const listParams = z.object({ list: viewListSchema });

/** `/views/...`: saved views of the lists (own and the team's) and each user's columns per list. */
export function viewsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['views'];

    r.get(
      '/views',
      {
        schema: {
          tags,
          summary: 'Saved views of a list (or of every list): the caller’s own first, then those shared with their team',
          querystring: listViewsQuery,
          response: { 200: viewListResultSchema },
        },
      },
      async (req) => views.listViews(db, requireUser(req), req.query.list),
    );

    r.post(
      '/views',
      {
        schema: {
          tags,
          summary:
            'Save the filters, sort and columns of a list (`list` in the body or as ?list=); `shared` (heads of sales and admins) shows it to the caller’s team',
          querystring: createViewQuery,
          body: createViewBody,
          response: { 201: viewSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await views.createView(db, requireUser(req), req.body, req.query.list)),
    );

    r.get(
      '/views/preferences/:list',
      {
        schema: {
          tags,
          summary: 'The caller’s columns of a list (its defaults until chosen)',
          params: listParams,
          response: { 200: listPreferencesSchema },
        },
      },
      async (req) => views.getPreferences(db, requireUser(req), req.params.list),
    );

    r.put(
      '/views/preferences/:list',
      {
        schema: {
          tags,
          summary: 'Choose the columns of a list, in order',
          params: listParams,
          body: listPreferencesBody,
          response: { 200: listPreferencesSchema },
        },
      },
      async (req) => views.setPreferences(db, requireUser(req), req.params.list, req.body.columns),
    );

    r.get(
      '/views/:id',
      { schema: { tags, summary: 'One saved view the caller sees', params: idParams, response: { 200: viewSchema } } },
      async (req) => views.getView(db, requireUser(req), req.params.id),
    );

    r.patch(
      '/views/:id',
      {
        schema: {
          tags,
          summary: 'Change a view (its owner or an admin)',
          params: idParams,
          body: updateViewBody,
          response: { 200: viewSchema },
        },
      },
      async (req) => views.updateView(db, requireUser(req), req.params.id, req.body),
    );

    r.delete('/views/:id', { schema: { tags, summary: 'Delete a view (its owner or an admin)', params: idParams } }, async (req, reply) => {
      await views.deleteView(db, requireUser(req), req.params.id);
      return reply.status(204).send();
    });
  };
}
