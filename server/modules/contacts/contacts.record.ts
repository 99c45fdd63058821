import { sql } from 'kysely';
import type { RecordKind } from '../../platform/registry.js';
import { ContactErrors } from './contacts.errors.js';

/** Contact records as the registry knows them. */
export const contactRecord: RecordKind = {
  kind: 'contact',
  table: 'contacts',
  name: (alias) => sql<string>`${sql.ref(`${alias}.full_name`)}`,
  owned: true,
  webPath: (id) => `/contacts/${id}`,
  api: { segment: 'contacts', notFound: ContactErrors.CONTACT_NOT_FOUND, timeline: true, notes: true, shares: true },
  mergeable: true,
  // Its company (and each membership) by name; links to other people by their names.
  links: [
    { idKey: 'companyId', kind: 'company', nameKeys: ['companyName'] },
    { idKey: 'contactId', kind: 'contact', nameKeys: ['contactName'], markHidden: true },
  ],
};
