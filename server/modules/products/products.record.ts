import { sql } from 'kysely';
import type { RecordKind } from '../../platform/registry.js';

/** Product records as the registry knows them. */
export const productRecord: RecordKind = {
  kind: 'product',
  table: 'products',
  name: (alias) => sql<string>`${sql.ref(`${alias}.name`)}`,
  owned: false,
  webPath: () => '/products',
};
