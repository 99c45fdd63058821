import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';

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
  await db.insertInto('timeline_events').values(targets.map((t) => ({
    workspace_id: user.workspaceId, entity: t.entity, entity_id: t.id, kind, user_id: user.id,
    ref_entity: 'deal', ref_id: deal.id, body, data: JSON.stringify(data), occurred_at: occurredAt, deleted_at: null,
  }))).execute();
}
