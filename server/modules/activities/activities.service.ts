import {
  outcomeRequiredTypes,
  type Activity,
  type ActivityType,
  type CompleteActivity,
  type CreateActivity,
  type ListActivitiesQuery,
  type Participant,
  type UpdateActivity,
} from '../../../contracts/activities.js';
import type { AuthUser } from '../../platform/auth.js';
import { canEditRecord } from '../../platform/auth.js';
import { ownerChangeIssue } from '../../platform/rights.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { onMerge } from '../../platform/merge.js';
import { recordAudit } from '../../platform/audit.js';
import { inTransaction } from '../../platform/records.js';
import { ActivityErrors, ActivityFieldCodes } from './activities.errors.js';
import { checkLinks, syncActivityTimeline } from './activities.links.js';
import * as repo from './activities.repository.js';
import type { ActivityRow } from './activities.repository.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Row -> API object; `isOverdue` is derived at `now`, never stored. */
export function toActivity(r: ActivityRow, now: Date): Activity {
  return {
    id: r.id,
    type: r.type,
    subject: r.subject,
    notes: r.notes,
    outcome: r.outcome,
    dueAt: r.due_at.toISOString(),
    durationMinutes: r.duration_minutes,
    done: r.done,
    doneAt: iso(r.done_at),
    isOverdue: !r.done && r.due_at.getTime() < now.getTime(),
    contactId: r.contact_id,
    companyId: r.company_id,
    dealId: r.deal_id,
    ownerId: r.owner_id,
    participants: [
      ...r.participant_user_ids.map((id): Participant => ({ kind: 'user', id })),
      ...r.participant_contact_ids.map((id): Participant => ({ kind: 'contact', id })),
    ],
    remindedAt: iso(r.reminded_at),
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
  };
}

/** What the audit log keeps: the record without fields that change by themselves. */
function auditSnapshot(r: ActivityRow): Record<string, unknown> {
  const { isOverdue: _o, remindedAt: _r, ...rest } = toActivity(r, new Date(0));
  return rest;
}

function afterCursor(c: string | undefined): { dueAt: string; id: string } | undefined {
  const after = decodeCursor(c, 'timestamptz');
  return after && { dueAt: after[0], id: after[1] };
}

const splitParticipants = (ps: Participant[] | undefined) =>
  ps && {
    users: [...new Set(ps.filter((p) => p.kind === 'user').map((p) => p.id))],
    contacts: [...new Set(ps.filter((p) => p.kind === 'contact').map((p) => p.id))],
  };

/** Contacts whose "last real contact" may change with this row: the linked one and participants. */
const touchedContacts = (...rows: (ActivityRow | null | undefined)[]) =>
  rows.flatMap((r) => (r ? [...(r.contact_id ? [r.contact_id] : []), ...r.participant_contact_ids] : []));

/** A done call or meeting must say what came of it. */
function assertOutcome(type: ActivityType, done: boolean, outcome: string | null | undefined) {
  if (done && outcomeRequiredTypes.includes(type) && !outcome?.trim()) {
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'outcome', code: ActivityFieldCodes.outcomeRequired }] });
  }
}

// A little slack for clocks of clients that log "just now".
const FUTURE_SLACK_MS = 5 * 60_000;
function assertDoneAt(doneAt: Date | null, now: Date, path = 'doneAt') {
  if (doneAt && doneAt.getTime() > now.getTime() + FUTURE_SLACK_MS)
    throw PlatformErrors.VALIDATION({ fields: [{ path, code: ActivityFieldCodes.doneInFuture }] });
}

/** The platform's one owner rule (self, or a user the caller controls, taking from one they control). */
async function assertOwner(db: Db, user: AuthUser, ownerId: string, from: string | null = null) {
  const issue = await ownerChangeIssue(db, user, { from, to: ownerId }, { invalidCode: 'invalid' });
  if (issue) throw PlatformErrors.VALIDATION({ fields: [issue] });
}

