import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { SlaRule, TicketPriority, TicketStatus } from '../../../contracts/tickets.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { ticketVisible } from './tickets.record.js';
import type { TicketCommentsTable, TicketsTable } from './tickets.table.js';

export type TicketRow = Selectable<TicketsTable>;
export type CommentRow = Selectable<TicketCommentsTable>;

/** SQL: the ticket over `alias` is overdue at `now` (its clock runs and a due time has passed). */
export const overdueSql = (alias: string, now: Date) => {
  const c = (n: string) => sql.ref(`${alias}.${n}`);
  return sql<boolean>`(${c('status')} in ('new', 'open') and (${c('due_at')} < ${now}
    or (${c('first_response_at')} is null and ${c('response_due_at')} < ${now})))`;
};

export type TicketFilters = {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  assigneeId?: string | 'none';
  companyId?: string;
  contactId?: string;
  productId?: string;
  callId?: string;
  category?: string;
  overdue?: boolean;
  after?: [string, string];
  limit: number;
};

export type ListedTicketRow = TicketRow & { sort_key: string };

/** The tickets the caller may see, newest first, keyset-paged by (created_at, id). */
export async function listTicketRows(db: Db, user: AuthUser, f: TicketFilters, now: Date): Promise<ListedTicketRow[]> {
  const where = [sql`t.workspace_id = ${user.workspaceId}`, ticketVisible(user, 't')];
  if (f.statuses) where.push(sql`t.status = any(${f.statuses}::text[])`);
  if (f.priorities) where.push(sql`t.priority = any(${f.priorities}::text[])`);
  if (f.assigneeId === 'none') where.push(sql`t.assignee_id is null`);
  else if (f.assigneeId) where.push(sql`t.assignee_id = ${f.assigneeId}`);
  if (f.companyId) where.push(sql`t.company_id = ${f.companyId}`);
  if (f.contactId) where.push(sql`t.contact_id = ${f.contactId}`);
  if (f.productId) where.push(sql`t.product_ids @> array[${f.productId}]::uuid[]`);
  if (f.callId) where.push(sql`t.call_id = ${f.callId}`);
  if (f.category) where.push(sql`t.category = ${f.category}`);
  if (f.overdue !== undefined) where.push(f.overdue ? overdueSql('t', now) : sql`not ${overdueSql('t', now)}`);
  if (f.after) where.push(sql`(t.created_at, t.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  const r = await sql<ListedTicketRow>`select t.*, t.created_at::text as sort_key from tickets t
    where ${sql.join(where, sql` and `)}
    order by t.created_at desc, t.id desc
    limit ${f.limit}`.execute(db);
  return r.rows;
}

/** One ticket, if the caller may see it; `forUpdate` locks it for the caller's transaction. */
export async function findVisibleTicket(db: Db, user: AuthUser, id: string, forUpdate = false): Promise<TicketRow | undefined> {
  const r = await sql<TicketRow>`select t.* from tickets t
    where t.id = ${id} and t.workspace_id = ${user.workspaceId} and ${ticketVisible(user, 't')}
    ${forUpdate ? sql`for update of t` : sql``}`.execute(db);
  return r.rows[0];
}

export async function insertTicket(db: Db, values: Insertable<TicketsTable>): Promise<TicketRow> {
  return db.insertInto('tickets').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Writes a change and bumps the version; the caller has the row locked. */
export async function updateTicket(db: Db, workspaceId: string, id: string, patch: Updateable<TicketsTable>): Promise<TicketRow> {
  return db
    .updateTable('tickets')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertComment(db: Db, values: Insertable<TicketCommentsTable>): Promise<CommentRow> {
  return db.insertInto('ticket_comments').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A ticket's comments in the order they were written; `publicOnly` leaves the internal ones out. */
export async function listComments(db: Db, workspaceId: string, ticketId: string, publicOnly: boolean): Promise<CommentRow[]> {
  let q = db
    .selectFrom('ticket_comments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .orderBy('id');
  if (publicOnly) q = q.where('internal', '=', false);
  return q.execute();
}

/** Merge: the kept record takes the merged one's tickets. */
export async function relinkTickets(db: Db, kind: 'contact' | 'company', workspaceId: string, mergedId: string, keptId: string) {
  const column = kind === 'contact' ? 'contact_id' : 'company_id';
  await db
    .updateTable('tickets')
    .set({ [column]: keptId })
    .where('workspace_id', '=', workspaceId)
    .where(column, '=', mergedId)
    .execute();
}

/** Whether the user is an active member of the workspace (assignees must be). */
export async function isActiveUser(db: Db, workspaceId: string, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .executeTakeFirst();
  return !!r;
}

// ---------------------------------------------------------------- SLA settings

export type CalendarRow = { week: unknown; holidays: string[] };

export async function findCalendar(db: Db, workspaceId: string): Promise<CalendarRow | undefined> {
  const r =
    await sql<CalendarRow>`select week, holidays::text[] as holidays from ticket_calendars where workspace_id = ${workspaceId}`.execute(db);
  return r.rows[0];
}

export async function saveCalendar(db: Db, workspaceId: string, week: unknown, holidays: string[]): Promise<void> {
  await sql`insert into ticket_calendars (workspace_id, week, holidays) values (${workspaceId}, ${JSON.stringify(week)}::jsonb, ${holidays}::date[])
    on conflict (workspace_id) do update set week = excluded.week, holidays = excluded.holidays, updated_at = now()`.execute(db);
}

export async function listRules(db: Db, workspaceId: string): Promise<SlaRule[]> {
  const rows = await db.selectFrom('sla_rules').selectAll().where('workspace_id', '=', workspaceId).execute();
  return rows.map((r) => ({
    priority: r.priority,
    segment: r.segment,
    responseMinutes: r.response_minutes,
    resolutionMinutes: r.resolution_minutes,
  }));
}

/** Stores the given rules over the workspace's (pairs not given keep theirs). */
export async function upsertRules(db: Db, workspaceId: string, rules: SlaRule[]): Promise<void> {
  await db
    .insertInto('sla_rules')
    .values(
      rules.map((r) => ({
        workspace_id: workspaceId,
        priority: r.priority,
        segment: r.segment,
        response_minutes: r.responseMinutes,
        resolution_minutes: r.resolutionMinutes,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'priority', 'segment']).doUpdateSet((eb) => ({
        response_minutes: eb.ref('excluded.response_minutes'),
        resolution_minutes: eb.ref('excluded.resolution_minutes'),
      })),
    )
    .execute();
}
