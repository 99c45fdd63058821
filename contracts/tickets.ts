// Service tickets (issue 8 T4): a client's request with its status, priority and SLA due times in
// working hours, comments (internal or to the client), a linked call, satisfaction after resolving,
// and the report of tickets by product, category and client segment.
import { z } from 'zod';
import { int32, isoDate, isoDateTime as boundedDateTime, text } from './common.js';
import { linkedRecordSchema } from './records.js';

export const ticketChannels = ['phone', 'email', 'portal', 'manual'] as const;
export const ticketStatuses = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
/** Client segments of the SLA rules: a company's segment A, B or C, `none` for any other or none. */
export const slaSegments = ['A', 'B', 'C', 'none'] as const;

export type TicketChannel = (typeof ticketChannels)[number];
export type TicketStatus = (typeof ticketStatuses)[number];
export type TicketPriority = (typeof ticketPriorities)[number];
export type SlaSegment = (typeof slaSegments)[number];
/** Priorities from the most pressing, the order rules are listed in. */
export const slaPriorities: readonly TicketPriority[] = ['urgent', 'high', 'normal', 'low'];

const isoDateTime = boundedDateTime();

export const satisfactionSchema = z.object({ score: int32(), comment: z.string().nullable(), at: z.string() });

export const ticketSchema = z.object({
  id: z.uuid(),
  subject: z.string(),
  description: z.string().nullable(),
  companyId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  company: linkedRecordSchema.nullable(),
  contact: linkedRecordSchema.nullable(),
  channel: z.enum(ticketChannels),
  status: z.enum(ticketStatuses),
  priority: z.enum(ticketPriorities),
  assigneeId: z.uuid().nullable(),
  /** When it is to be resolved: from the SLA rule (working hours), or set by hand. */
  dueAt: z.string(),
  /** When the first answer to the client is due (SLA response time). */
  responseDueAt: z.string(),
  firstResponseAt: z.string().nullable(),
  /** Derived: not resolved, not pending, and a due time (resolution, or the first response) has passed. */
  overdue: z.boolean(),
  /** The due time was set by hand rather than by the SLA rule. */
  dueAtManual: z.boolean(),
  productIds: z.array(z.uuid()),
  category: z.string().nullable(),
  callId: z.uuid().nullable(),
  /** The client's segment the SLA rule was chosen by. */
  segment: z.enum(slaSegments),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  satisfaction: satisfactionSchema.nullable(),
  version: int32(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Ticket = z.infer<typeof ticketSchema>;

const ticketFields = {
  subject: text(500).min(1),
  description: text(20000).nullable().optional(),
  companyId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  channel: z.enum(ticketChannels).optional(),
  priority: z.enum(ticketPriorities).optional(),
  assigneeId: z.uuid().nullable().optional(),
  /** A due time by hand; without it the SLA rule gives one. */
  dueAt: isoDateTime.optional(),
  productIds: z.array(z.uuid()).max(50).optional(),
  category: text(100).min(1).nullable().optional(),
  callId: z.uuid().nullable().optional(),
};

/** A new ticket: for a company or a contact (at least one), status `new`. */
export const createTicketBody = z.object(ticketFields).strict();
export type CreateTicket = z.infer<typeof createTicketBody>;

export const updateTicketBody = z
  .object({
    ...ticketFields,
    subject: ticketFields.subject.optional(),
    /** null: back to the SLA rule's due time. */
    dueAt: isoDateTime.nullable().optional(),
    status: z.enum(ticketStatuses).optional(),
    version: int32().min(1),
  })
  .strict();
export type UpdateTicket = z.infer<typeof updateTicketBody>;

const boolString = z.enum(['true', 'false']);
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .regex(new RegExp(`^(${values.join('|')})(,(${values.join('|')}))*$`))
    .optional();

export const listTicketsQuery = z.object({
  /** One status or several separated by commas: `new,open`. */
  status: listOf(ticketStatuses),
  priority: listOf(ticketPriorities),
  /** `none`: tickets nobody is assigned to. */
  assigneeId: z.union([z.uuid(), z.literal('none')]).optional(),
  companyId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  productId: z.uuid().optional(),
  callId: z.uuid().optional(),
  category: text(100).min(1).optional(),
  overdue: boolString.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

export const ticketListResponse = z.object({ items: z.array(ticketSchema), nextCursor: z.string().nullable() });

export const ticketCommentSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  authorId: z.uuid().nullable(),
  body: z.string(),
  /** Internal: for colleagues only, never shown to the client. */
  internal: z.boolean(),
  createdAt: z.string(),
});
export type TicketComment = z.infer<typeof ticketCommentSchema>;

export const createCommentBody = z.object({ body: text(20000).min(1), internal: z.boolean().default(false) }).strict();
export const commentListResponse = z.object({ items: z.array(ticketCommentSchema) });

export const satisfactionBody = z.object({ score: int32().min(1).max(5), comment: text(2000).nullable().optional() }).strict();

// ---------------------------------------------------------------- SLA settings

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
export const workingIntervalSchema = z.object({ from: hhmm, to: hhmm });
export type WorkingInterval = z.infer<typeof workingIntervalSchema>;

export const workingHoursSchema = z.object({
  /** The workspace's zone the hours are in (its setting; shown here, changed with the workspace). */
  timeZone: z.string(),
  /** Seven days, Monday first, each a list of working intervals (empty: a day off). */
  week: z.array(z.array(workingIntervalSchema)),
  /** Days off beside the weekend, in the workspace's zone. */
  holidays: z.array(z.string()),
});
export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const workingHoursBody = z
  .object({
    week: z.array(z.array(workingIntervalSchema).max(6)).length(7),
    holidays: z.array(isoDate()).max(1000),
  })
  .strict();

export const slaRuleSchema = z.object({
  priority: z.enum(ticketPriorities),
  segment: z.enum(slaSegments),
  /** Working minutes to the first answer and to the resolution. */
  responseMinutes: int32(),
  resolutionMinutes: int32(),
});
export type SlaRule = z.infer<typeof slaRuleSchema>;

/** At most a working year (2,000 hours) for any time. */
export const MAX_SLA_MINUTES = 120_000;
const slaMinutes = int32().min(1).max(MAX_SLA_MINUTES);
export const slaRulesResponse = z.object({ items: z.array(slaRuleSchema) });
export const slaRulesBody = z
  .object({
    items: z
      .array(
        z
          .object({
            priority: z.enum(ticketPriorities),
            segment: z.enum(slaSegments),
            responseMinutes: slaMinutes,
            resolutionMinutes: slaMinutes,
          })
          .strict(),
      )
      .min(1)
      .max(16),
  })
  .strict();

// ---------------------------------------------------------------- report

export const ticketReportQuery = z.object({
  /** Tickets created on these days (the viewer's zone), both included; default the last 30 days. */
  from: isoDate().optional(),
  to: isoDate().optional(),
  groupBy: z.enum(['product', 'category', 'segment']).default('category'),
});

export const ticketReportRowSchema = z.object({
  /** The product id, the category, or the segment; null for tickets without one. */
  key: z.string().nullable(),
  /** The product's name as the viewer may read it (products only). */
  name: z.string().nullable(),
  count: int32(),
  open: int32(),
  /** Overdue now, or resolved after their due time. */
  overdue: int32(),
  resolved: int32(),
  /** Mean hours from creation to resolution of the resolved ones (calendar hours), one decimal. */
  meanResolutionHours: z.number().nullable(),
  rated: int32(),
  /** Mean satisfaction score (1-5) of the rated ones, two decimals. */
  meanSatisfaction: z.number().nullable(),
});

export const ticketReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(['product', 'category', 'segment']),
  rows: z.array(ticketReportRowSchema),
  total: ticketReportRowSchema.omit({ key: true, name: true }),
});
export type TicketReport = z.infer<typeof ticketReportSchema>;
