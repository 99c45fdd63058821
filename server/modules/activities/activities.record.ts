import { sql } from 'kysely';
import type { RecordKind } from '../../platform/registry.js';

/** Activity records as the registry knows them. */
export const activityRecord: RecordKind = {
  kind: 'activity',
  table: 'activities',
  name: (alias) => sql<string>`${sql.ref(`${alias}.subject`)}`,
  owned: true,
  webPath: () => '/agenda',
};
