// SQL of calls and lines only: functions (db, ...) -> rows. The rules (merging events, matching,
// the manager) are in calls.ingest.ts; access is callVisible, applied in every read of a call.
import { sql, type Insertable, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import type { CallDirection, CallStatus } from '../../../contracts/calls.js';
import { teamUserIds, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { callVisible } from './calls.record.js';
import type { CallLegsTable, CallLinksTable, CallsTable, TelephonyLinesTable } from './calls.table.js';

export type CallRow = Selectable<CallsTable>;
export type CallLegRow = Selectable<CallLegsTable>;
export type LineRow = Selectable<TelephonyLinesTable>;

// ---------------------------------------------------------------- ingestion

/** The call of a provider's call id, if it exists already. */
export async function findCallByProviderId(db: Db, workspaceId: string, provider: string, providerCallId: string) {
  return db
    .selectFrom('calls')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('provider', '=', provider)
    .where('provider_call_id', '=', providerCallId)
    .executeTakeFirst();
}

export async function insertCall(db: Db, values: Insertable<CallsTable>): Promise<CallRow> {
  return db.insertInto('calls').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateCall(db: Db, id: string, changes: Updateable<CallsTable>): Promise<CallRow> {
  return db
    .updateTable('calls')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records an event once: false when an event with the same key was received before (a replay). */
export async function insertCallEvent(
  db: Db,
  e: { workspaceId: string; provider: string; providerCallId: string; legId: string; event: string; callId: string; data: unknown },
): Promise<boolean> {
  const r = await sql<{ id: string }>`insert into call_events (workspace_id, provider, provider_call_id, leg_id, event, call_id, data)
    values (${e.workspaceId}, ${e.provider}, ${e.providerCallId}, ${e.legId}, ${e.event}, ${e.callId}, ${JSON.stringify(e.data)}::jsonb)
    on conflict (workspace_id, provider, provider_call_id, leg_id, event) do nothing
    returning id`.execute(db);
  return r.rows.length > 0;
}

export async function findLeg(db: Db, callId: string, legId: string): Promise<CallLegRow | undefined> {
  return db.selectFrom('call_legs').selectAll().where('call_id', '=', callId).where('leg_id', '=', legId).executeTakeFirst();
}

export async function saveLeg(db: Db, leg: CallLegRow): Promise<void> {
  await db
    .insertInto('call_legs')
    .values(leg)
    .onConflict((oc) =>
      oc.columns(['call_id', 'leg_id']).doUpdateSet({
        extension: leg.extension,
        started_at: leg.started_at,
        answered_at: leg.answered_at,
        ended_at: leg.ended_at,
        disposition: leg.disposition,
      }),
    )
    .execute();
}

export async function legsOf(db: Db, callId: string): Promise<CallLegRow[]> {
  return db.selectFrom('call_legs').selectAll().where('call_id', '=', callId).orderBy('started_at').execute();
}

export async function insertLinks(db: Db, links: Insertable<CallLinksTable>[]): Promise<void> {
  if (!links.length) return;
  await db
    .insertInto('call_links')
    .values(links)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function linksOf(db: Db, callId: string) {
  return db.selectFrom('call_links').select(['entity', 'entity_id']).where('call_id', '=', callId).execute();
}

/** The active user of the workspace whose extension this is. */
export async function activeUserIdByExtension(db: Db, workspaceId: string, extension: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('extension', '=', extension)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .executeTakeFirst();
  return r?.id;
}

/** The active users of the workspace whose extensions these are. */
export async function activeUserIdsByExtensions(db: Db, workspaceId: string, extensions: string[]): Promise<Set<string>> {
  if (!extensions.length) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('extension', 'in', extensions)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Which of `numbers` are extensions of the workspace's users. */
export async function extensionsAmong(db: Db, workspaceId: string, numbers: string[]): Promise<Set<string>> {
  if (!numbers.length) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('extension')
    .where('workspace_id', '=', workspaceId)
    .where('extension', 'in', numbers)
    .where('deleted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.extension!));
}

// ---------------------------------------------------------------- reads

export type CallFilters = {
  from?: Date;
  to?: Date;
  direction?: CallDirection;
  status?: CallStatus;
  userId?: string;
  contactId?: string;
  companyId?: string;
  after?: [string, string];
  limit: number;
};

type ListedCall = CallRow & { sort_key: string };

/** A page of the calls the caller may see, newest first, keyset-paged by (started_at, id). */
export async function listCallRows(db: Db, user: AuthUser, f: CallFilters): Promise<ListedCall[]> {
  const ws = user.workspaceId;
  const where = [sql`k.workspace_id = ${ws}`, callVisible(user, 'k')];
  if (f.from) where.push(sql`k.started_at >= ${f.from}`);
  if (f.to) where.push(sql`k.started_at < ${f.to}`);
  if (f.direction) where.push(sql`k.direction = ${f.direction}`);
  if (f.status) where.push(sql`k.status = ${f.status}`);
  if (f.userId) where.push(sql`k.user_id = ${f.userId}`);
  for (const [entity, id] of [
    ['contact', f.contactId],
    ['company', f.companyId],
  ] as const) {
    if (id)
      where.push(
        sql`k.id in (select l.call_id from call_links l where l.workspace_id = ${ws} and l.entity = ${entity} and l.entity_id = ${id})`,
      );
  }
  if (f.after) where.push(sql`(k.started_at, k.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  const r = await sql<ListedCall>`select k.*, k.started_at::text as sort_key from calls k
    where ${sql.join(where, sql` and `)}
    order by k.started_at desc, k.id desc
    limit ${f.limit}`.execute(db);
  return r.rows;
}

/** One call, if the caller may see it. */
export async function findVisibleCall(db: Db, user: AuthUser, id: string): Promise<CallRow | undefined> {
  const r = await sql<CallRow>`select k.* from calls k
    where k.id = ${id} and k.workspace_id = ${user.workspaceId} and ${callVisible(user, 'k')}`.execute(db);
  return r.rows[0];
}

// ---------------------------------------------------------------- lines

export async function listLineRows(db: Db, workspaceId: string): Promise<LineRow[]> {
  return db.selectFrom('telephony_lines').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').orderBy('id').execute();
}

export async function findLineRow(db: Db, workspaceId: string, id: string): Promise<LineRow | undefined> {
  return db.selectFrom('telephony_lines').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function findLineByKey(db: Db, workspaceId: string, numberKey: string): Promise<LineRow | undefined> {
  return db
    .selectFrom('telephony_lines')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('number_key', '=', numberKey)
    .executeTakeFirst();
}

export async function insertLine(db: Db, values: Insertable<TelephonyLinesTable>): Promise<LineRow> {
  return db.insertInto('telephony_lines').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateLine(db: Db, workspaceId: string, id: string, changes: Updateable<TelephonyLinesTable>): Promise<LineRow> {
  return db
    .updateTable('telephony_lines')
    .set({ ...changes, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteLine(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom('telephony_lines').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** An active user of the workspace, by id. */
export async function isActiveUser(db: Db, workspaceId: string, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .executeTakeFirst();
  return !!r;
}

// ---------------------------------------------------------------- merges

/** Links and primary references of calls follow a merged contact or company to the kept one. */
export async function relinkCalls(db: Db, entity: 'contact' | 'company', workspaceId: string, mergedId: string, keptId: string) {
  await sql`delete from call_links m where m.workspace_id = ${workspaceId} and m.entity = ${entity} and m.entity_id = ${mergedId}
    and exists (select 1 from call_links k where k.call_id = m.call_id and k.entity = ${entity} and k.entity_id = ${keptId})`.execute(db);
  await db
    .updateTable('call_links')
    .set({ entity_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', entity)
    .where('entity_id', '=', mergedId)
    .execute();
  const column = entity === 'contact' ? 'contact_id' : 'company_id';
  await db
    .updateTable('calls')
    .set({ [column]: keptId })
    .where('workspace_id', '=', workspaceId)
    .where(column, '=', mergedId)
    .execute();
}

/** Calls still open long after they began: unanswered ones since `ringingBefore`, answered ones since `answeredBefore`. */
export async function staleOpenCalls(db: Db, ringingBefore: Date, answeredBefore: Date, limit: number) {
  const r = await sql<{
    id: string;
    workspace_id: string;
    provider: string;
    provider_call_id: string;
    connection_id: string | null;
    started_at: Date;
    last_event_at: Date;
  }>`select c.id, c.workspace_id, c.provider, c.provider_call_id, c.connection_id, c.started_at,
      greatest(c.started_at, (select max(e.received_at) from call_events e where e.call_id = c.id)) as last_event_at
    from calls c
    where c.ended_at is null and c.started_at < ${ringingBefore}
      and (c.answered_at is null or c.started_at < ${answeredBefore})
    order by c.started_at limit ${limit}`.execute(db);
  return r.rows;
}

/** What a screen pop starts from: the call and every client it is linked to (no access check: the phone rang). */
export async function callPopFacts(db: Db, workspaceId: string, callId: string) {
  const call = await db
    .selectFrom('calls')
    .select(['id', 'status', 'direction', 'from_number', 'to_number', 'line', 'started_at', 'user_id', 'client_owner_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', callId)
    .executeTakeFirst();
  if (!call) return undefined;
  const links = await linksOf(db, callId);
  return {
    ...call,
    contactIds: links.filter((l) => l.entity === 'contact').map((l) => l.entity_id),
    companyIds: links.filter((l) => l.entity === 'company').map((l) => l.entity_id),
  };
}

/** Whether the call rang (or was taken on) a phone of this user: their pop is theirs to read. */
export async function rangFor(db: Db, workspaceId: string, callId: string, userId: string): Promise<boolean> {
  const r = await sql<{ hit: number }>`select 1 as hit from users u
    where u.id = ${userId} and u.workspace_id = ${workspaceId} and u.extension is not null
      and (exists (select 1 from call_legs l where l.call_id = ${callId} and l.extension = u.extension)
        or exists (select 1 from calls c where c.id = ${callId} and c.workspace_id = ${workspaceId} and c.extension = u.extension))`.execute(
    db,
  );
  return r.rows.length > 0;
}

// ---------------------------------------------------------------- unsorted calls

/**
 * Who may sort unknown callers' calls, over `alias`: operators, admins and directors every call; a
 * head of sales those of their team; a manager the calls they are the manager of (who answered, or
 * the line's default user), taken on their extension, or on a line they are the default user of.
 */
export function unsortedVisible(user: AuthUser, alias: string): RawBuilder<boolean> {
  if (['admin', 'director', 'operator'].includes(user.role)) return sql<boolean>`true`;
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const users = user.role === 'head_of_sales' ? teamUserIds(user) : sql`(select ${user.id}::uuid)`;
  return sql<boolean>`(${col('user_id')} in ${users}
    or ${col('extension')} in (select u.extension from users u where u.workspace_id = ${user.workspaceId} and u.id in ${users} and u.extension is not null)
    or regexp_replace(coalesce(${col('line')}, ''), '\\D', '', 'g') in (select tl.number_key from telephony_lines tl
      where tl.workspace_id = ${user.workspaceId} and tl.default_user_id in ${users}))`;
}

export type UnsortedRow = { number_key: string; calls: number; missed: number; first_at: Date; last_key: string; last_id: string };

/**
 * Numbers of calls without a client (ended ones), newest last call first, keyset-paged by (last
 * call's start and id); served by calls_unsorted.
 */
export async function unsortedRows(db: Db, user: AuthUser, f: { after?: [string, string]; limit: number }): Promise<UnsortedRow[]> {
  // The number's last call: ties of (start, number) are ordered by it, so it makes the keyset.
  const lastId = sql`(array_agg(k.id order by k.started_at desc, k.id desc))[1]`;
  const r = await sql<UnsortedRow>`
    select k.number_key, count(*)::int as calls,
      count(*) filter (where k.direction = 'in' and k.status <> 'answered')::int as missed,
      min(k.started_at) as first_at, max(k.started_at)::text as last_key,
      ${lastId}::text as last_id
    from calls k
    where k.workspace_id = ${user.workspaceId} and k.contact_id is null and k.company_id is null and k.number_key is not null
      and k.ended_at is not null and ${unsortedVisible(user, 'k')}
    group by k.number_key
    ${f.after ? sql`having (max(k.started_at), ${lastId}) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)` : sql``}
    order by max(k.started_at) desc, ${lastId} desc
    limit ${f.limit}`.execute(db);
  return r.rows;
}

/** Calls by id (no access check: the caller has chosen them by an access-checked query). */
export async function callsByIds(db: Db, workspaceId: string, ids: string[]): Promise<CallRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('calls').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

/** One call without a client that the caller may sort. */
export async function findSortableCall(db: Db, user: AuthUser, id: string): Promise<CallRow | undefined> {
  const r = await sql<CallRow>`select k.* from calls k
    where k.id = ${id} and k.workspace_id = ${user.workspaceId} and ${unsortedVisible(user, 'k')}`.execute(db);
  return r.rows[0];
}

/** Every call of a number that has no client yet (oldest first), locked for linking. */
export async function unsortedCallsOfNumber(db: Db, workspaceId: string, numberKey: string): Promise<CallRow[]> {
  const r = await sql<CallRow>`select k.* from calls k
    where k.workspace_id = ${workspaceId} and k.number_key = ${numberKey} and k.contact_id is null and k.company_id is null
    order by k.started_at, k.id
    for update`.execute(db);
  return r.rows;
}

/** Gives calls their client: the first contact and company, and the owner a missed call goes to. */
export async function setCallClient(
  db: Db,
  workspaceId: string,
  ids: string[],
  client: { contactId: string | null; companyId: string | null; ownerId: string | null },
): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('calls')
    .set({ contact_id: client.contactId, company_id: client.companyId, client_owner_id: client.ownerId, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
}
