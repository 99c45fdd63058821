import { defineErrors } from '../../platform/errors.js';

/** Errors of service tickets and their SLA settings (messages in contracts/i18n/tickets.ts). */
export const TicketErrors = defineErrors('tickets', {
  TICKET_NOT_FOUND: { status: 404 },
  // A status change the lifecycle does not allow (closed is final unless a supervisor reopens it).
  TICKET_TRANSITION_INVALID: { status: 409 },
  // Satisfaction is asked for once the ticket is resolved.
  TICKET_NOT_RESOLVED: { status: 409 },
});

/** Field rule codes of tickets (dotted keys of the tickets catalogue). */
export const TicketFieldCodes = {
  clientRequired: 'tickets.rules.clientRequired',
  linkNotFound: 'tickets.rules.linkNotFound',
  intervalOrder: 'tickets.rules.intervalOrder',
  intervalsOverlap: 'tickets.rules.intervalsOverlap',
  noWorkingTime: 'tickets.rules.noWorkingTime',
  ruleTwice: 'tickets.rules.ruleTwice',
  responseAfterResolution: 'tickets.rules.responseAfterResolution',
  periodInvalid: 'tickets.rules.periodInvalid',
  periodTooLong: 'tickets.rules.periodTooLong',
} as const;
