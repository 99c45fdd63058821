import { sql } from 'kysely';
import type { RecordKind } from '../../platform/registry.js';
import { canListLegalEntities } from './legal-entities.rights.js';

/** Our legal entities as the registry knows them: readable by finance, director, admin and the sales side (not marketing, operators). */
export const legalEntityRecord: RecordKind = {
  kind: 'legal_entity',
  table: 'legal_entities',
  name: (alias) => sql<string>`${sql.ref(`${alias}.name`)}`,
  owned: false,
  visible: (user) => (canListLegalEntities(user) ? sql<boolean>`true` : sql<boolean>`false`),
  webPath: (id) => `/settings/legal-entities/${id}`,
};
