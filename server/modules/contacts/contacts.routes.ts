import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { duplicatesSchema, forceQuery, idParams, mergeBody } from '../../../contracts/companies.js';
import {
  contactDuplicatesQuery,
  contactListQuery,
  contactListSchema,
  contactSchema,
  createContactBody,
  updateContactBody,
} from '../../../contracts/contacts.js';
import { bulkBody, bulkResultSchema, facetsQuery, facetsSchema, LIST_COUNT_CAP, listCountSchema } from '../../../contracts/records.js';
import { requireUser } from '../../platform/auth.js';
import { recordFacets, runBulk } from '../../platform/bulk.js';
import type { Db } from '../../platform/database.js';
import { handleDuplicates } from '../companies/index.js';
import { checkContactDuplicates } from './contacts.duplicates.js';
import { mergeContacts } from './contacts.merge.js';
import { bulkSelection, countContacts, getContact, listContacts } from './contacts.read.js';
import { createContact, deleteContact, restoreContact, updateContact } from './contacts.service.js';

export function contactsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    handleDuplicates(app);
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['contacts'];

    r.get(
      '/contacts',
      {
        schema: {
          tags,
          summary: 'Contacts the caller may see: cursor pages, sort by name/createdAt/updatedAt, filters',
          querystring: contactListQuery,
          response: { 200: contactListSchema },
        },
      },
      async (req) => listContacts(db, requireUser(req), req.query),
    );

    r.post(
      '/contacts/bulk',
      {
        schema: {
          tags,
          summary:
            'One action over many contacts: `ids`, or every contact the list shows for `filter` (chosen on the server); assign (roles that may reassign, owners they control), addTag/removeTag (any case), setSegment, delete (to the bin) and restore (its undo). One transaction, an audit entry per record; at most 5000 records',
          body: bulkBody,
          response: { 200: bulkResultSchema },
        },
      },
      async (req) => {
        const user = requireUser(req);
        const { ids, filter } = req.body;
        const selection = ids ? { ids } : await bulkSelection(db, user, { ...filter!, deleted: filter!.deleted ?? false });
        return runBulk(db, user, { entity: 'contact', table: 'contacts' }, req.body, selection);
      },
    );

    r.get(
      '/contacts/count',
      {
        schema: {
          tags,
          summary: 'How many contacts the list shows for these filters (the total above the list), counted up to 100000',
          querystring: contactListQuery,
          response: { 200: listCountSchema },
        },
      },
      async (req) => {
        const total = await countContacts(db, requireUser(req), req.query, LIST_COUNT_CAP + 1);
        return { total: Math.min(total, LIST_COUNT_CAP), capped: total > LIST_COUNT_CAP };
      },
    );

    r.get(
      '/contacts/facets',
      {
        schema: {
          tags,
          summary: 'Tags and segments of the contacts the caller sees, most used first, starting with `q` in any case (filter suggestions)',
          querystring: facetsQuery,
          response: { 200: facetsSchema },
        },
      },
      async (req) => recordFacets(db, requireUser(req), { entity: 'contact', table: 'contacts' }, req.query.q),
    );

    r.get(
      '/contacts/duplicates',
      {
        schema: {
          tags,
          summary: 'Contacts that already have this phone (any format) or email (live check of the form)',
          querystring: contactDuplicatesQuery,
          response: { 200: duplicatesSchema },
        },
      },
      async (req) => ({ items: await checkContactDuplicates(db, requireUser(req), req.query) }),
    );

    r.post(
      '/contacts',
      {
        schema: {
          tags,
          summary:
            'Create a contact; phones in any format are stored in E.164; 409 DUPLICATE lists contacts with the same phone/email unless ?force=true',
          querystring: forceQuery,
          body: createContactBody,
          response: { 201: contactSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await createContact(db, requireUser(req), req.body, { force: req.query.force })),
    );

    r.get(
      '/contacts/:id',
      { schema: { tags, summary: 'One contact with companies and links', params: idParams, response: { 200: contactSchema } } },
      async (req) => getContact(db, requireUser(req), req.params.id),
    );

    r.patch(
      '/contacts/:id',
      {
        schema: {
          tags,
          summary: 'Change a contact (send the version you read; 409 when stale)',
          params: idParams,
          querystring: forceQuery,
          body: updateContactBody,
          response: { 200: contactSchema },
        },
      },
      async (req) => updateContact(db, requireUser(req), req.params.id, req.body, { force: req.query.force }),
    );

    r.delete('/contacts/:id', { schema: { tags, summary: 'Soft-delete a contact (restorable)', params: idParams } }, async (req, reply) => {
      await deleteContact(db, requireUser(req), req.params.id);
      return reply.status(204).send();
    });

    r.post(
      '/contacts/:id/restore',
      { schema: { tags, summary: 'Bring a deleted contact back', params: idParams, response: { 200: contactSchema } } },
      async (req) => restoreContact(db, requireUser(req), req.params.id),
    );

    r.post(
      '/contacts/:id/merge',
      {
        schema: {
          tags,
          summary: 'Merge another contact into this one, keeping all links',
          params: idParams,
          body: mergeBody,
          response: { 200: contactSchema },
        },
      },
      async (req) => mergeContacts(db, requireUser(req), req.params.id, req.body.otherId),
    );
  };
}
