// What contacts and companies have in common as owned, shared, mergeable records: paging,
// owners, shares, edit rights and following merges. Exported to the contacts module.
import { sql, type RawBuilder } from 'kysely';
import { canEditRecord, type AuthUser } from './auth.js';
import type { Db } from './database.js';
import { decodeCursor, encodeCursor, type CursorKind } from './cursor.js';
import { AppError, PlatformErrors, type FieldIssue } from './errors.js';
import { recordAudit } from './audit.js';
import { sharedBranch, withBitmapScans, type AccessScope } from './search/index.js';
import { MERGE_KINDS, onMerge } from './merge.js';
import { moveTimeline } from './timeline.js';

export type RecordEntity = 'contact' | 'company';
export type RecordTable = 'contacts' | 'companies';

/** Runs `fn` in a transaction, or inside the caller's one when `db` already is a transaction. */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

// ---------------------------------------------------------------- paging

/** The list's sort: the shared fields, or one a module maps to `sortExpr` (`owner`, `lastContact`). */
export type SortSpec = { field: 'name' | 'createdAt' | 'updatedAt' | (string & {}); desc: boolean };

export function sortSpec(sort: string, order?: 'asc' | 'desc'): SortSpec {
  const field = sort.replace(/^-/, '') as SortSpec['field'];
  return { field, desc: order ? order === 'desc' : sort.startsWith('-') };
}

export type PageQuery = {
  user: AuthUser;
  scope: AccessScope;
  /** An owned kind of the registry and its table (contacts, companies, invoices, ...). */
  entity: RecordEntity | (string & {});
  table: RecordTable | (string & {});
  /** SQL column the name sort uses (`full_name`, `name`). */
  nameColumn: string;
  /**
   * Sort by another column than the name or the timestamps (an invoice's issue date), with the SQL
   * type its cursor carries; `sort.desc` still gives the direction.
   */
  sortColumn?: { column: string; kind: Exclude<CursorKind, 'uuid'> };
  /**
   * Sort by an SQL expression over alias `c` that is never null (a linked record's name, a date of
   * a read model, coalesced to '' or an infinity): each row's value is one primary-key or index
   * lookup, and the page is the top of the scope's rows by it (a bounded sort, not an index walk).
   */
  sortExpr?: { expr: RawBuilder<unknown>; kind: Exclude<CursorKind, 'uuid'> };
  /** Light columns of a list row, over alias `c`. */
  columns: RawBuilder<unknown>;
  filters: RawBuilder<boolean>[];
  ownerId?: string;
  deleted: boolean;
  sort: SortSpec;
  cursor?: string;
  limit: number;
  visible: RawBuilder<boolean>;
  /**
   * The filters are selective and index-backed (text, company): collect the matches through
   * bitmap scans and sort them, rather than walking the sort index hoping to meet them soon.
   */
  selective?: boolean;
};

/**
 * One page of a list over a stable keyset (sort column, id). For a caller who does not see the
 * whole workspace, each owner in scope is walked through its own `(workspace_id, owner_id, sort,
 * id)` index (LATERAL per owner) and records shared with the caller come from a second branch;
 * the branches are merged and cut to the page. `visibleTo` is applied in every branch too.
 */
