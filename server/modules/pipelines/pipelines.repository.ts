import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../platform/database.js';
import type { LostReasonsTable, PipelineStagesTable, PipelinesTable, StageKind } from './pipelines.table.js';
import { updateAtVersion } from '../../platform/versioned.js';

// SQL of the pipelines module only: functions (db, ...) -> rows. Stage rules, rights, defaults in
// the workspace language and audit stay in pipelines.service.ts.

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
  requires_credit_clearance: boolean;
  deleted_at: Date | null;
};

const pipelineCols = ['id', 'name', 'position', 'is_default', 'version', 'created_at', 'updated_at', 'deleted_at'] as const;
const stageCols = [
  'id',
  'pipeline_id',
  'name',
  'position',
  'probability',
  'rotting_days',
  'kind',
  'requires_credit_clearance',
  'deleted_at',
] as const;

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

export async function hasLivePipeline(db: Db, workspaceId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('pipelines')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst());
}

/** A pipeline of the workspace by id, deleted ones too. */
export async function pipelineExists(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return !!(await db.selectFrom('pipelines').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst());
}

/** Whether a pipeline is deleted, by id alone: a stage's own row already proved the workspace. */
export async function findPipelineState(db: Db, id: string): Promise<{ id: string; deleted_at: Date | null } | undefined> {
  return db.selectFrom('pipelines').select(['id', 'deleted_at']).where('id', '=', id).executeTakeFirst();
}

/** Names of pipelines among `ids`, deleted ones included. */
export async function pipelineNameRows(db: Db, workspaceId: string, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('pipelines').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

export async function insertPipeline(db: Db, values: Insertable<PipelinesTable>): Promise<{ id: string }> {
  return db.insertInto('pipelines').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Fields of a pipeline the caller may change; the update bumps `version`/`updated_at` itself. */
export type PipelineChanges = Pick<Updateable<PipelinesTable>, 'name' | 'position'>;

/** Applies changes to a live pipeline at the given version; undefined when the version moved on. */
export const updatePipelineAtVersion = (db: Db, workspaceId: string, id: string, version: number, changes: PipelineChanges) =>
  updateAtVersion(db, 'pipelines', { workspaceId, id, version }, changes);

/** Makes one live pipeline of the workspace the default and every other one not. */
export async function setDefaultPipeline(db: Db, workspaceId: string, id: string): Promise<void> {
  await db
    .updateTable('pipelines')
    .set({ is_default: sql<boolean>`(id = ${id})` })
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .execute();
}

/** Moves a pipeline to the bin; it stops being the default. */
export async function softDeletePipeline(db: Db, workspaceId: string, id: string): Promise<void> {
  await db
    .updateTable('pipelines')
    .set({ deleted_at: new Date(), is_default: false, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .execute();
}

export async function insertStages(db: Db, values: Insertable<PipelineStagesTable>[]): Promise<void> {
  if (values.length === 0) return;
  await db.insertInto('pipeline_stages').values(values).execute();
}

/** Rewrites a stage in place (its id is what deals point at). */
export async function updateStage(
  db: Db,
  id: string,
  changes: Pick<
    Updateable<PipelineStagesTable>,
    'name' | 'position' | 'probability' | 'rotting_days' | 'kind' | 'requires_credit_clearance'
  >,
): Promise<void> {
  await db.updateTable('pipeline_stages').set(changes).where('id', '=', id).execute();
}

/** Removes stages (a date, not a delete: deals keep pointing at them in history). */
export async function softDeleteStages(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('pipeline_stages').set({ deleted_at: new Date() }).where('id', 'in', ids).execute();
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

// ---- lost reasons

export type ReasonRow = { id: string; name: string; position: number; is_active: boolean; version: number };
const reasonCols = ['id', 'name', 'position', 'is_active', 'version'] as const;

/** Lost reasons of the workspace in list order, all or only the (in)active ones. */
export async function listReasonRows(db: Db, workspaceId: string, active?: boolean): Promise<ReasonRow[]> {
  let q = db.selectFrom('lost_reasons').select(reasonCols).where('workspace_id', '=', workspaceId);
  if (active !== undefined) q = q.where('is_active', '=', active);
  return q.orderBy('position').orderBy('name').execute();
}

export async function findReasonRow(db: Db, workspaceId: string, id: string): Promise<ReasonRow | undefined> {
  return db.selectFrom('lost_reasons').select(reasonCols).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function hasLostReason(db: Db, workspaceId: string): Promise<boolean> {
  return !!(await db.selectFrom('lost_reasons').select('id').where('workspace_id', '=', workspaceId).executeTakeFirst());
}

/** The highest position in the workspace's list, or -1 when it is empty. */
export async function maxReasonPosition(db: Db, workspaceId: string): Promise<number> {
  const max = await db
    .selectFrom('lost_reasons')
    .select((eb) => eb.fn.max('position').as('m'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return Number(max?.m ?? -1);
}

export async function insertReasons(db: Db, values: Insertable<LostReasonsTable>[]): Promise<void> {
  if (values.length === 0) return;
  await db.insertInto('lost_reasons').values(values).execute();
}

export async function insertReason(db: Db, values: Insertable<LostReasonsTable>): Promise<ReasonRow> {
  return db.insertInto('lost_reasons').values(values).returning(reasonCols).executeTakeFirstOrThrow();
}

/** Applies changes to a lost reason, at `version` when given; undefined when the version moved on. */
export async function updateReasonRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number | undefined,
  changes: Pick<Updateable<LostReasonsTable>, 'name' | 'position' | 'is_active'>,
): Promise<ReasonRow | undefined> {
  let q = db
    .updateTable('lost_reasons')
    .set({ ...changes, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId);
  if (version !== undefined) q = q.where('version', '=', version);
  return q.returning(reasonCols).executeTakeFirst();
}

export async function lockWorkspaceSales(db: Db, workspaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`sales-defaults:${workspaceId}`}))`.execute(db);
}
