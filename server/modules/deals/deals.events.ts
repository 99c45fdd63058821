import type { Deal } from '../../../contracts/deals.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { publish, type RecordChange } from '../../platform/events.js';

/** A deal's move between stages (a close is a move into a won or lost stage). */
export type DealMoved = RecordChange & {
  fromStageId: string;
  toStageId: string;
  fromStatus: Deal['status'];
  toStatus: Deal['status'];
};

/**
 * A deal just closed and the closer chose what becomes of its open activities: the activities
 * module completes them (with `outcome`) or cancels them, those the closer may change, in the same
 * transaction. In-process only (no webhook carries it): `actor` is the closer as the request knows them.
 */
export type DealOpenActivities = { id: string; action: 'complete' | 'cancel'; outcome: string | null; actor: AuthUser };

declare module '../../platform/events.js' {
  interface DomainEvents {
    'deal.stage_changed': DealMoved;
    'deal.won': DealMoved;
    'deal.lost': DealMoved;
    'deal.open_activities': DealOpenActivities;
  }
}

/** Publishes a stage move, and the win or loss it makes, in the move's transaction. */
export async function publishDealMove(trx: Db, user: AuthUser, before: Deal, after: Deal): Promise<void> {
  const payload: DealMoved = {
    id: after.id,
    before,
    after,
    fromStageId: before.stageId,
    toStageId: after.stageId,
    fromStatus: before.status,
    toStatus: after.status,
  };
  const event = { workspaceId: user.workspaceId, actorId: user.id, payload };
  await publish(trx, 'deal.stage_changed', event);
  if (after.status !== before.status && after.status === 'won') await publish(trx, 'deal.won', event);
  if (after.status !== before.status && after.status === 'lost') await publish(trx, 'deal.lost', event);
}

/** After a close (open -> won or lost) whose caller chose to complete or cancel the deal's open activities. */
export async function publishOpenActivities(
  trx: Db,
  user: AuthUser,
  before: Deal,
  after: Deal,
  choice: { openActivities?: 'complete' | 'cancel' | 'keep'; activitiesOutcome?: string },
): Promise<void> {
  const action = choice.openActivities;
  if (!action || action === 'keep' || before.status !== 'open' || after.status === 'open') return;
  await publish(trx, 'deal.open_activities', {
    workspaceId: user.workspaceId,
    actorId: user.id,
    payload: { id: after.id, action, outcome: choice.activitiesOutcome?.trim() || null, actor: user },
  });
}
