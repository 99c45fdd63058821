import { sql } from 'kysely';
import type { Db } from '../../platform/database.js';
import type { StageKind } from './pipelines.table.js';

export type PipelineRow = {
  id: string;
  name: string;
  position: number;
  is_default: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
};
export type StageRow = {
  id: string;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  rotting_days: number | null;
  kind: StageKind;
  deleted_at: Date | null;
};

const pipelineCols = ['id', 'name', 'position', 'is_default', 'version', 'created_at', 'updated_at', 'deleted_at'] as const;
const stageCols = ['id', 'pipeline_id', 'name', 'position', 'probability', 'rotting_days', 'kind', 'deleted_at'] as const;

export async function livePipelines(db: Db, workspaceId: string): Promise<PipelineRow[]> {
  return db
    .selectFrom('pipelines')
    .select(pipelineCols)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export async function findPipeline(db: Db, workspaceId: string, id: string): Promise<PipelineRow | undefined> {
  return db
    .selectFrom('pipelines')
    .select(pipelineCols)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Live stages of the pipelines, in board order. */
export async function stagesOf(db: Db, workspaceId: string, pipelineIds: string[]): Promise<StageRow[]> {
  if (pipelineIds.length === 0) return [];
  return db
    .selectFrom('pipeline_stages')
    .select(stageCols)
    .where('workspace_id', '=', workspaceId)
    .where('pipeline_id', 'in', pipelineIds)
    .where('deleted_at', 'is', null)
    .orderBy('pipeline_id')
    .orderBy('position')
    .execute();
}

/** A stage by id, live or removed (deals keep pointing at removed stages in history). */
export async function findStage(db: Db, workspaceId: string, id: string): Promise<StageRow | undefined> {
  return db.selectFrom('pipeline_stages').select(stageCols).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

// The two queries below read the deals table although it belongs to the deals module: deals
// depend on pipelines (not the other way round), and a stage cannot be removed, nor its default
// probability changed, without knowing and updating the deals that sit in it.

/** Live deals per stage, for the stages given. */
export async function dealsInStages(db: Db, workspaceId: string, stageIds: string[]): Promise<Map<string, number>> {
  if (stageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('deals')
    .select(['stage_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('stage_id', 'in', stageIds)
    .where('deleted_at', 'is', null)
    .groupBy('stage_id')
    .execute();
  return new Map(rows.map((r) => [r.stage_id, Number(r.n)]));
}

export async function openDealsInPipeline(db: Db, workspaceId: string, pipelineId: string): Promise<number> {
  const r = await db
    .selectFrom('deals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('pipeline_id', '=', pipelineId)
    .where('status', '=', 'open')
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Open deals whose probability was not set by hand follow their stage's new default. */
export async function followStageProbability(db: Db, workspaceId: string, stageId: string, probability: number): Promise<void> {
  await db
    .updateTable('deals')
    .set({ probability })
    .where('workspace_id', '=', workspaceId)
    .where('stage_id', '=', stageId)
    .where('status', '=', 'open')
    .where('probability_overridden', '=', false)
    .where('probability', '<>', probability)
    .execute();
}

export async function lockWorkspaceSales(db: Db, workspaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`sales-defaults:${workspaceId}`}))`.execute(db);
}
