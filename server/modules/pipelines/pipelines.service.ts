import { translate, type Lang } from '../../../contracts/i18n/index.js';
import type { CreatePipeline, LostReason, Pipeline, Stage, StageInput, UpdatePipeline } from '../../../contracts/pipelines.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { findWorkspaceSettings } from '../../platform/settings.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { inTransaction } from '../../platform/records.js';
import { PipelineErrors } from './pipelines.errors.js';
import * as repo from './pipelines.repository.js';

/** Who configures pipelines and the lost-reason list; everyone else uses them. */
export function canConfigureSales(user: AuthUser): boolean {
  return ['admin', 'director', 'head_of_sales'].includes(user.role);
}
function assertConfigurer(user: AuthUser) {
  if (!canConfigureSales(user)) throw PlatformErrors.FORBIDDEN();
}

const toStage = (s: repo.StageRow, index: number): Stage => ({
  id: s.id,
  name: s.name,
  position: index,
  probability: s.probability,
  rottingDays: s.rotting_days,
  kind: s.kind,
  requiresCreditClearance: s.requires_credit_clearance,
});

function toPipeline(p: repo.PipelineRow, stages: repo.StageRow[]): Pipeline {
  return {
    id: p.id,
    name: p.name,
    position: p.position,
    isDefault: p.is_default,
    stages: stages.filter((s) => s.pipeline_id === p.id).map(toStage),
    version: p.version,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

// Workspaces known to have their defaults: the check then costs nothing on the board's hot path.
// The last pipeline cannot be deleted, so once created the defaults never need re-creating.
const ensured = new Set<string>();

/**
 * Makes sure a workspace has a usable sales pipeline and lost-reason list, named in the
 * workspace language; idempotent and safe under concurrent first requests.
 */
export async function ensureDefaultPipeline(db: Db, workspaceId: string): Promise<void> {
  if (ensured.has(workspaceId)) return;
  // Inside the caller's transaction when there is one (an import's batch of deals).
  await inTransaction(db, async (trx) => {
    await repo.lockWorkspaceSales(trx, workspaceId);
    const ws = await findWorkspaceSettings(trx, workspaceId);
    if (!ws) return;
    const lang: Lang = ws.defaultLanguage;
    const t = (k: string) => translate(lang, `sales.defaults.${k}`);
    if (!(await repo.hasLivePipeline(trx, workspaceId))) {
      const p = await repo.insertPipeline(trx, {
        workspace_id: workspaceId,
        name: t('pipeline'),
        position: 0,
        is_default: true,
        created_by: null,
        deleted_at: null,
      });
      const stages: [string, number, number | null, 'open' | 'won' | 'lost'][] = [
        ['qualification', 10, 14, 'open'],
        ['needsAnalysis', 25, 14, 'open'],
        ['proposal', 50, 21, 'open'],
        ['negotiation', 75, 21, 'open'],
        ['won', 100, null, 'won'],
        ['lost', 0, null, 'lost'],
      ];
      await repo.insertStages(
        trx,
        stages.map(([key, probability, rotting, kind], i) => ({
          workspace_id: workspaceId,
          pipeline_id: p.id,
          name: t(`stages.${key}`),
          position: i,
          probability,
          rotting_days: rotting,
          kind,
          deleted_at: null,
        })),
      );
    }
    if (!(await repo.hasLostReason(trx, workspaceId))) {
      const keys = ['price', 'competitor', 'budget', 'noNeed', 'timing', 'unreachable', 'other'];
      await repo.insertReasons(
        trx,
        keys.map((k, i) => ({
          workspace_id: workspaceId,
          name: t(`lostReasons.${k}`),
          position: i,
        })),
      );
    }
  });
  // Remembered only once committed: a caller's transaction may still roll back.
  if (!db.isTransaction) ensured.add(workspaceId);
}

export async function listPipelines(db: Db, user: AuthUser): Promise<Pipeline[]> {
  await ensureDefaultPipeline(db, user.workspaceId);
  const pipelines = await repo.livePipelines(db, user.workspaceId);
  const stages = await repo.stagesOf(
    db,
    user.workspaceId,
    pipelines.map((p) => p.id),
  );
  return pipelines.map((p) => toPipeline(p, stages));
}

export async function getPipeline(db: Db, user: Pick<AuthUser, 'workspaceId'>, id: string): Promise<Pipeline> {
  const [p, stages] = await Promise.all([repo.findPipeline(db, user.workspaceId, id), repo.stagesOf(db, user.workspaceId, [id])]);
  if (!p) throw PipelineErrors.PIPELINE_NOT_FOUND();
  return toPipeline(p, stages);
}

/** The pipeline new deals go to when none is named (created on first use). */
export async function defaultPipeline(db: Db, workspaceId: string): Promise<Pipeline> {
  await ensureDefaultPipeline(db, workspaceId);
  const all = await repo.livePipelines(db, workspaceId);
  const p = all.find((x) => x.is_default) ?? all[0];
  if (!p) throw PipelineErrors.PIPELINE_NOT_FOUND();
  return toPipeline(p, await repo.stagesOf(db, workspaceId, [p.id]));
}

/** Default probabilities of open stages without one: spread evenly between 0 and 100. */
function probabilityOf(s: StageInput, openIndex: number, openCount: number): number {
  if (s.kind === 'won') return 100;
  if (s.kind === 'lost') return 0;
  return s.probability ?? Math.round(((openIndex + 1) * 100) / (openCount + 1));
}

function checkStageKinds(stages: StageInput[]) {
  const issues: FieldIssue[] = [];
  const count = (k: string) => stages.filter((s) => s.kind === k).length;
  if (count('won') !== 1) issues.push({ path: 'stages', code: 'sales.oneWonStage' });
  if (count('lost') !== 1) issues.push({ path: 'stages', code: 'sales.oneLostStage' });
  if (count('open') < 1) issues.push({ path: 'stages', code: 'sales.openStageRequired' });
  const seen = new Set<string>();
  stages.forEach((s, i) => {
    if (s.id && seen.has(s.id)) issues.push({ path: `stages.${i}.id`, code: 'sales.duplicateStage' });
    if (s.id) seen.add(s.id);
  });
  if (issues.length) throw PipelineErrors.PIPELINE_STAGES_INVALID({ fields: issues });
}

export async function createPipeline(db: Db, user: AuthUser, input: CreatePipeline): Promise<Pipeline> {
  assertConfigurer(user);
  checkStageKinds(input.stages);
  if (input.stages.some((s) => s.id))
    throw PlatformErrors.VALIDATION({
      fields: input.stages.flatMap((s, i) => (s.id ? [{ path: `stages.${i}.id`, code: 'unrecognized_keys' }] : [])),
    });
  await ensureDefaultPipeline(db, user.workspaceId);
  return db.transaction().execute(async (trx) => {
    const existing = await repo.livePipelines(trx, user.workspaceId);
    const p = await repo.insertPipeline(trx, {
      workspace_id: user.workspaceId,
      name: input.name,
      position: input.position ?? existing.length,
      is_default: false,
      created_by: user.id,
      deleted_at: null,
    });
    const openCount = input.stages.filter((s) => s.kind === 'open').length;
    let openIndex = 0;
    await repo.insertStages(
      trx,
      input.stages.map((s, i) => ({
        workspace_id: user.workspaceId,
        pipeline_id: p.id,
        name: s.name,
        position: i,
        probability: probabilityOf(s, s.kind === 'open' ? openIndex++ : 0, openCount),
        rotting_days: s.kind === 'open' ? (s.rottingDays ?? null) : null,
        kind: s.kind,
        requires_credit_clearance: s.requiresCreditClearance ?? false,
        deleted_at: null,
      })),
    );
    if (input.isDefault) await repo.setDefaultPipeline(trx, user.workspaceId, p.id);
    const pipeline = await getPipeline(trx, user, p.id);
    await recordAudit(trx, user, { entity: 'pipeline', entityId: p.id, action: 'create', after: pipeline });
    return pipeline;
  });
}

export async function updatePipeline(db: Db, user: AuthUser, id: string, input: UpdatePipeline): Promise<Pipeline> {
  assertConfigurer(user);
  const before = await getPipeline(db, user, id);
  if (input.stages) checkStageKinds(input.stages);
  return db.transaction().execute(async (trx) => {
    const bumped = await repo.updatePipelineAtVersion(trx, user.workspaceId, id, input.version, {
      name: input.name,
      position: input.position,
    });
    if (!bumped) throw PlatformErrors.VERSION_CONFLICT();
    if (input.isDefault === true) await repo.setDefaultPipeline(trx, user.workspaceId, id);
    if (input.stages) await replaceStages(trx, user, before, input.stages);
    if (input.isDefault === false && before.isDefault) {
      // A workspace always has a default pipeline: unsetting it hands the role to the first other one.
      const other = (await repo.livePipelines(trx, user.workspaceId)).find((p) => p.id !== id);
      if (other) await repo.setDefaultPipeline(trx, user.workspaceId, other.id);
    }
    const after = await getPipeline(trx, user, id);
    await recordAudit(trx, user, { entity: 'pipeline', entityId: id, action: 'update', before, after });
    return after;
  });
}

/** Applies the complete ordered stage list: updates, reorders, adds, and removes empty stages. */
async function replaceStages(trx: Db, user: AuthUser, before: Pipeline, stages: StageInput[]) {
  const current = new Map(before.stages.map((s) => [s.id, s]));
  const issues: FieldIssue[] = [];
  stages.forEach((s, i) => {
    if (s.id && !current.has(s.id)) issues.push({ path: `stages.${i}.id`, code: 'sales.stageNotInPipeline' });
  });
  if (issues.length) throw PipelineErrors.PIPELINE_STAGES_INVALID({ fields: issues });
  const kept = new Set(stages.map((s) => s.id).filter(Boolean) as string[]);
  const removed = before.stages.filter((s) => !kept.has(s.id));
  const used = await repo.dealsInStages(
    trx,
    user.workspaceId,
    before.stages.map((s) => s.id),
  );
  const busy = removed.find((s) => (used.get(s.id) ?? 0) > 0);
  if (busy)
    throw PipelineErrors.STAGE_HAS_DEALS({
      fields: [{ path: 'stages', code: 'errors.STAGE_HAS_DEALS', params: { name: busy.name } }],
      params: { name: busy.name },
    });
  stages.forEach((s, i) => {
    const old = s.id ? current.get(s.id) : undefined;
    if (old && old.kind !== s.kind && (used.get(old.id) ?? 0) > 0) issues.push({ path: `stages.${i}.kind`, code: 'sales.stageKindLocked' });
  });
  if (issues.length) throw PipelineErrors.PIPELINE_STAGES_INVALID({ fields: issues });

  await repo.softDeleteStages(
    trx,
    removed.map((s) => s.id),
  );
  const openCount = stages.filter((s) => s.kind === 'open').length;
  let openIndex = 0;
  for (const [i, s] of stages.entries()) {
    const old = s.id ? current.get(s.id) : undefined;
    // An existing open stage keeps its probability unless a new one is given.
    const probability =
      s.kind === 'open' && s.probability === undefined && old?.kind === 'open' ? old.probability : probabilityOf(s, openIndex, openCount);
    if (s.kind === 'open') openIndex++;
    const rotting = s.kind !== 'open' ? null : s.rottingDays === undefined ? (old?.rottingDays ?? null) : s.rottingDays;
    const clearance = s.requiresCreditClearance ?? old?.requiresCreditClearance ?? false;
    if (old) {
      await repo.updateStage(trx, old.id, {
        name: s.name,
        position: i,
        probability,
        rotting_days: rotting,
        kind: s.kind,
        requires_credit_clearance: clearance,
      });
      if (probability !== old.probability) await repo.followStageProbability(trx, user.workspaceId, old.id, probability);
    } else {
      await repo.insertStages(trx, [
        {
          workspace_id: user.workspaceId,
          pipeline_id: before.id,
          name: s.name,
          position: i,
          probability,
          rotting_days: rotting,
          kind: s.kind,
          requires_credit_clearance: clearance,
          deleted_at: null,
        },
      ]);
    }
  }
}

export async function deletePipeline(db: Db, user: AuthUser, id: string): Promise<void> {
  assertConfigurer(user);
  const before = await getPipeline(db, user, id);
  await db.transaction().execute(async (trx) => {
    await repo.lockWorkspaceSales(trx, user.workspaceId);
    const open = await repo.openDealsInPipeline(trx, user.workspaceId, id);
    if (open > 0) throw PipelineErrors.PIPELINE_HAS_OPEN_DEALS({ params: { count: open } });
    const others = (await repo.livePipelines(trx, user.workspaceId)).filter((p) => p.id !== id);
    if (others.length === 0) throw PipelineErrors.PIPELINE_LAST();
    await repo.softDeletePipeline(trx, user.workspaceId, id);
    if (before.isDefault) await repo.setDefaultPipeline(trx, user.workspaceId, others[0].id);
    await recordAudit(trx, user, { entity: 'pipeline', entityId: id, action: 'delete', before });
  });
}

/** A stage with its pipeline, for deals: live stages only unless `includeRemoved`. */
export async function findStage(db: Db, workspaceId: string, stageId: string, includeRemoved = false) {
  const s = await repo.findStage(db, workspaceId, stageId);
  if (!s || (!includeRemoved && s.deleted_at)) return undefined;
  const p = await repo.findPipelineState(db, s.pipeline_id);
  if (!p || (!includeRemoved && p.deleted_at)) return undefined;
  return {
    id: s.id,
    pipelineId: s.pipeline_id,
    name: s.name,
    probability: s.probability,
    rottingDays: s.rotting_days,
    kind: s.kind,
    requiresCreditClearance: s.requires_credit_clearance,
  };
}
export type StageFacts = NonNullable<Awaited<ReturnType<typeof findStage>>>;

// ---- lost reasons ----

const toReason = (r: repo.ReasonRow): LostReason => ({
  id: r.id,
  name: r.name,
  position: r.position,
  isActive: r.is_active,
  version: r.version,
});

export async function listLostReasons(db: Db, user: AuthUser, active?: boolean): Promise<LostReason[]> {
  await ensureDefaultPipeline(db, user.workspaceId);
  return (await repo.listReasonRows(db, user.workspaceId, active)).map(toReason);
}

export async function findLostReason(db: Db, workspaceId: string, id: string): Promise<LostReason | undefined> {
  const r = await repo.findReasonRow(db, workspaceId, id);
  return r ? toReason(r) : undefined;
}

export async function createLostReason(db: Db, user: AuthUser, input: { name: string; position?: number }): Promise<LostReason> {
  assertConfigurer(user);
  await ensureDefaultPipeline(db, user.workspaceId);
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertReason(trx, {
      workspace_id: user.workspaceId,
      name: input.name,
      position: input.position ?? (await repo.maxReasonPosition(trx, user.workspaceId)) + 1,
    });
    const reason = toReason(row);
    await recordAudit(trx, user, { entity: 'lost_reason', entityId: row.id, action: 'create', after: reason });
    return reason;
  });
}

