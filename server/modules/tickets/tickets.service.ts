import type { z } from 'zod';
import { translate, type Lang } from '../../../contracts/i18n/index.js';
import { optionalLink } from '../../../contracts/records.js';
import type {
  createCommentBody,
  CreateTicket,
  ListTicketsQuery,
  satisfactionBody,
  SlaSegment,
  Ticket,
  TicketComment,
  TicketPriority,
  TicketStatus,
  UpdateTicket,
} from '../../../contracts/tickets.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { canSeeRecord, namesAmong, visibleAmong } from '../../platform/registry.js';
import { controlledOwners, ownerChangeIssue } from '../../platform/rights.js';
import { addTimelineEvent } from '../../platform/timeline.js';
import { findVisibleCompany } from '../companies/index.js';
import { canSeeContact, getContact } from '../contacts/index.js';
import { TicketErrors, TicketFieldCodes } from './tickets.errors.js';
import { dueTimes, mayMove, statusEffects } from './tickets.plan.js';
import * as repo from './tickets.repository.js';
import type { CommentRow, TicketRow } from './tickets.repository.js';
import { effectiveRules, workCalendar } from './tickets.settings.js';
import { ruleFor, segmentOf } from './tickets.sla.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Whether a ticket's clock runs and a due time has passed (pending stops the clock). */
export function isOverdue(r: TicketRow, now: Date): boolean {
  if (r.status !== 'new' && r.status !== 'open') return false;
  return r.due_at < now || (!r.first_response_at && r.response_due_at < now);
}

type Names = { companies: Map<string, string>; contacts: Map<string, string> };

