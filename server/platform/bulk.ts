// One action over many owned records at once (a list's "select all"): assign, tags, segment, bin and
// restore of contacts and companies, the counterparties that share these columns. The selection,
// the access rule and the right to change each record are all in the one UPDATE's WHERE, so a
// record the caller may not see or change is never touched, however it was selected; the change,
// an audit entry per record and its `<kind>.updated|deleted|restored` event commit together.
import { sql, type RawBuilder } from 'kysely';
import { BULK_MAX, type BulkBody, type BulkResult } from '../../contracts/records.js';
import { editableBy, teamUserIds, visibleTo, type AuthUser } from './auth.js';
import type { Db } from './database.js';
import { recordAuditMany, type AuditAction } from './audit.js';
import { PlatformErrors } from './errors.js';
import { inTransaction, type RecordEntity, type RecordTable } from './records.js';
import { mayReassign, ownerChangeIssue } from './rights.js';
import { addTimelineEvents } from './timeline.js';

/** What the caller selected: explicit ids, or the list's filters as SQL over alias `c`. */
export type BulkSelection =
  | { ids: string[] }
  | { filters: RawBuilder<boolean>[]; ownerId?: string; deleted: boolean }
  /** The filter's text matches nothing. */
  | { none: true };

type Changed = { id: string; owner_id: string | null; tags: string[]; segment: string | null; deleted_at: Date | null };
type Before = { b_owner_id: string | null; b_tags: string[]; b_segment: string | null; b_deleted_at: Date | null };

/** The owners whose records the caller may hand to someone else, as SQL over `c.owner_id`. */
function reassignable(user: AuthUser): RawBuilder<boolean> {
  if (user.role === 'admin' || user.role === 'director') return sql<boolean>`true`;
  return sql<boolean>`(c.owner_id is null or c.owner_id in ${teamUserIds(user)})`;
}

/** The SET clause of an action and the condition under which it changes anything. */
function change(body: BulkBody, user: AuthUser): { set: RawBuilder<unknown>; differs: RawBuilder<boolean> } {
  const hasTag = sql<boolean>`exists (select 1 from unnest(c.tags) x where lower(x) = lower(${body.tag ?? ''}))`;
  switch (body.action) {
    case 'assign':
      return {
        set: sql`owner_id = ${body.ownerId!}`,
        differs: sql`c.owner_id is distinct from ${body.ownerId!} and ${reassignable(user)}`,
      };
    case 'addTag':
      return { set: sql`tags = c.tags || ${body.tag!}::text`, differs: sql`not ${hasTag} and cardinality(c.tags) < 50` };
    case 'removeTag':
      return { set: sql`tags = array(select x from unnest(c.tags) x where lower(x) <> lower(${body.tag!}))`, differs: hasTag };
    case 'setSegment': {
      const segment = body.segment?.trim() || null;
      return { set: sql`segment = ${segment}`, differs: sql`c.segment is distinct from ${segment}` };
    }
    case 'delete':
      return { set: sql`deleted_at = now()`, differs: sql`c.deleted_at is null` };
    case 'restore':
      return { set: sql`deleted_at = null`, differs: sql`c.deleted_at is not null` };
  }
}

const auditAction: Record<BulkBody['action'], AuditAction> = {
  assign: 'reassign',
  addTag: 'update',
  removeTag: 'update',
  setSegment: 'update',
  delete: 'delete',
  restore: 'restore',
};

/** The fields an action changes, before and after, as the API names them (the audit entry's snapshot). */
function fields(body: BulkBody, r: { owner_id: string | null; tags: string[]; segment: string | null; deleted_at: Date | null }) {
  switch (body.action) {
    case 'assign':
      return { ownerId: r.owner_id };
    case 'addTag':
    case 'removeTag':
      return { tags: r.tags };
    case 'setSegment':
      return { segment: r.segment };
    default:
      return { deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null };
  }
}

/**
 * Runs a bulk action over contacts or companies in one transaction and returns what it did. The
 * selection is refused (422 on `ids`/`filter`) beyond BULK_MAX records; an owner outside the
 * caller's control is refused on `ownerId`, and only roles that may reassign assign at all (403).
 */