export async function updateLostReason(
  db: Db,
  user: AuthUser,
  id: string,
  input: { version?: number; name?: string; position?: number; isActive?: boolean },
): Promise<LostReason> {
  assertConfigurer(user);
  const before = await findLostReason(db, user.workspaceId, id);
  if (!before) throw PipelineErrors.LOST_REASON_NOT_FOUND();
  return db.transaction().execute(async (trx) => {
    const row = await repo.updateReasonRow(trx, user.workspaceId, id, input.version, {
      name: input.name,
      position: input.position,
      is_active: input.isActive,
    });
    if (!row) throw PlatformErrors.VERSION_CONFLICT();
    const after = toReason(row);
    await recordAudit(trx, user, { entity: 'lost_reason', entityId: id, action: 'update', before, after });
    return after;
  });
}

/** Names of pipelines, deleted ones included (reports still show deals won in them). */
export async function pipelineNames(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  const rows = await repo.pipelineNameRows(db, workspaceId, ids);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Pipelines and lost reasons are workspace-wide settings: their audit trail is visible to all. */
export async function canSeePipeline(db: Db, user: AuthUser, id: string): Promise<boolean> {
  return repo.pipelineExists(db, user.workspaceId, id);
}
export async function canSeeLostReason(db: Db, user: AuthUser, id: string): Promise<boolean> {
  return !!(await findLostReason(db, user.workspaceId, id));
}
