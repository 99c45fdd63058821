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
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { handleDuplicates } from '../companies/index.js';
import { checkContactDuplicates } from './contacts.duplicates.js';
import { mergeContacts } from './contacts.merge.js';
import { getContact, listContacts } from './contacts.read.js';
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
