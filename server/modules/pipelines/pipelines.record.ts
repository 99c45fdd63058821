import { sql } from 'kysely';
import type { RecordKind } from '../../platform/registry.js';

/** Pipelines and lost reasons as the registry knows them: workspace settings, visible to every member. */
export const pipelineRecord: RecordKind = {
  kind: 'pipeline',
  table: 'pipelines',
  name: (alias) => sql<string>`${sql.ref(`${alias}.name`)}`,
  owned: false,
  webPath: () => '/admin/pipelines',
};

export const lostReasonRecord: RecordKind = {
  kind: 'lost_reason',
  table: 'lost_reasons',
  name: (alias) => sql<string>`${sql.ref(`${alias}.name`)}`,
  owned: false,
  webPath: () => '/admin/pipelines',
};
