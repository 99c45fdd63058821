import { sql } from 'kysely';
import { outcomeRequiredTypes } from '../../../contracts/activities.js';
import { canEditRecord, visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { onEvent } from '../../platform/events.js';
import { ActivityFieldCodes } from './activities.errors.js';
import { completeActivity, deleteActivity } from './activities.service.js';

// A deal closed (won or lost) with open activities: a planned call about a deal that is over is
// noise on the agenda. The closer chooses; the deals module publishes the choice and this follows it.

/** The deal's open activities the user may change, locked, in planned-time order. */
async function openActivitiesOf(trx: Db, user: AuthUser, dealId: string) {
  const r = await sql<{ id: string; type: string; outcome: string | null; owner_id: string; shared: boolean }>`
    select a.id, a.type, a.outcome, a.owner_id,
      exists (select 1 from record_shares rs where rs.entity = 'activity' and rs.entity_id = a.id and rs.user_id = ${user.id}) as shared
    from activities a
    where a.workspace_id = ${user.workspaceId} and a.deal_id = ${dealId} and not a.done and a.deleted_at is null
      and ${visibleTo(user, 'activity', 'a')}
    order by a.due_at, a.id
    for update of a`.execute(trx);
  return r.rows.filter((a) => canEditRecord(user, a.owner_id, a.shared));
}

/**
 * Completes (done now, with `outcome` unless they have one) or cancels (to the bin) the open
 * activities of a deal that `user` may change, in the caller's transaction, each as its own
 * complete or delete would (audit, timelines, last contact). A call or meeting left without any
 * outcome refuses the whole close (422 on `activitiesOutcome`). Returns how many it settled.
 */
export async function settleDealActivities(
  trx: Db,
  user: AuthUser,
  dealId: string,
  action: 'complete' | 'cancel',
  outcome: string | null,
  now = new Date(),
): Promise<number> {
  const open = await openActivitiesOf(trx, user, dealId);
  if (
    action === 'complete' &&
    !outcome &&
    open.some((a) => (outcomeRequiredTypes as readonly string[]).includes(a.type) && !a.outcome?.trim())
  )
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'activitiesOutcome', code: ActivityFieldCodes.outcomeRequired }] });
  for (const a of open) {
    if (action === 'complete')
      await completeActivity(
        trx,
        user,
        a.id,
        { outcome: a.outcome?.trim() ? undefined : (outcome ?? undefined), doneAt: now.toISOString() },
        now,
      );
    else await deleteActivity(trx, user, a.id);
  }
  return open.length;
}

/** Composition (app.ts): a deal closed with "complete" or "cancel" for its open activities. */
export function registerActivityDealCloses(): void {
  onEvent('deal.open_activities', 'activities.settle', async (trx, e) => {
    await settleDealActivities(trx, e.payload.actor, e.payload.id, e.payload.action, e.payload.outcome, e.occurredAt);
  });
}
