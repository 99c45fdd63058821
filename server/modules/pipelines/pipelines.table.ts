import type { Generated } from 'kysely';

export type StageKind = 'open' | 'won' | 'lost';

export interface PipelinesTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  position: Generated<number>;
  is_default: Generated<boolean>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface PipelineStagesTable {
  id: Generated<string>;
  workspace_id: string;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  rotting_days: number | null;
  kind: StageKind;
  /** Deals enter it only while their client is not on credit hold (contracts, D4). */
  requires_credit_clearance: Generated<boolean>;
  created_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface LostReasonsTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  position: Generated<number>;
  is_active: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PipelinesTables {
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  lost_reasons: LostReasonsTable;
}
