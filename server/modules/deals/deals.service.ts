import type { CreateDeal, Deal, DealInput, UpdateDeal } from '../../../contracts/deals.js';
import { canEditRecord, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { recordAudit, type AuditAction } from '../../platform/audit.js';
import { inTransaction } from '../../platform/records.js';
import { defaultPipeline, findStage, getPipeline } from '../pipelines/index.js';
import { checkStageEntry } from './deals.clearance.js';
import { DealErrors } from './deals.errors.js';
import { publishDealMove } from './deals.events.js';
import { writeLines } from './deals.lines.js';
import { newDealRow, patchNames, planDeal, type ClosingNames, type Plan } from './deals.plan.js';
import { getDeal, loadRow, readDeal } from './deals.read.js';
import * as repo from './deals.repository.js';
import { addDealEvents } from './deals.timeline.js';

// Creating, changing, deleting and restoring deals: the transactions around the planner (or the
// caller's transaction, when an import writes a batch of deals in one).

async function writeContacts(db: Db, workspaceId: string, dealId: string, contacts: NonNullable<Plan['contacts']>) {
  await repo.replaceDealContacts(
    db,
    dealId,
    contacts.map((c, i) => ({
      workspace_id: workspaceId,
      deal_id: dealId,
      contact_id: c.contactId,
      role: c.role,
      is_decision_maker: c.isDecisionMaker,
      position: i,
    })),
  );
}

/** Records a stage move (who, when, from, to) and shows it on the deal's, company's and contacts' timelines. */
async function recordMove(db: Db, user: AuthUser, before: Deal | undefined, after: Deal) {
  await repo.insertStageMove(db, {
    workspace_id: user.workspaceId,
    deal_id: after.id,
    from_pipeline_id: before?.pipelineId ?? null,
    from_stage_id: before?.stageId ?? null,
    from_status: before?.status ?? null,
    to_pipeline_id: after.pipelineId,
    to_stage_id: after.stageId,
    to_status: after.status,
    user_id: user.id,
  });
  if (!before) return;
  await publishDealMove(db, user, before, after);
  await addDealEvents(db, user, after, 'deal_stage', after.title, {
    title: after.title,
    fromStageId: before.stageId,
    fromStageName: before.stageName,
    fromStatus: before.status,
    toStageId: after.stageId,
    toStageName: after.stageName,
    toStatus: after.status,
    amount: after.amount,
    currency: after.currency,
    ...(after.status === 'won' ? { wonAmount: after.wonAmount, wonDate: after.wonDate } : {}),
    ...(after.status === 'lost'
      ? { lostReasonId: after.lostReasonId, lostReasonName: after.lostReasonName, lostComment: after.lostComment }
      : {}),
  });
}

export async function createDeal(db: Db, user: AuthUser, input: CreateDeal): Promise<Deal> {
  const plan = await planDeal(db, user, undefined, input, patchNames);
  return inTransaction(db, async (trx) => {
    const { id } = await repo.insertDeal(trx, newDealRow(plan.values, { workspace_id: user.workspaceId, created_by: user.id }));
    await checkStageEntry(trx, user, plan, { id, companyId: plan.values.company_id ?? null }, input.creditOverrideReason);
    if (plan.lines) await writeLines(trx, user.workspaceId, id, plan.lines);
    if (plan.contacts) await writeContacts(trx, user.workspaceId, id, plan.contacts);
    const deal = await readDeal(trx, user, id, false);
    await recordMove(trx, user, undefined, deal);
    await addDealEvents(trx, user, deal, 'deal_created', deal.title, {
      title: deal.title,
      stageId: deal.stageId,
      stageName: deal.stageName,
      amount: deal.amount,
      currency: deal.currency,
    });
    await recordAudit(trx, user, { entity: 'deal', entityId: id, action: 'create', after: deal });
    return deal;
  });
}

/** Applies a planned change under optimistic concurrency, recording the move and the audit entry. */
export async function applyChange(
  db: Db,
  user: AuthUser,
  id: string,
  version: number | undefined,
  input: DealInput,
  names: ClosingNames,
  action: AuditAction,
  extra: (plan: Plan, current: repo.DealRow, trx: Db) => Promise<void> = async () => {},
  afterwards: (trx: Db, before: Deal, after: Deal) => Promise<void> = async () => {},
): Promise<Deal> {
  const current = await loadRow(db, user, id);
  if (current.deleted_at) throw DealErrors.DEAL_NOT_FOUND();
  if (!canEditRecord(user, current.owner_id, current.shared_with_caller)) throw PlatformErrors.FORBIDDEN();
  const before = await getDeal(db, user, id);
  const plan = await planDeal(db, user, current, input, names);
  return inTransaction(db, async (trx) => {
    await extra(plan, current, trx);
    const updated = await repo.updateDealRow(trx, user.workspaceId, id, version ?? current.version, plan.values);
    if (!updated) throw PlatformErrors.VERSION_CONFLICT();
    const companyId = plan.values.company_id !== undefined ? plan.values.company_id : current.company_id;
    await checkStageEntry(trx, user, plan, { id, companyId }, input.creditOverrideReason);
    if (plan.lines) await writeLines(trx, user.workspaceId, id, plan.lines);
    if (plan.contacts) await writeContacts(trx, user.workspaceId, id, plan.contacts);
    const after = await readDeal(trx, user, id, false);
    if (plan.stageChanged) await recordMove(trx, user, before, after);
    await recordAudit(trx, user, { entity: 'deal', entityId: id, action, before, after });
    await afterwards(trx, before, after);
    return after;
  });
}

export async function updateDeal(db: Db, user: AuthUser, id: string, input: UpdateDeal): Promise<Deal> {
  const { version, ...change } = input;
  return applyChange(db, user, id, version, change, patchNames, 'update');
}

export async function deleteDeal(db: Db, user: AuthUser, id: string): Promise<void> {
  const current = await loadRow(db, user, id);
  if (current.deleted_at) throw DealErrors.DEAL_NOT_FOUND();
  if (!canEditRecord(user, current.owner_id, current.shared_with_caller)) throw PlatformErrors.FORBIDDEN();
  const before = await getDeal(db, user, id);
  await inTransaction(db, async (trx) => {
    await repo.setDealDeleted(trx, user.workspaceId, id, new Date());
    await addDealEvents(trx, user, before, 'deal_deleted', before.title, { title: before.title });
    await recordAudit(trx, user, { entity: 'deal', entityId: id, action: 'delete', before });
  });
}

/**
 * Brings a deal back from the bin. If its stage was removed meanwhile, it lands in the live stage of
 * the same kind (or the first open one) of its pipeline, or of the default pipeline.
 */
export async function restoreDeal(db: Db, user: AuthUser, id: string): Promise<Deal> {
  const current = await loadRow(db, user, id);
  if (!canEditRecord(user, current.owner_id, current.shared_with_caller)) throw PlatformErrors.FORBIDDEN();
  const before = await readDeal(db, user, id, true);
  if (!current.deleted_at) return before;
  const live = await findStage(db, user.workspaceId, current.stage_id);
  let stage: { id: string; pipelineId: string } | undefined = live;
  if (!live) {
    const p = await getPipeline(db, user, current.pipeline_id).catch(() => defaultPipeline(db, user.workspaceId));
    const s = p.stages.find((x) => x.kind === current.status) ?? p.stages.find((x) => x.kind === 'open')!;
    stage = { id: s.id, pipelineId: p.id };
  }
  return inTransaction(db, async (trx) => {
    await repo.setDealDeleted(
      trx,
      user.workspaceId,
      id,
      null,
      live ? {} : { stage_id: stage!.id, pipeline_id: stage!.pipelineId, stage_entered_at: new Date() },
    );
    const after = await readDeal(trx, user, id, false);
    if (!live) await recordMove(trx, user, before, after);
    await addDealEvents(trx, user, after, 'deal_restored', after.title, { title: after.title });
    await recordAudit(trx, user, { entity: 'deal', entityId: id, action: 'restore', before, after });
    return after;
  });
}
