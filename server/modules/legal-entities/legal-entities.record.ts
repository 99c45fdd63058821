import { sql } from 'kysely';
import type { RecordKind } from '../../platform/registry.js';
import { canReadLegalEntities } from './legal-entities.rights.js';

/** Our legal entities as the registry knows them: readable by finance, director and admin only. */
export const legalEntityRecord: RecordKind = {
  kind: 'legal_entity',
  table: 'legal_entities',
  name: (alias) => sql<string>`${sql.ref(`${alias}.name`)}`,
  owned: false,
  visible: (user) => (canReadLegalEntities(user) ? sql<boolean>`true` : sql<boolean>`false`),
  webPath: (id) => `/settings/legal-entities/${id}`,
};