function toTicket(r: TicketRow, names: Names, now: Date): Ticket {
  return {
    id: r.id,
    subject: r.subject,
    description: r.description,
    companyId: r.company_id,
    contactId: r.contact_id,
    company: optionalLink(r.company_id, r.company_id ? names.companies.get(r.company_id) : null),
    contact: optionalLink(r.contact_id, r.contact_id ? names.contacts.get(r.contact_id) : null),
    channel: r.channel,
    status: r.status,
    priority: r.priority,
    assigneeId: r.assignee_id,
    dueAt: r.due_at.toISOString(),
    responseDueAt: r.response_due_at.toISOString(),
    firstResponseAt: iso(r.first_response_at),
    overdue: isOverdue(r, now),
    dueAtManual: r.due_at_manual,
    productIds: r.product_ids,
    category: r.category,
    callId: r.call_id,
    segment: r.segment,
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
    satisfaction:
      r.satisfaction_score !== null && r.satisfaction_at
        ? { score: r.satisfaction_score, comment: r.satisfaction_comment, at: r.satisfaction_at.toISOString() }
        : null,
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Rows -> API objects, the linked clients named for the viewer (two queries for any number). */
async function toTickets(db: Db, user: AuthUser, rows: TicketRow[], now: Date): Promise<Ticket[]> {
  const ids = (col: 'company_id' | 'contact_id') => [...new Set(rows.flatMap((r) => (r[col] ? [r[col]] : [])))];
  const [companies, contacts] = await Promise.all([
    namesAmong(db, user, 'company', ids('company_id')),
    namesAmong(db, user, 'contact', ids('contact_id')),
  ]);
  return rows.map((r) => toTicket(r, { companies, contacts }, now));
}

/** What the audit log keeps: the ticket without the derived flag and the viewer's names. */
function snapshot(t: Ticket) {
  const { overdue: _o, company: _c, contact: _p, ...rest } = t;
  return rest;
}

/** The tickets the caller may see, newest first, filtered, keyset-paged. */
export async function listTickets(db: Db, user: AuthUser, q: ListTicketsQuery, now = new Date()) {
  const rows = await repo.listTicketRows(
    db,
    user,
    {
      statuses: q.status ? (q.status.split(',') as TicketStatus[]) : undefined,
      priorities: q.priority ? (q.priority.split(',') as TicketPriority[]) : undefined,
      assigneeId: q.assigneeId,
      companyId: q.companyId,
      contactId: q.contactId,
      productId: q.productId,
      callId: q.callId,
      category: q.category,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      after: decodeCursor(q.cursor, 'timestamptz'),
      limit: q.limit + 1,
    },
    now,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await toTickets(db, user, page, now),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}

async function visibleRow(db: Db, user: AuthUser, id: string, forUpdate = false): Promise<TicketRow> {
  const row = await repo.findVisibleTicket(db, user, id, forUpdate);
  if (!row) throw TicketErrors.TICKET_NOT_FOUND();
  return row;
}

/** One ticket the caller may see; 404 otherwise, as for one that does not exist. */
export async function getTicket(db: Db, user: AuthUser, id: string, now = new Date()): Promise<Ticket> {
  return (await toTickets(db, user, [await visibleRow(db, user, id)], now))[0];
}

type Links = { companyId: string | null; contactId: string | null; segment: SlaSegment };

/**
 * The ticket's client, checked: the company and contact must be ones the caller may open (else 422
 * naming the field, never whether they exist); a contact alone brings its company. The segment of
 * the company chooses the SLA rule.
 */
async function checkClient(db: Db, user: AuthUser, companyId: string | null, contactId: string | null, issues: FieldIssue[]) {
  let company = companyId;
  if (contactId) {
    if (!(await canSeeContact(db, user, contactId))) issues.push({ path: 'contactId', code: TicketFieldCodes.linkNotFound });
    else if (company === null) company = (await getContact(db, user, contactId)).companyId ?? null;
  }
  let segment: SlaSegment = 'none';
  if (company) {
    const row = await findVisibleCompany(db, user, company);
    if (!row) {
      if (companyId) issues.push({ path: 'companyId', code: TicketFieldCodes.linkNotFound });
      company = companyId ? company : null;
    } else segment = segmentOf(row.segment);
  }
  if (!company && !contactId) issues.push({ path: 'companyId', code: TicketFieldCodes.clientRequired });
  return { companyId: company, contactId, segment } satisfies Links;
}

async function checkRefs(db: Db, user: AuthUser, input: { callId?: string | null; productIds?: string[] }, issues: FieldIssue[]) {
  if (input.callId && !(await canSeeRecord(db, user, 'call', input.callId)))
    issues.push({ path: 'callId', code: TicketFieldCodes.linkNotFound });
  if (input.productIds?.length) {
    const seen = await visibleAmong(db, user, 'product', input.productIds);
    input.productIds.forEach((id, i) => {
      if (!seen.has(id)) issues.push({ path: `productIds.${i}`, code: TicketFieldCodes.linkNotFound });
    });
  }
}

/** The assignee rule of owners: oneself always; others only for whoever controls them (and the one before). */
async function checkAssignee(db: Db, user: AuthUser, from: string | null, to: string | null, issues: FieldIssue[]) {
  if (to === from) return;
  if (to) {
    const issue = await ownerChangeIssue(db, user, { from, to }, { path: 'assigneeId', invalidCode: TicketFieldCodes.linkNotFound });
    if (issue) issues.push(issue);
  } else if (from && !(await controlledOwners(db, user, [from])).has(from)) issues.push({ path: 'assigneeId', code: 'OWNER_NOT_ALLOWED' });
}

async function onTimelines(trx: Db, user: AuthUser, r: TicketRow, kind: string, data: Record<string, unknown>) {
  const targets = [
    ['company', r.company_id],
    ['contact', r.contact_id],
  ] as const;
  for (const [entity, id] of targets)
    if (id)
      await addTimelineEvent(trx, {
        workspaceId: user.workspaceId,
        entity,
        entityId: id,
        kind,
        userId: user.id,
        refEntity: 'ticket',
        refId: r.id,
        body: r.subject,
        data,
      });
}

/** Opens a ticket: status new, due times from the SLA rule of its priority and client's segment (or dueAt given). */
export async function createTicket(db: Db, user: AuthUser, input: CreateTicket, now = new Date()): Promise<Ticket> {
  const issues: FieldIssue[] = [];
  const links = await checkClient(db, user, input.companyId ?? null, input.contactId ?? null, issues);
  await checkRefs(db, user, input, issues);
  await checkAssignee(db, user, null, input.assigneeId ?? null, issues);
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  const priority = input.priority ?? 'normal';
  const [rules, cal] = await Promise.all([effectiveRules(db, user.workspaceId), workCalendar(db, user.workspaceId)]);
  const due = dueTimes(now, ruleFor(rules, priority, links.segment), 0, cal);
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertTicket(trx, {
      workspace_id: user.workspaceId,
      subject: input.subject,
      description: input.description ?? null,
      company_id: links.companyId,
      contact_id: links.contactId,
      channel: input.channel ?? (input.callId ? 'phone' : 'manual'),
      priority,
      segment: links.segment,
      assignee_id: input.assigneeId ?? null,
      response_due_at: due.response_due_at,
      due_at: input.dueAt ? new Date(input.dueAt) : due.due_at,
      due_at_manual: !!input.dueAt,
      first_response_at: null,
      paused_at: null,
      product_ids: [...new Set(input.productIds ?? [])],
      category: input.category ?? null,
      call_id: input.callId ?? null,
      resolved_at: null,
      closed_at: null,
      satisfaction_score: null,
      satisfaction_comment: null,
      satisfaction_at: null,
      created_by: user.id,
      created_at: now,
    });
    const ticket = (await toTickets(trx, user, [row], now))[0];
    await recordAudit(trx, user, { entity: 'ticket', entityId: row.id, action: 'create', after: snapshot(ticket) });
    await onTimelines(trx, user, row, 'ticket', { status: row.status, priority: row.priority });
    return ticket;
  });
}

/**
 * Changes a ticket (optimistic `version`): fields, the status along the lifecycle, the assignee by
 * the owners' rule. Due times follow the SLA rule when priority or client change, unless set by hand.
 */
export async function updateTicket(db: Db, user: AuthUser, lang: Lang, id: string, input: UpdateTicket, now = new Date()): Promise<Ticket> {
  const current = await visibleRow(db, user, id);
  const issues: FieldIssue[] = [];
  const clientChanged = input.companyId !== undefined || input.contactId !== undefined;
  const links = clientChanged
    ? await checkClient(
        db,
        user,
        input.companyId !== undefined ? input.companyId : current.company_id,
        input.contactId !== undefined ? input.contactId : current.contact_id,
        issues,
      )
    : { companyId: current.company_id, contactId: current.contact_id, segment: current.segment };
  await checkRefs(db, user, input, issues);
  if (input.assigneeId !== undefined) await checkAssignee(db, user, current.assignee_id, input.assigneeId, issues);
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  const [rules, cal] = await Promise.all([effectiveRules(db, user.workspaceId), workCalendar(db, user.workspaceId)]);

  return db.transaction().execute(async (trx) => {
    const row = await visibleRow(trx, user, id, true);
    if (row.version !== input.version) throw PlatformErrors.VERSION_CONFLICT();
    const to = input.status ?? row.status;
    if (!mayMove(user, row.status, to))
      throw TicketErrors.TICKET_TRANSITION_INVALID({
        fields: [{ path: 'status', code: 'errors.TICKET_TRANSITION_INVALID' }],
        params: { from: translate(lang, `tickets.status.${row.status}`), to: translate(lang, `tickets.status.${to}`) },
      });
    const effects = statusEffects(row, to, now, cal);
    const priority = input.priority ?? row.priority;
    const manual = input.dueAt === null ? false : input.dueAt !== undefined ? true : row.due_at_manual;
    const due = dueTimes(row.created_at, ruleFor(rules, priority, links.segment), effects.paused_minutes ?? row.paused_minutes, cal);
    const updated = await repo.updateTicket(trx, user.workspaceId, id, {
      ...effects,
      subject: input.subject,
      description: input.description,
      company_id: links.companyId,
      contact_id: links.contactId,
      segment: links.segment,
      channel: input.channel,
      priority,
      assignee_id: input.assigneeId,
      product_ids: input.productIds ? [...new Set(input.productIds)] : undefined,
      category: input.category,
      call_id: input.callId,
      response_due_at: due.response_due_at,
      due_at: input.dueAt ? new Date(input.dueAt) : manual ? row.due_at : due.due_at,
      due_at_manual: manual,
    });
    const [before, after] = await toTickets(trx, user, [row, updated], now);
    await recordAudit(trx, user, { entity: 'ticket', entityId: id, action: 'update', before: snapshot(before), after: snapshot(after) });
    if (effects.status) await onTimelines(trx, user, updated, 'ticket_status', { from: row.status, to: updated.status });
    return after;
  });
}

function toComment(c: CommentRow): TicketComment {
  return {
    id: c.id,
    ticketId: c.ticket_id,
    authorId: c.author_id,
    body: c.body,
    internal: c.internal,
    createdAt: c.created_at.toISOString(),
  };
}

/** A ticket's comments, oldest first; `publicOnly`: those the client may read, without the internal ones. */
export async function listComments(db: Db, user: AuthUser, id: string, publicOnly: boolean): Promise<TicketComment[]> {
  await visibleRow(db, user, id);
  return (await repo.listComments(db, user.workspaceId, id, publicOnly)).map(toComment);
}

/** A comment, internal or to the client; the first one to the client is the SLA's first response. */
export async function addComment(db: Db, user: AuthUser, id: string, input: z.infer<typeof createCommentBody>, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const row = await visibleRow(trx, user, id, true);
    const c = await repo.insertComment(trx, {
      workspace_id: user.workspaceId,
      ticket_id: id,
      author_id: user.id,
      body: input.body,
      internal: input.internal,
      created_at: now,
    });
    if (!input.internal && !row.first_response_at) await repo.updateTicket(trx, user.workspaceId, id, { first_response_at: now });
    return toComment(c);
  });
}

/** The client's satisfaction once resolved (or closed): a score 1-5 and a comment; a new one replaces it. */
export async function rateTicket(db: Db, user: AuthUser, id: string, input: z.infer<typeof satisfactionBody>, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const row = await visibleRow(trx, user, id, true);
    if (row.status !== 'resolved' && row.status !== 'closed') throw TicketErrors.TICKET_NOT_RESOLVED();
    const updated = await repo.updateTicket(trx, user.workspaceId, id, {
      satisfaction_score: input.score,
      satisfaction_comment: input.comment ?? null,
      satisfaction_at: now,
    });
    const [before, after] = await toTickets(trx, user, [row, updated], now);
    await recordAudit(trx, user, { entity: 'ticket', entityId: id, action: 'update', before: snapshot(before), after: snapshot(after) });
    await onTimelines(trx, user, updated, 'ticket_satisfaction', { score: input.score });
    return after;
  });
}