async function assertParticipantUsers(db: Db, user: AuthUser, ids: string[]) {
  const active = new Set(await repo.activeUserIds(db, user.workspaceId, ids));
  const issues: FieldIssue[] = [];
  ids.forEach((id, i) => {
    if (!active.has(id)) issues.push({ path: `participants.${i}`, code: ActivityFieldCodes.linkNotFound });
  });
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
}

/** One activity the caller can see, or 404. */
export async function getActivity(db: Db, user: AuthUser, id: string, now = new Date()): Promise<Activity> {
  const row = await repo.findActivity(db, user, id, { includeDeleted: true });
  if (!row) throw ActivityErrors.ACTIVITY_NOT_FOUND();
  return toActivity(row, now);
}

/** The list's query as repository filters; 422 on `to` for an empty window. */
function listFilter(q: Omit<ListActivitiesQuery, 'order' | 'cursor' | 'limit'>) {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to && from >= to) throw PlatformErrors.VALIDATION({ fields: [{ path: 'to', code: ActivityFieldCodes.rangeOrder }] });
  return {
    ownerId: q.ownerId,
    contactId: q.contactId,
    companyId: q.companyId,
    dealId: q.dealId,
    types: q.type ? (q.type.split(',') as ActivityType[]) : undefined,
    done: q.done === undefined ? undefined : q.done === 'true',
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    from,
    to,
    deleted: q.deleted === 'true',
  };
}

/** How many activities the list would show for this query, counting at most `cap`. */
export async function countActivities(db: Db, user: AuthUser, q: ListActivitiesQuery, cap: number, now = new Date()): Promise<number> {
  return repo.countActivities(db, user, listFilter(q), now, cap);
}

/** A page of the activities the caller can see, filtered, keyset-paged by (dueAt, id). */
export async function listActivities(db: Db, user: AuthUser, q: ListActivitiesQuery, now = new Date()) {
  const rows = await repo.listActivities(
    db,
    user,
    { ...listFilter(q), order: q.order, after: afterCursor(q.cursor), limit: q.limit + 1 },
    now,
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => toActivity(r, now)),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].due_at.toISOString(), page[page.length - 1].id) : null,
  };
}

/** Creates an activity (planned, or logged as already done) with its audit, timeline and read model. */
export async function createActivity(db: Db, user: AuthUser, input: CreateActivity, now = new Date()): Promise<Activity> {
  const doneAt = input.doneAt ? new Date(input.doneAt) : null;
  const done = input.done ?? doneAt !== null;
  const effectiveDoneAt = done ? (doneAt ?? now) : null;
  const dueAt = input.dueAt ? new Date(input.dueAt) : effectiveDoneAt;
  if (!dueAt) throw PlatformErrors.VALIDATION({ fields: [{ path: 'dueAt', code: 'required' }] });
  assertDoneAt(effectiveDoneAt, now);
  assertOutcome(input.type, done, input.outcome);
  const ownerId = input.ownerId ?? user.id;
  await assertOwner(db, user, ownerId);
  const parts = splitParticipants(input.participants) ?? { users: [], contacts: [] };
  await assertParticipantUsers(db, user, parts.users);
  const links = await checkLinks(db, user, {
    contactId: input.contactId ?? null,
    companyId: input.companyId ?? null,
    dealId: input.dealId ?? null,
    participantContactIds: parts.contacts,
  });
  // A call to a person or about a deal also belongs to that company's history.
  const companyId = input.companyId !== undefined ? input.companyId : links.impliedCompanyId;

  return inTransaction(db, async (trx) => {
    const row = await repo.insertActivity(trx, {
      workspace_id: user.workspaceId,
      type: input.type,
      subject: input.subject,
      notes: input.notes ?? null,
      outcome: input.outcome ?? null,
      due_at: dueAt,
      duration_minutes: input.durationMinutes ?? null,
      done,
      done_at: effectiveDoneAt,
      contact_id: input.contactId ?? null,
      company_id: companyId ?? null,
      deal_id: input.dealId ?? null,
      owner_id: ownerId,
      participant_user_ids: parts.users,
      participant_contact_ids: parts.contacts,
      // Something logged as done, or planned in the past, is not news to remind of.
      reminded_at: done || dueAt.getTime() <= now.getTime() ? now : null,
      created_by: user.id,
      deleted_at: null,
    });
    await recordAudit(trx, user, { entity: 'activity', entityId: row.id, action: 'create', after: auditSnapshot(row) });
    await syncActivityTimeline(trx, user, null, row);
    await repo.refreshContactStats(trx, user.workspaceId, touchedContacts(row));
    return toActivity(row, now);
  });
}

