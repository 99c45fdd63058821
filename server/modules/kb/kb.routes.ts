import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createKbArticleBody,
  kbArticleListSchema,
  kbArticleSchema,
  kbCategoriesSchema,
  kbSearchQuery,
  kbSearchResultSchema,
  kbSettingsBody,
  kbSettingsSchema,
  kbVersionListSchema,
  kbVersionSchema,
  listKbArticlesQuery,
  restoreKbVersionBody,
  updateKbArticleBody,
} from '../../../contracts/kb.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { searchArticles } from './kb.search.js';
import * as kb from './kb.service.js';

const idParams = z.object({ id: z.uuid() });
const versionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1).max(2_147_483_647) });

/** `/kb/...`: articles, their versions, search, categories and who may edit. */
export function kbRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['kb'];

    r.get(
      '/kb/search',
      {
        schema: {
          tags,
          summary: 'Search articles: word forms and typos (ru, bg), title matches first, marked fragments; filters category, language, tag',
          querystring: kbSearchQuery,
          response: { 200: kbSearchResultSchema },
        },
      },
      async (req) => searchArticles(db, requireUser(req), req.query),
    );

    r.get(
      '/kb/categories',
      {
        schema: { tags, summary: 'Categories in use, most used first (suggestions for the editor)', response: { 200: kbCategoriesSchema } },
      },
      async (req) => kb.listCategories(db, requireUser(req)),
    );

    r.get(
      '/kb/settings',
      { schema: { tags, summary: 'Roles that write articles, and whether the caller does', response: { 200: kbSettingsSchema } } },
      async (req) => kb.getKbSettings(db, requireUser(req)),
    );

    r.put(
      '/kb/settings',
      { schema: { tags, summary: 'Admin: the roles that write articles', body: kbSettingsBody, response: { 200: kbSettingsSchema } } },
      async (req) => kb.updateKbSettings(db, requireUser(req), req.body.editorRoles),
    );

    r.get(
      '/kb/articles',
      {
        schema: {
          tags,
          summary: 'Articles, newest change first (drafts and the bin for editors only)',
          querystring: listKbArticlesQuery,
          response: { 200: kbArticleListSchema },
        },
      },
      async (req) => kb.listArticles(db, requireUser(req), req.query),
    );

    r.post(
      '/kb/articles',
      { schema: { tags, summary: 'Write an article (editors)', body: createKbArticleBody, response: { 201: kbArticleSchema } } },
      async (req, reply) => reply.status(201).send(await kb.createArticle(db, requireUser(req), req.body)),
    );

    r.get(
      '/kb/articles/:id',
      { schema: { tags, summary: 'One article', params: idParams, response: { 200: kbArticleSchema } } },
      async (req) => kb.getArticle(db, requireUser(req), req.params.id),
    );

    r.patch(
      '/kb/articles/:id',
      {
        schema: {
          tags,
          summary: 'Save an article (carries version); a published one keeps its previous content as a version',
          params: idParams,
          body: updateKbArticleBody,
          response: { 200: kbArticleSchema },
        },
      },
      async (req) => kb.updateArticle(db, requireUser(req), req.params.id, req.body),
    );

    r.delete('/kb/articles/:id', { schema: { tags, summary: 'Move an article to the bin', params: idParams } }, async (req, reply) => {
      await kb.deleteArticle(db, requireUser(req), req.params.id);
      return reply.status(204).send();
    });

    r.post(
      '/kb/articles/:id/restore',
      { schema: { tags, summary: 'Bring an article back from the bin', params: idParams, response: { 200: kbArticleSchema } } },
      async (req) => kb.restoreArticle(db, requireUser(req), req.params.id),
    );

    r.get(
      '/kb/articles/:id/versions',
      { schema: { tags, summary: 'Kept versions of an article, newest first', params: idParams, response: { 200: kbVersionListSchema } } },
      async (req) => kb.listVersions(db, requireUser(req), req.params.id),
    );

    r.get(
      '/kb/articles/:id/versions/:version',
      { schema: { tags, summary: 'One kept version', params: versionParams, response: { 200: kbVersionSchema } } },
      async (req) => kb.getVersion(db, requireUser(req), req.params.id, req.params.version),
    );

    r.post(
      '/kb/articles/:id/versions/:version/restore',
      {
        schema: {
          tags,
          summary: 'Make a kept version the article’s content again (a new save)',
          params: versionParams,
          body: restoreKbVersionBody,
          response: { 200: kbArticleSchema },
        },
      },
      async (req) => kb.restoreVersion(db, requireUser(req), req.params.id, req.params.version, req.body.version),
    );
  };
}
