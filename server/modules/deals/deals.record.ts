import { sql } from 'kysely';
import type { RecordKind } from '../../platform/registry.js';
import { DealErrors } from './deals.errors.js';

/** Deal records as the registry knows them. */
export const dealRecord: RecordKind = {
  kind: 'deal',
  table: 'deals',
  name: (alias) => sql<string>`${sql.ref(`${alias}.title`)}`,
  owned: true,
  webPath: (id) => `/deals/${id}`,
  links: [
    { idKey: 'companyId', kind: 'company', nameKeys: ['companyName'], linkKey: 'company' },
    { idKey: 'contactId', kind: 'contact', nameKeys: ['name'] },
  ],
  api: { segment: 'deals', notFound: DealErrors.DEAL_NOT_FOUND, timeline: true, readableInBin: true },
};
