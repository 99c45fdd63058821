import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { addTimelineEvent } from '../../platform/timeline.js';

export type DealEventKind = 'deal_created' | 'deal_stage' | 'deal_deleted' | 'deal_restored';

/**
 * Puts one deal event on the deal's own timeline and on those of its company and contact persons,
 * in the caller's transaction.
 */
export async function addDealEvents(
  db: Db,
  user: AuthUser,
  deal: { id: string; companyId: string | null; contactIds: string[] },
  kind: DealEventKind,
  body: string | null,
  data: Record<string, unknown>,
): Promise<void> {
  const targets: { entity: string; id: string }[] = [{ entity: 'deal', id: deal.id }];
  if (deal.companyId) targets.push({ entity: 'company', id: deal.companyId });
  for (const c of deal.contactIds) targets.push({ entity: 'contact', id: c });
  const occurredAt = new Date();
  for (const t of targets) {
    await addTimelineEvent(db, {
      workspaceId: user.workspaceId,
      entity: t.entity,
      entityId: t.id,
      kind,
      userId: user.id,
      refEntity: 'deal',
      refId: deal.id,
      body,
      data,
      occurredAt,
    });
  }
}
