import { sql } from 'kysely';
import type { RecordKind } from '../../platform/registry.js';
import { CompanyErrors } from './companies.errors.js';

/** Company records as the registry knows them. */
export const companyRecord: RecordKind = {
  kind: 'company',
  table: 'companies',
  name: (alias) => sql<string>`${sql.ref(`${alias}.name`)}`,
  owned: true,
  webPath: (id) => `/companies/${id}`,
  api: { segment: 'companies', notFound: CompanyErrors.COMPANY_NOT_FOUND, timeline: true, notes: true, shares: true },
  mergeable: true,
};