/**
 * A planned activity the system makes for a user (no one's request: a call-back task after a
 * missed call), in the caller's transaction; audited with no author. Returns its id.
 */
export async function createSystemActivity(
  trx: Db,
  a: {
    workspaceId: string;
    ownerId: string;
    type: ActivityType;
    subject: string;
    notes?: string | null;
    dueAt: Date;
    contactId: string | null;
    companyId: string | null;
  },
): Promise<string> {
  const row = await repo.insertActivity(trx, {
    workspace_id: a.workspaceId,
    type: a.type,
    subject: a.subject,
    notes: a.notes ?? null,
    outcome: null,
    due_at: a.dueAt,
    duration_minutes: null,
    done: false,
    done_at: null,
    contact_id: a.contactId,
    company_id: a.companyId,
    deal_id: null,
    owner_id: a.ownerId,
    participant_user_ids: [],
    participant_contact_ids: [],
    reminded_at: null,
    created_by: null,
    deleted_at: null,
  });
  await recordAudit(trx, null, {
    workspaceId: a.workspaceId,
    entity: 'activity',
    entityId: row.id,
    action: 'create',
    after: auditSnapshot(row),
  });
  return row.id;
}

async function lockForChange(trx: Db, user: AuthUser, id: string, opts: { includeDeleted?: boolean } = {}) {
  const row = await repo.findActivity(trx, user, id, { includeDeleted: opts.includeDeleted, forUpdate: true });
  if (!row) throw ActivityErrors.ACTIVITY_NOT_FOUND();
  if (!canEditRecord(user, row.owner_id, row.shared)) throw PlatformErrors.FORBIDDEN();
  return row;
}

