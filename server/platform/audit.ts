import type { Kysely } from 'kysely';
import type { Database } from './db-types.js';
import type { AuthUser } from './auth.js';
import type { Db } from './database.js';
import { publish, type RecordAction } from './events.js';
import { isRecordKind } from './registry.js';
import { snapshotsForViewer } from './links.js';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'restore'
  | 'merge'
  | 'reassign'
  | 'close'
  | 'stage'
  | 'issue'
  | 'cancel'
  | 'reverse'
  | 'send'
  | 'credit_override';

type Plain = Record<string, unknown>;

/** Field-by-field difference of two API objects: { field: { from, to } }. */
export function diff(before: Plain | null, after: Plain | null): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (k === 'version' || k === 'updatedAt') continue;
    const a = before?.[k];
    const b = after?.[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) out[k] = { from: a ?? null, to: b ?? null };
  }
  return out;
}

// Audit actions as lifecycle events: closing, a stage move, a reassignment, issuing or cancelling an
// invoice, reversing a payment are updates of the record; sending it by e-mail changes nothing of
// it (audited, not published as a change).
const lifecycle: Record<AuditAction, RecordAction | null> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  restore: 'restored',
  merge: 'updated',
  reassign: 'updated',
  close: 'updated',
  stage: 'updated',
  issue: 'updated',
  cancel: 'updated',
  reverse: 'updated',
  send: null,
  // A pass through a credit hold is a decision about the client, not a change of it.
  credit_override: null,
};

/**
 * Writes one audit entry in the caller's transaction, so the change and its trace commit together,
 * and publishes the change of a registered record kind as `<kind>.<created|updated|deleted|restored>`.
 * The actor's `via` (session or API token) is recorded with it.
 */
export async function recordAudit(
  db: Kysely<Database>,
  user: (Pick<AuthUser, 'id' | 'workspaceId'> & Partial<Pick<AuthUser, 'via' | 'apiTokenId'>>) | null,
  entry: { workspaceId?: string; entity: string; entityId: string; action: AuditAction; before?: Plain | null; after?: Plain | null },
): Promise<void> {
  const before = entry.before ?? null;
  const after = entry.after ?? null;
  await db
    .insertInto('audit_log')
    .values({
      workspace_id: entry.workspaceId ?? user!.workspaceId,
      entity: entry.entity,
      entity_id: entry.entityId,
      action: entry.action,
      user_id: user?.id ?? null,
      // Whether the change came from the web (session) or a program (API token, named).
      via: user?.via ?? null,
      api_token_id: user?.via === 'api_token' ? (user.apiTokenId ?? null) : null,
      before: before ? JSON.stringify(before) : null,
      after: after ? JSON.stringify(after) : null,
      changes: JSON.stringify(diff(before, after)),
    })
    .execute();
  const change = lifecycle[entry.action];
  if (change && isRecordKind(entry.entity) && db.isTransaction) {
    await publish(db as Db, `${entry.entity}.${change}`, {
      workspaceId: entry.workspaceId ?? user!.workspaceId,
      actorId: user?.id ?? null,
      payload: { id: entry.entityId, before, after },
    });
  }
}

/**
 * recordAudit for many records at once (an import batch): one entry per record, written in one
 * statement, and each change published as recordAudit publishes it.
 */
export async function recordAuditMany(
  db: Kysely<Database>,
  user: Pick<AuthUser, 'id' | 'workspaceId'> & Partial<Pick<AuthUser, 'via' | 'apiTokenId'>>,
  entries: { entity: string; entityId: string; action: AuditAction; before?: Plain | null; after?: Plain | null }[],
): Promise<void> {
  if (!entries.length) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        workspace_id: user.workspaceId,
        entity: e.entity,
        entity_id: e.entityId,
        action: e.action,
        user_id: user.id,
        via: user.via ?? null,
        api_token_id: user.via === 'api_token' ? (user.apiTokenId ?? null) : null,
        before: e.before ? JSON.stringify(e.before) : null,
        after: e.after ? JSON.stringify(e.after) : null,
        changes: JSON.stringify(diff(e.before ?? null, e.after ?? null)),
      })),
    )
    .execute();
  if (!db.isTransaction) return;
  for (const e of entries) {
    const change = lifecycle[e.action];
    if (!change || !isRecordKind(e.entity)) continue;
    await publish(db as Db, `${e.entity}.${change}`, {
      workspaceId: user.workspaceId,
      actorId: user.id,
      payload: { id: e.entityId, before: e.before ?? null, after: e.after ?? null },
    });
  }
}

/** The audit trail of one record, newest first, with the author's name. */
export async function listAudit(db: Kysely<Database>, workspaceId: string, entity: string, entityId: string, limit = 200) {
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select([
      'a.id',
      'a.entity',
      'a.entity_id',
      'a.action',
      'a.user_id',
      'u.name as user_name',
      'a.via',
      'a.api_token_id',
      'a.at',
      'a.before',
      'a.after',
      'a.changes',
    ])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.entity', '=', entity)
    .where('a.entity_id', '=', entityId)
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    userId: r.user_id,
    userName: r.user_name,
    via: r.via,
    apiTokenId: r.api_token_id,
    at: r.at.toISOString(),
    before: r.before,
    after: r.after,
    changes: r.changes,
  }));
}

type AuditItem = Awaited<ReturnType<typeof listAudit>>[number];

/**
 * The trail as the viewer may read it now: names of linked records they may not see (a deal's
 * company given to another manager since) are redacted in before/after, and the changes are
 * recomputed from the redacted snapshots so they cannot name them either.
 */
export async function auditForViewer(db: Db, viewer: AuthUser, items: AuditItem[]): Promise<AuditItem[]> {
  const docs = await snapshotsForViewer(
    db,
    viewer,
    items.flatMap((i) => [i.before, i.after]),
  );
  return items.map((item, n) => {
    const before = docs[2 * n] as Plain | null;
    const after = docs[2 * n + 1] as Plain | null;
    if (before === item.before && after === item.after) return item;
    return { ...item, before, after, changes: diff(before, after) };
  });
}
