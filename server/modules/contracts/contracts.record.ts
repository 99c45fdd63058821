import { sql } from 'kysely';
import { visibilityOf, type RecordKind } from '../../platform/registry.js';
import { ContractErrors } from './contracts.errors.js';

/** Contracts as the registry knows them: visible to whoever may see the client; documents attach to them. */
export const contractRecord: RecordKind = {
  kind: 'contract',
  table: 'contracts',
  name: (alias) => sql<string>`${sql.ref(`${alias}.number`)}`,
  owned: false,
  visible: (user, alias) => sql<boolean>`exists (select 1 from companies cc where cc.id = ${sql.ref(`${alias}.company_id`)}
    and cc.workspace_id = ${sql.ref(`${alias}.workspace_id`)} and ${visibilityOf(user, 'company', 'cc')})`,
  webPath: (id) => `/contracts/${id}`,
  links: [
    { idKey: 'companyId', kind: 'company', nameKeys: ['companyName'] },
    { idKey: 'legalEntityId', kind: 'legal_entity', nameKeys: ['legalEntityName'] },
  ],
  api: { segment: 'contracts', notFound: ContractErrors.CONTRACT_NOT_FOUND, timeline: true },
};
