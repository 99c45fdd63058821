// The ticket lifecycle and what each status change does to the SLA clock, as pure rules.
import type { SlaRule, TicketStatus } from '../../../contracts/tickets.js';
import { mayReassign } from '../../platform/rights.js';
import type { AuthUser } from '../../platform/auth.js';
import type { TicketRow } from './tickets.repository.js';
import { addWorkingMinutes, workingMinutesBetween, type WorkCalendar } from './tickets.sla.js';

const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  // A client who says it is not solved after all: back to work.
  resolved: ['open', 'closed'],
  // Closed is final; only a supervisor (who may reassign) reopens one, and only to open.
  closed: ['open'],
};

/** Whether the caller may move a ticket from one status to another (the same one is no change). */
export function mayMove(user: AuthUser, from: TicketStatus, to: TicketStatus): boolean {
  if (from === to) return true;
  if (!NEXT[from].includes(to)) return false;
  return from !== 'closed' || mayReassign(user);
}

/** The SLA due times of a ticket from its start, counting the working minutes it spent pending. */
export function dueTimes(createdAt: Date, rule: SlaRule, pausedMinutes: number, cal: WorkCalendar) {
  return {
    response_due_at: addWorkingMinutes(createdAt, rule.responseMinutes, cal),
    due_at: addWorkingMinutes(createdAt, rule.resolutionMinutes + pausedMinutes, cal),
  };
}

/**
 * The columns a status change sets. Pending stops the clock: entering it notes the moment, leaving
 * it adds the working minutes spent pending to `paused_minutes` (the caller then moves the due time
 * on by them). Resolving notes the time (closing unresolved too); reopening clears both.
 */
export function statusEffects(row: TicketRow, to: TicketStatus, now: Date, cal: WorkCalendar) {
  const patch: Partial<Pick<TicketRow, 'status' | 'paused_at' | 'paused_minutes' | 'resolved_at' | 'closed_at'>> = {};
  if (row.status === to) return patch;
  patch.status = to;
  if (row.paused_at && to !== 'pending') {
    patch.paused_minutes = row.paused_minutes + workingMinutesBetween(row.paused_at, now, cal);
    patch.paused_at = null;
  }
  if (to === 'pending') patch.paused_at = now;
  if (to === 'resolved') patch.resolved_at = now;
  if (to === 'closed') {
    patch.closed_at = now;
    patch.resolved_at = row.resolved_at ?? now;
  }
  if (to === 'open' || to === 'new') {
    patch.resolved_at = null;
    patch.closed_at = null;
  }
  return patch;
}
