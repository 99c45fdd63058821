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

declare module '../../platform/events.js' {
  interface DomainEvents {
    'deal.stage_changed': DealMoved;
    'deal.won': DealMoved;
    'deal.lost': DealMoved;
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
