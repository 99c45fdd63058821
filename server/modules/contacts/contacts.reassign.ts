import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { recordAudit } from '../../platform/audit.js';
import { assertCanEdit, assertOwner, inTransaction } from '../../platform/records.js';
import { addTimelineEvent } from '../../platform/timeline.js';
import { ContactErrors } from './contacts.errors.js';
import * as repo from './contacts.repository.js';

/**
 * Hands contacts to another user of the workspace (stale-contact rotation, A4): owner changed,
 * one 'reassign' audit entry and one timeline event per contact, in the caller's transaction when
 * there is one. Every contact must be visible to and editable by the actor (404/403 otherwise).
 * Returns the ids whose owner actually changed.
 */
export async function reassignContacts(db: Db, actor: AuthUser, contactIds: string[], toUserId: string): Promise<string[]> {
  const ids = [...new Set(contactIds)];
  if (!ids.length) return [];
  await assertOwner(db, actor.workspaceId, toUserId, 'toUserId');
  return inTransaction(db, async (trx) => {
    // Lock first, then read who owns them: a concurrent reassignment either finished (and its
    // owner is what we read and audit as "from", and what the visibility check judges) or waits.
    await repo.lockContacts(trx, actor.workspaceId, ids);
    const rows = await repo.visibleOwners(trx, actor, ids);
    if (rows.length !== ids.length) throw ContactErrors.CONTACT_NOT_FOUND();
    for (const r of rows) await assertCanEdit(trx, actor, 'contact', r.id, r.owner_id);
    const moving = rows.filter((r) => r.owner_id !== toUserId);
    if (!moving.length) return [];
    await repo.setContactsOwner(
      trx,
      actor.workspaceId,
      moving.map((r) => r.id),
      toUserId,
    );
    for (const r of moving) {
      await recordAudit(trx, actor, {
        entity: 'contact',
        entityId: r.id,
        action: 'reassign',
        before: { ownerId: r.owner_id },
        after: { ownerId: toUserId },
      });
      await addTimelineEvent(trx, {
        workspaceId: actor.workspaceId,
        entity: 'contact',
        entityId: r.id,
        kind: 'reassigned',
        userId: actor.id,
        data: { fromUserId: r.owner_id, toUserId },
      });
    }
    return moving.map((r) => r.id);
  });
}