export async function runBulk(
  db: Db,
  user: AuthUser,
  kind: { entity: RecordEntity; table: RecordTable },
  body: BulkBody,
  selection: BulkSelection,
): Promise<BulkResult> {
  const empty = { action: body.action, matched: 0, changed: 0, skipped: 0, ids: [] };
  if (body.action === 'assign') {
    if (!mayReassign(user)) throw PlatformErrors.FORBIDDEN();
    const issue = await ownerChangeIssue(db, user, { from: null, to: body.ownerId! });
    if (issue) throw PlatformErrors.VALIDATION({ fields: [issue] });
  }
  if ('none' in selection) return empty;
  const table = sql.table(kind.table);
  const alive =
    'ids' in selection
      ? body.action === 'restore'
        ? sql`c.deleted_at is not null`
        : sql`c.deleted_at is null`
      : selection.deleted
        ? sql`c.deleted_at is not null`
        : sql`c.deleted_at is null`;
  const chosen =
    'ids' in selection
      ? sql`c.id = any(${selection.ids}::uuid[])`
      : sql`${selection.ownerId ? sql`c.owner_id = ${selection.ownerId}` : sql`true`}
        ${selection.filters.length ? sql`and ${sql.join(selection.filters, sql` and `)}` : sql``}`;
  const base = sql`c.workspace_id = ${user.workspaceId} and ${alive} and ${chosen} and ${visibleTo(user, kind.entity, 'c')}`;
  const { set, differs } = change(body, user);

  return inTransaction(db, async (trx) => {
    // Rows locked in id order, so two bulk actions over overlapping selections queue, not deadlock.
    const locked = await sql<{
      id: string;
    }>`select c.id from ${table} c where ${base} order by c.id limit ${BULK_MAX + 1} for update`.execute(trx);
    if (locked.rows.length > BULK_MAX)
      throw PlatformErrors.VALIDATION({
        fields: [{ path: 'ids' in selection ? 'ids' : 'filter', code: 'records.rules.bulkTooMany', params: { max: BULK_MAX } }],
      });
    if (!locked.rows.length) return empty;
    const ids = locked.rows.map((r) => r.id);
    // The old values come from the row as it was before this statement (`b`), for the audit entry.
    const r = await sql<Changed & Before>`
      update ${table} c set ${set}, version = c.version + 1, updated_at = now()
      from ${table} b
      where b.id = c.id and c.id = any(${ids}::uuid[]) and ${editableBy(user, kind.entity, 'c')} and ${differs}
      returning c.id, c.owner_id, c.tags, c.segment, c.deleted_at,
        b.owner_id as b_owner_id, b.tags as b_tags, b.segment as b_segment, b.deleted_at as b_deleted_at`.execute(trx);
    const rows = r.rows;
    await recordAuditMany(
      trx,
      user,
      rows.map((row) => ({
        entity: kind.entity,
        entityId: row.id,
        action: auditAction[body.action],
        before: fields(body, { owner_id: row.b_owner_id, tags: row.b_tags, segment: row.b_segment, deleted_at: row.b_deleted_at }),
        after: fields(body, row),
      })),
    );
    if (body.action === 'assign')
      await addTimelineEvents(
        trx,
        rows.map((row) => ({
          workspaceId: user.workspaceId,
          entity: kind.entity,
          entityId: row.id,
          kind: 'reassigned',
          userId: user.id,
          data: { fromUserId: row.b_owner_id, toUserId: row.owner_id },
        })),
      );
    return {
      action: body.action,
      matched: ids.length,
      changed: rows.length,
      skipped: ids.length - rows.length,
      ids: rows.map((x) => x.id),
    };
  });
}

/** Most used tags and segments among the live records the caller sees, starting with `prefix` (any case). */
export async function recordFacets(
  db: Db,
  user: AuthUser,
  kind: { entity: RecordEntity; table: RecordTable },
  prefix: string,
  limit = 20,
): Promise<{ tags: { value: string; count: number }[]; segments: { value: string; count: number }[] }> {
  const like = `${prefix.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const table = sql.table(kind.table);
  const where = sql`c.workspace_id = ${user.workspaceId} and c.deleted_at is null and ${visibleTo(user, kind.entity, 'c')}`;
  // Spellings that differ only in case are one tag, shown as its most used spelling.
  const [tags, segments] = await Promise.all([
    sql<{ value: string; count: number }>`select (array_agg(t order by n desc))[1] as value, sum(n)::int as count from (
        select t, count(*) as n from ${table} c cross join unnest(c.tags) t where ${where} and lower(t) like ${like} group by t) x
      group by lower(t) order by count desc, value limit ${limit}`.execute(db),
    sql<{ value: string; count: number }>`select (array_agg(segment order by n desc))[1] as value, sum(n)::int as count from (
        select c.segment, count(*) as n from ${table} c where ${where} and lower(c.segment) like ${like} group by c.segment) x
      group by lower(segment) order by count desc, value limit ${limit}`.execute(db),
  ]);
  return { tags: tags.rows, segments: segments.rows };
}
