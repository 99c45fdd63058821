// The per-record services every kind with an `api` declaration shares: its timeline, notes on it
// and who it is shared with. One implementation for contacts, companies, deals and later kinds.
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { recordAudit } from '../../platform/audit.js';
import { addShare, assertCanEdit, inTransaction, listShares, removeShare } from '../../platform/records.js';
import type { RecordApi, RecordKind } from '../../platform/registry.js';
import { addTimelineEvent, getTimelineEvent, listTimeline } from '../../platform/timeline.js';
import { findRecordRow, type RecordRow } from './records.repository.js';

export type ApiKind = RecordKind & { api: RecordApi };

/** The record the caller may open, or the kind's own 404 (as for one that does not exist). */
async function requireRecord(db: Db, user: AuthUser, def: ApiKind, id: string, use: 'read' | 'write'): Promise<RecordRow> {
  const row = await findRecordRow(db, user, def, id, { inBin: use === 'read' && !!def.api.readableInBin });
  if (!row) throw def.api.notFound();
  return row;
}

/** The record's timeline, newest first, as the caller may read it. */
export async function recordTimeline(
  db: Db,
  user: AuthUser,
  def: ApiKind,
  id: string,
  q: { limit: number; cursor?: string; kinds?: string },
) {
  await requireRecord(db, user, def, id, 'read');
  return listTimeline(db, user, def.kind, id, q);
}

/** A note on the record's timeline, audited; anyone who may open the record may add one. */
export async function addRecordNote(db: Db, user: AuthUser, def: ApiKind, id: string, text: string) {
  await requireRecord(db, user, def, id, 'write');
  const eventId = await inTransaction(db, async (trx) => {
    const eid = await addTimelineEvent(trx, {
      workspaceId: user.workspaceId,
      entity: def.kind,
      entityId: id,
      kind: 'note',
      userId: user.id,
      body: text,
    });
    await recordAudit(trx, user, {
      entity: 'timeline_event',
      entityId: eid,
      action: 'create',
      after: { entity: def.kind, entityId: id, kind: 'note', body: text },
    });
    return eid;
  });
  return getTimelineEvent(db, user.workspaceId, eventId);
}

/** Users the record is shared with. */
export async function recordShares(db: Db, user: AuthUser, def: ApiKind, id: string) {
  await requireRecord(db, user, def, id, 'read');
  return { items: await listShares(db, user.workspaceId, def.kind, id) };
}

/** Shares the record with one more user, or stops sharing it; only who may change the record may. */
export async function changeShare(db: Db, user: AuthUser, def: ApiKind, id: string, userId: string, share: boolean) {
  const row = await requireRecord(db, user, def, id, 'write');
  await assertCanEdit(db, user, def.kind, row.id, row.owner_id);
  const items = share ? await addShare(db, user, def.kind, row.id, userId) : await removeShare(db, user, def.kind, row.id, userId);
  return { items };
}
