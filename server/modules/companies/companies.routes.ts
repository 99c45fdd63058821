import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  companyDuplicatesQuery,
  companyListQuery,
  companyListSchema,
  companySchema,
  createCompanyBody,
  duplicatesSchema,
  forceQuery,
  idParams,
  mergeBody,
  updateCompanyBody,
} from '../../../contracts/companies.js';
import { bulkBody, bulkResultSchema, facetsQuery, facetsSchema, LIST_COUNT_CAP, listCountSchema } from '../../../contracts/records.js';
import { requireUser } from '../../platform/auth.js';
import { recordFacets, runBulk } from '../../platform/bulk.js';
import type { Db } from '../../platform/database.js';
import { handleDuplicates } from './companies.errors.js';
import { findCompanyDuplicates } from './companies.duplicates.js';
import { mergeCompanies } from './companies.merge.js';
import { bulkSelection, countCompanies, getCompany, listCompanies } from './companies.read.js';
import { createCompany, deleteCompany, restoreCompany, updateCompany } from './companies.service.js';

export function companiesRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    handleDuplicates(app);
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['companies'];

    r.get(
      '/companies',
      {
        schema: {
          tags,
          summary: 'Companies the caller may see: cursor pages, sort by name/createdAt/updatedAt, filters',
          querystring: companyListQuery,
          response: { 200: companyListSchema },
        },
      },
      async (req) => listCompanies(db, requireUser(req), req.query),
    );

    r.post(
      '/companies/bulk',
      {
        schema: {
          tags,
          summary:
            'One action over many companies: `ids`, or every company the list shows for `filter` (chosen on the server); assign (roles that may reassign, owners they control), addTag/removeTag (any case), setSegment, delete (to the bin) and restore (its undo). One transaction, an audit entry per record; at most 5000 records',
          body: bulkBody,
          response: { 200: bulkResultSchema },
        },
      },
      async (req) => {
        const user = requireUser(req);
        const { ids, filter } = req.body;
        const selection = ids ? { ids } : await bulkSelection(db, user, { ...filter!, deleted: filter!.deleted ?? false });
        return runBulk(db, user, { entity: 'company', table: 'companies' }, req.body, selection);
      },
    );

    r.get(
      '/companies/count',
      {
        schema: {
          tags,
          summary: 'How many companies the list shows for these filters (the total above the list), counted up to 100000',
          querystring: companyListQuery,
          response: { 200: listCountSchema },
        },
      },
      async (req) => {
        const total = await countCompanies(db, requireUser(req), req.query, LIST_COUNT_CAP + 1);
        return { total: Math.min(total, LIST_COUNT_CAP), capped: total > LIST_COUNT_CAP };
      },
    );

    r.get(
      '/companies/facets',
      {
        schema: {
          tags,
          summary:
            'Tags and segments of the companies the caller sees, most used first, starting with `q` in any case (filter suggestions)',
          querystring: facetsQuery,
          response: { 200: facetsSchema },
        },
      },
      async (req) => recordFacets(db, requireUser(req), { entity: 'company', table: 'companies' }, req.query.q),
    );

    r.get(
      '/companies/duplicates',
      {
        schema: {
          tags,
          summary: 'Companies that already have this INN or EIK (live check of the form)',
          querystring: companyDuplicatesQuery,
          response: { 200: duplicatesSchema },
        },
      },
      async (req) => ({ items: await findCompanyDuplicates(db, requireUser(req), req.query) }),
    );

    r.post(
      '/companies',
      {
        schema: {
          tags,
          summary:
            'Create a company; 422 names each invalid requisite, 409 DUPLICATE lists companies with the same INN/EIK unless ?force=true',
          querystring: forceQuery,
          body: createCompanyBody,
          response: { 201: companySchema },
        },
      },
      async (req, reply) => {
        const user = requireUser(req);
        return reply.status(201).send(await createCompany(db, user, req.body, { force: req.query.force, lang: req.lang }));
      },
    );

    r.get('/companies/:id', { schema: { tags, summary: 'One company', params: idParams, response: { 200: companySchema } } }, async (req) =>
      getCompany(db, requireUser(req), req.params.id),
    );

    r.patch(
      '/companies/:id',
      {
        schema: {
          tags,
          summary: 'Change a company (send the version you read; 409 when stale)',
          params: idParams,
          querystring: forceQuery,
          body: updateCompanyBody,
          response: { 200: companySchema },
        },
      },
      async (req) => updateCompany(db, requireUser(req), req.params.id, req.body, { force: req.query.force, lang: req.lang }),
    );

    r.delete(
      '/companies/:id',
      { schema: { tags, summary: 'Soft-delete a company (restorable)', params: idParams } },
      async (req, reply) => {
        await deleteCompany(db, requireUser(req), req.params.id);
        return reply.status(204).send();
      },
    );

    r.post(
      '/companies/:id/restore',
      { schema: { tags, summary: 'Bring a deleted company back', params: idParams, response: { 200: companySchema } } },
      async (req) => restoreCompany(db, requireUser(req), req.params.id),
    );

    r.post(
      '/companies/:id/merge',
      {
        schema: {
          tags,
          summary: 'Merge another company into this one, keeping all links',
          params: idParams,
          body: mergeBody,
          response: { 200: companySchema },
        },
      },
      async (req) => mergeCompanies(db, requireUser(req), req.params.id, req.body.otherId),
    );
  };
}