export async function pageOf<Row extends { id: string; sort_key: string }>(
  db: Db,
  p: PageQuery,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const col = p.sortColumn?.column ?? (p.sort.field === 'name' ? p.nameColumn : p.sort.field === 'createdAt' ? 'created_at' : 'updated_at');
  const kind = p.sortExpr?.kind ?? p.sortColumn?.kind ?? (p.sort.field === 'name' ? 'text' : 'timestamptz');
  const dir = p.sort.desc ? sql.raw('desc') : sql.raw('asc');
  const cmp = p.sort.desc ? sql.raw('<') : sql.raw('>');
  const c = (name: string) => sql.ref(`c.${name}`);
  const by = p.sortExpr ? sql`(${p.sortExpr.expr})` : c(col);
  const sortValue = by;
  const sortKey = kind === 'text' ? by : sql`${by}::text`;
  const after = decodeCursor(p.cursor, kind);
  const keyset = after
    ? kind === 'text'
      ? sql`(${by}, c.id) ${cmp} (${after[0]}, ${after[1]}::uuid)`
      : sql`(${by}, c.id) ${cmp} (${after[0]}::${sql.raw(kind)}, ${after[1]}::uuid)`
    : sql`true`;
  const alive = p.deleted ? sql`c.deleted_at is not null` : sql`c.deleted_at is null`;
  const where = (extra: RawBuilder<unknown>) => sql`c.workspace_id = ${p.user.workspaceId} and ${alive} and ${extra}
    and ${p.visible} ${p.filters.length ? sql`and ${sql.join(p.filters, sql` and `)}` : sql``} and ${keyset}`;
  const n = p.limit + 1;
  const select = sql`${p.columns}, ${sortValue} as sort_value, ${sortKey} as sort_key`;
  const table = sql.table(p.table);
  const ownerFilter = p.ownerId ? sql`c.owner_id = ${p.ownerId}` : sql`true`;

  let inner: RawBuilder<unknown>;
  if (p.scope.all) {
    inner = sql`select ${select} from ${table} c where ${where(ownerFilter)} order by ${by} ${dir}, c.id ${dir} limit ${n}`;
  } else {
    const owners = p.ownerId ? p.scope.ownerIds.filter((o) => o === p.ownerId) : p.scope.ownerIds;
    const shared = sharedBranch(p.scope, p.user, p.entity, 'c');
    if (!owners.length && !shared) return { rows: [], nextCursor: null };
    if (owners.length === 1 && !shared) {
      // The common case (a manager with nothing shared): one plain walk of the owner's index.
      inner = sql`select ${select} from ${table} c where ${where(sql`c.owner_id = ${owners[0]}`)} order by ${by} ${dir}, c.id ${dir} limit ${n}`;
    } else {
      const parts: RawBuilder<unknown>[] = [];
      if (owners.length) {
        parts.push(sql`select x.* from unnest(${owners}::uuid[]) as o(owner_id) cross join lateral (
          select ${select} from ${table} c where ${where(sql`c.owner_id = o.owner_id`)}
          order by ${by} ${dir}, c.id ${dir} limit ${n}) x`);
      }
      if (shared) {
        parts.push(sql`(select ${select} from ${table} c where ${where(sql`${shared} and ${ownerFilter}`)}
          order by ${by} ${dir}, c.id ${dir} limit ${n})`);
      }
      inner = sql`select * from (${sql.join(parts, sql` union all `)}) y order by y.sort_value ${dir}, y.id ${dir} limit ${n}`;
    }
  }
  const query = sql<Row>`${inner}`;
  const r = p.selective ? await withBitmapScans(db, (trx) => query.execute(trx)) : await query.execute(db);
  const rows = r.rows.slice(0, p.limit);
  const last = rows[rows.length - 1];
  return { rows, nextCursor: r.rows.length > p.limit && last ? encodeCursor(last.sort_key, last.id) : null };
}

/**
 * How many rows the list would hold, counting at most `cap` (an export decides with it whether to
 * stream or run as a job). The access predicate alone is the whole rule; pageOf's owner branches
 * only make the walk fast.
 */
export async function countOf(
  db: Db,
  p: Pick<PageQuery, 'user' | 'table' | 'filters' | 'ownerId' | 'deleted' | 'visible' | 'selective'>,
  cap: number,
): Promise<number> {
  const alive = p.deleted ? sql`c.deleted_at is not null` : sql`c.deleted_at is null`;
  const query = sql<{ n: string }>`select count(*) as n from (select 1 from ${sql.table(p.table)} c
    where c.workspace_id = ${p.user.workspaceId} and ${alive} and ${p.visible}
      ${p.ownerId ? sql`and c.owner_id = ${p.ownerId}` : sql``}
      ${p.filters.length ? sql`and ${sql.join(p.filters, sql` and `)}` : sql``}
    limit ${cap}) x`;
  const r = p.selective ? await withBitmapScans(db, (trx) => query.execute(trx)) : await query.execute(db);
  return Number(r.rows[0].n);
}

// ---------------------------------------------------------------- owners, edit rights, shares

/** The owner must be an active user of the caller's workspace: 422 on `path` otherwise. */
export async function assertOwner(db: Db, workspaceId: string, ownerId: string, path = 'ownerId'): Promise<void> {
  const u = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', ownerId)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .executeTakeFirst();
  if (!u) throw PlatformErrors.VALIDATION({ fields: [{ path, code: 'OWNER_INVALID' }] });
}

/** Same as assertOwner, collecting the problem instead of throwing. */
export async function checkOwner(db: Db, workspaceId: string, ownerId: string, issues: FieldIssue[], path = 'ownerId') {
  try {
    await assertOwner(db, workspaceId, ownerId, path);
  } catch (e) {
    if (e instanceof AppError) issues.push(...e.fields);
    else throw e;
  }
}

