import type { CloseDeal, Deal, DealInput, MoveDeal } from '../../../contracts/deals.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { defaultPipeline, findStage, getPipeline } from '../pipelines/index.js';
import { DealErrors } from './deals.errors.js';
import { closeNames, closingInput } from './deals.plan.js';
import { getDeal, loadRow } from './deals.read.js';
import { rankAt } from './deals.board-repository.js';
import * as repo from './deals.repository.js';
import { applyChange } from './deals.service.js';
import { publishOpenActivities } from './deals.events.js';

// Stage changes: the board's moves, closing as won or lost, reopening. All go through the one
// planner (applyChange), so the closing rules hold whichever way a deal changes stage.

/** Closes an open deal as won (actual amount and date) or lost (active reason and a comment); its open activities as the caller chose. */
export async function closeDeal(db: Db, user: AuthUser, id: string, body: CloseDeal): Promise<Deal> {
  const current = await loadRow(db, user, id);
  if (current.deleted_at) throw DealErrors.DEAL_NOT_FOUND();
  if (current.status !== 'open') throw DealErrors.DEAL_NOT_OPEN();
  const closing = closingInput(body);
  const pipeline = await getPipeline(db, user, current.pipeline_id);
  const target = pipeline.stages.find((s) => s.kind === body.outcome)!;
  const input: DealInput =
    body.outcome === 'lost'
      ? { stageId: target.id, lostReasonId: closing.lostReasonId ?? null, lostComment: closing.lostComment ?? null }
      : { stageId: target.id, wonAmount: closing.wonAmount, wonDate: closing.wonDate };
  return applyChange(db, user, id, body.version, input, closeNames, 'close', undefined, (trx, before, after) =>
    publishOpenActivities(trx, user, before, after, body),
  );
}

/** Moves a deal to a stage (the board's drag and drop); won/lost stages go through the closing rules. */
export async function moveDeal(db: Db, user: AuthUser, id: string, body: MoveDeal): Promise<Deal> {
  const closing = closingInput(body);
  const current = await loadRow(db, user, id);
  // A drop back where the card came from changes nothing and records no move.
  if (!current.deleted_at && current.stage_id === body.stageId && body.position === undefined) return getDeal(db, user, id);
  return applyChange(
    db,
    user,
    id,
    body.version,
    { stageId: body.stageId, ...closing, creditOverrideReason: body.creditOverrideReason },
    closeNames,
    'stage',
    async (plan, current, trx) => {
      if (body.position !== undefined && plan.status === 'open') {
        plan.values.board_rank = await rankAt(trx, user, plan.stage.id, body.position, current.id);
      }
    },
    (trx, before, after) => publishOpenActivities(trx, user, before, after, body),
  );
}

/** Reopens a won or lost deal into the open stage it came from (or the one given). */
export async function reopenDeal(db: Db, user: AuthUser, id: string, body: { stageId?: string; version?: number } = {}): Promise<Deal> {
  const current = await loadRow(db, user, id);
  if (current.deleted_at) throw DealErrors.DEAL_NOT_FOUND();
  if (current.status === 'open') throw DealErrors.DEAL_NOT_CLOSED();
  let stageId = body.stageId ?? (await repo.lastOpenStage(db, user.workspaceId, id));
  if (!stageId) {
    const p = await getPipeline(db, user, current.pipeline_id).catch(() => defaultPipeline(db, user.workspaceId));
    stageId = p.stages.find((s) => s.kind === 'open')!.id;
  }
  const target = await findStage(db, user.workspaceId, stageId);
  if (!target || target.kind !== 'open')
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'stageId', code: 'sales.stageNotInPipeline' }] });
  return applyChange(db, user, id, body.version, { stageId }, closeNames, 'stage');
}