/** Changes an activity at the version the caller saw; a stale version changes nothing (409). */
export async function updateActivity(db: Db, user: AuthUser, id: string, input: UpdateActivity, now = new Date()): Promise<Activity> {
  const parts = splitParticipants(input.participants);
  if (parts) await assertParticipantUsers(db, user, parts.users);
  const linkChange = input.contactId !== undefined || input.companyId !== undefined || input.dealId !== undefined || parts;

  return inTransaction(db, async (trx) => {
    const before = await lockForChange(trx, user, id);
    if (before.version !== input.version) throw PlatformErrors.VERSION_CONFLICT();
    // Handing an activity to someone else needs control over them; keeping the owner does not.
    if (input.ownerId && input.ownerId !== before.owner_id) await assertOwner(trx, user, input.ownerId, before.owner_id);
    const type = input.type ?? before.type;
    let done = input.done ?? (input.doneAt ? true : before.done);
    if (input.doneAt === null && input.done === undefined) done = false;
    const doneAt = !done ? null : input.doneAt ? new Date(input.doneAt) : (before.done_at ?? now);
    assertDoneAt(input.doneAt ? doneAt : null, now);
    const outcome = input.outcome !== undefined ? input.outcome : before.outcome;
    assertOutcome(type, done, outcome);
    const contactId = input.contactId !== undefined ? input.contactId : before.contact_id;
    const companyId = input.companyId !== undefined ? input.companyId : before.company_id;
    const dealId = input.dealId !== undefined ? input.dealId : before.deal_id;
    if (linkChange) {
      // Only links the caller is adding must be visible to them; existing ones stay as they are.
      await checkLinks(trx, user, {
        contactId: contactId !== before.contact_id ? contactId : null,
        companyId: companyId !== before.company_id ? companyId : null,
        dealId: dealId !== before.deal_id ? dealId : null,
        participantContactIds: (parts?.contacts ?? []).filter((c) => !before.participant_contact_ids.includes(c)),
      });
    }
    const dueAt = input.dueAt ? new Date(input.dueAt) : before.due_at;
    const dueMoved = dueAt.getTime() !== before.due_at.getTime();
    const set: repo.ActivityChanges = {
      type,
      subject: input.subject ?? before.subject,
      notes: input.notes !== undefined ? input.notes : before.notes,
      outcome,
      due_at: dueAt,
      duration_minutes: input.durationMinutes !== undefined ? input.durationMinutes : before.duration_minutes,
      done,
      done_at: doneAt,
      contact_id: contactId,
      company_id: companyId,
      deal_id: dealId,
      owner_id: input.ownerId ?? before.owner_id,
      participant_user_ids: parts?.users ?? before.participant_user_ids,
      participant_contact_ids: parts?.contacts ?? before.participant_contact_ids,
    };
    // A moved plan is reminded again at its new time (unless that time is already past).
    if (dueMoved) set.reminded_at = dueAt.getTime() <= now.getTime() ? now : null;
    const after = await repo.updateActivityRow(trx, user.workspaceId, id, input.version, set);
    if (!after) throw PlatformErrors.VERSION_CONFLICT();
    await recordAudit(trx, user, {
      entity: 'activity',
      entityId: id,
      action: 'update',
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    await syncActivityTimeline(trx, user, before, after);
    await repo.refreshContactStats(trx, user.workspaceId, touchedContacts(before, after));
    return toActivity(after, now);
  });
}

/**
 * Marks a planned activity done with its outcome and, in the same transaction, plans the next
 * one (same links and owner): the "call done, call back on Friday" step of every manager's day.
 */
export async function completeActivity(db: Db, user: AuthUser, id: string, input: CompleteActivity, now = new Date()) {
  const doneAt = input.doneAt ? new Date(input.doneAt) : now;
  assertDoneAt(doneAt, now);
  return inTransaction(db, async (trx) => {
    const before = await lockForChange(trx, user, id);
    if (input.version !== undefined && before.version !== input.version) throw PlatformErrors.VERSION_CONFLICT();
    if (before.done) throw ActivityErrors.ACTIVITY_ALREADY_DONE();
    // An outcome written down earlier (PATCH while on the call) counts.
    assertOutcome(before.type, true, input.outcome ?? before.outcome);
    const after = await repo.updateActivityRow(trx, user.workspaceId, id, before.version, {
      done: true,
      done_at: doneAt,
      outcome: input.outcome ?? before.outcome,
      notes: input.notes !== undefined ? input.notes : before.notes,
    });
    if (!after) throw PlatformErrors.VERSION_CONFLICT();
    await recordAudit(trx, user, {
      entity: 'activity',
      entityId: id,
      action: 'update',
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    await syncActivityTimeline(trx, user, before, after);

    let next: ActivityRow | null = null;
    if (input.next) {
      const nextDue = new Date(input.next.dueAt);
      next = await repo.insertActivity(trx, {
        workspace_id: user.workspaceId,
        type: input.next.type,
        subject: input.next.subject,
        notes: input.next.notes ?? null,
        outcome: null,
        due_at: nextDue,
        duration_minutes: input.next.durationMinutes ?? after.duration_minutes,
        done: false,
        done_at: null,
        contact_id: after.contact_id,
        company_id: after.company_id,
        deal_id: after.deal_id,
        owner_id: after.owner_id,
        participant_user_ids: after.participant_user_ids,
        participant_contact_ids: after.participant_contact_ids,
        reminded_at: nextDue.getTime() <= now.getTime() ? now : null,
        created_by: user.id,
        deleted_at: null,
      });
      await recordAudit(trx, user, { entity: 'activity', entityId: next.id, action: 'create', after: auditSnapshot(next) });
    }
    await repo.refreshContactStats(trx, user.workspaceId, touchedContacts(after));
    return { activity: toActivity(after, now), next: next ? toActivity(next, now) : null };
  });
}

/** Soft delete: hidden everywhere (and from timelines), restorable. */
export async function deleteActivity(db: Db, user: AuthUser, id: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await lockForChange(trx, user, id);
    const after = await repo.updateActivityRow(trx, user.workspaceId, id, null, { deleted_at: new Date() });
    await recordAudit(trx, user, { entity: 'activity', entityId: id, action: 'delete', before: auditSnapshot(before) });
    await syncActivityTimeline(trx, user, before, after!);
    await repo.refreshContactStats(trx, user.workspaceId, touchedContacts(before));
  });
}

/** Undoes a soft delete (timelines and the last-contact read model follow). */
export async function restoreActivity(db: Db, user: AuthUser, id: string, now = new Date()): Promise<Activity> {
  return inTransaction(db, async (trx) => {
    const before = await lockForChange(trx, user, id, { includeDeleted: true });
    if (!before.deleted_at) return toActivity(before, now);
    const after = (await repo.updateActivityRow(trx, user.workspaceId, id, null, { deleted_at: null }))!;
    await recordAudit(trx, user, { entity: 'activity', entityId: id, action: 'restore', after: auditSnapshot(after) });
    await syncActivityTimeline(trx, user, before, after);
    await repo.refreshContactStats(trx, user.workspaceId, touchedContacts(after));
    return toActivity(after, now);
  });
}

const MAX_CALENDAR_DAYS = 62;

/** Done and planned activities of the caller (or a user they control) for a calendar window. */
export async function calendarActivities(db: Db, user: AuthUser, q: { from: string; to: string; userId?: string }, now = new Date()) {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (from >= to) throw PlatformErrors.VALIDATION({ fields: [{ path: 'to', code: ActivityFieldCodes.rangeOrder }] });
  if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * 86_400_000) {
    throw PlatformErrors.VALIDATION({
      fields: [{ path: 'to', code: ActivityFieldCodes.rangeTooLong, params: { days: MAX_CALENDAR_DAYS } }],
    });
  }
  const ownerId = q.userId ?? user.id;
  if (!(await repo.controlsUser(db, user, ownerId))) throw PlatformErrors.FORBIDDEN();
  const rows = await repo.activitiesInRange(db, user.workspaceId, ownerId, from, to, 2000);
  return { userId: ownerId, items: rows.map((r) => toActivity(r, now)) };
}

/**
 * For merges (contacts module): moves every activity of the merged-away contact or company onto
 * the kept one and recomputes the last real contact of both; in the caller's transaction.
 */
export async function relinkActivities(
  db: Db,
  workspaceId: string,
  entity: 'contact' | 'company',
  fromId: string,
  toId: string,
): Promise<number> {
  const n = await repo.relinkActivityRows(db, workspaceId, entity, fromId, toId);
  if (entity === 'contact') await repo.refreshContactStats(db, workspaceId, [fromId, toId]);
  return n;
}

/** Composition (app.ts): activities follow merged contacts and companies, in the merge transaction. */
export function registerActivityMerges(): void {
  // The stats are recomputed for both contacts rather than moved: the kept one's last contact is
  // now the later of the two, the merged one's row says it has none.
  const contactCovers = ['activities.contact_id', 'activities.participant_contact_ids', 'contact_activity_stats.contact_id'];
  onMerge('contact', 'activities', { covers: contactCovers }, (trx, p) =>
    relinkActivities(trx, p.workspaceId, 'contact', p.mergedId, p.keptId).then(() => undefined),
  );
  onMerge('company', 'activities', { covers: ['activities.company_id'] }, (trx, p) =>
    relinkActivities(trx, p.workspaceId, 'company', p.mergedId, p.keptId).then(() => undefined),
  );
}