export async function isSharedWith(db: Db, entity: string, id: string, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('record_shares')
    .select('user_id')
    .where('entity', '=', entity)
    .where('entity_id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(r);
}

/** 403 unless the caller may change this (visible) record: own, shared, or a role that edits all it sees. */
export async function assertCanEdit(db: Db, user: AuthUser, entity: string, id: string, ownerId: string | null): Promise<void> {
  if (canEditRecord(user, ownerId, false)) return;
  if (canEditRecord(user, ownerId, await isSharedWith(db, entity, id, user.id))) return;
  throw PlatformErrors.RECORD_READ_ONLY();
}

export async function listShares(db: Db, workspaceId: string, entity: string, id: string) {
  const rows = await db
    .selectFrom('record_shares as rs')
    .innerJoin('users as u', 'u.id', 'rs.user_id')
    .select(['rs.user_id', 'u.name', 'rs.created_at'])
    .where('rs.workspace_id', '=', workspaceId)
    .where('rs.entity', '=', entity)
    .where('rs.entity_id', '=', id)
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, userName: r.name, createdAt: r.created_at.toISOString() }));
}

/**
 * Shares a record with a user of the workspace, audited as a change of `sharedWith`. Idempotent
 * under concurrency too: the insert itself decides (on conflict do nothing returning), so of 30
 * parallel identical shares exactly one writes the row and the one audit entry.
 */
export async function addShare(db: Db, actor: AuthUser, entity: string, id: string, userId: string) {
  await assertOwner(db, actor.workspaceId, userId, 'userId');
  await inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('record_shares')
      .values({ workspace_id: actor.workspaceId, entity, entity_id: id, user_id: userId })
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!inserted) return;
    const after = (await listShares(trx, actor.workspaceId, entity, id)).map((s) => s.userId);
    await recordAudit(trx, actor, {
      entity,
      entityId: id,
      action: 'update',
      before: { sharedWith: after.filter((u) => u !== userId) },
      after: { sharedWith: after },
    });
  });
  return listShares(db, actor.workspaceId, entity, id);
}

/** Stops sharing; as addShare, only the request that actually deleted the row writes the audit entry. */
export async function removeShare(db: Db, actor: AuthUser, entity: string, id: string, userId: string) {
  await inTransaction(db, async (trx) => {
    const deleted = await trx
      .deleteFrom('record_shares')
      .where('entity', '=', entity)
      .where('entity_id', '=', id)
      .where('user_id', '=', userId)
      .returning('user_id')
      .executeTakeFirst();
    if (!deleted) return;
    const rest = (await listShares(trx, actor.workspaceId, entity, id)).map((s) => s.userId);
    const before = [...rest, userId];
    await recordAudit(trx, actor, {
      entity,
      entityId: id,
      action: 'update',
      before: { sharedWith: before },
      after: { sharedWith: before.filter((u) => u !== userId) },
    });
  });
  return listShares(db, actor.workspaceId, entity, id);
}

// ---------------------------------------------------------------- merge

/**
 * Composition (app.ts): the platform's own references follow merged contacts and companies:
 * shares (a user the merged record was shared with now sees the kept one) and the timeline with
 * its notes, also events elsewhere that refer to the merged record. The audit trail stays with
 * the record it was written about.
 */
export function registerRecordMerges(): void {
  for (const entity of MERGE_KINDS) {
    onMerge(entity, 'shares', { covers: ['record_shares.entity_id'] }, async (trx, p) => {
      await sql`insert into record_shares (workspace_id, entity, entity_id, user_id, created_at)
        select workspace_id, entity, ${p.keptId}, user_id, created_at from record_shares
        where workspace_id = ${p.workspaceId} and entity = ${entity} and entity_id = ${p.mergedId}
        on conflict do nothing`.execute(trx);
      await trx
        .deleteFrom('record_shares')
        .where('workspace_id', '=', p.workspaceId)
        .where('entity', '=', entity)
        .where('entity_id', '=', p.mergedId)
        .execute();
    });
    onMerge(entity, 'timeline', { covers: ['timeline_events.entity_id', 'timeline_events.ref_id'] }, (trx, p) =>
      moveTimeline(trx, p.workspaceId, entity, p.mergedId, p.keptId),
    );
  }
}

/** Values of the kept record, with its empty fields filled from the merged one. */
export function fillEmpty<T extends Record<string, unknown>, K extends keyof T>(
  keep: T,
  other: T,
  fields: readonly K[],
): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const f of fields) {
    const k = keep[f];
    const empty = k === null || k === undefined || k === '' || (Array.isArray(k) && k.length === 0);
    if (empty && other[f] !== null && other[f] !== undefined && other[f] !== '') out[f] = other[f];
  }
  return out;
}

/** Union of two lists by a key (phones by number, emails by address, tags case-insensitively). */
export function unionBy<T>(a: T[], b: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return [...a, ...b].filter((x) => !seen.has(key(x)) && seen.add(key(x)));
}

/** Tags trimmed and de-duplicated case-insensitively, first spelling kept. */
export function cleanTags(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags.map((t) => t.trim()).filter((t) => t && !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
}

/** Notes of both records, the merged one's appended. */
export function mergeNotes(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b || a.includes(b)) return a;
  return `${a}\n\n${b}`;
}
