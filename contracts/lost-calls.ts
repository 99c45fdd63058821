// The lost-call report (issue 8 T2): incoming calls missed and not called back, and answered calls
// after which nothing was recorded for the caller, within N minutes; per manager or per line.
import { z } from 'zod';
import { callSchema } from './calls.js';
import { int32, isoDate } from './common.js';
import { linkedRecordSchema } from './records.js';

/** Longest window asked about: 30 days (a call-back a month later is not one). */
export const MAX_WITHIN_MINUTES = 30 * 24 * 60;

/**
 * How each incoming call came out:
 * - a missed (or busy, failed) call is `called_back` when a later call to the same number went out,
 *   or the client called again and was answered, within N minutes of its end; else `not_called_back`;
 * - an answered call is `handled` when someone changed or created the caller's contact or company,
 *   an activity or a deal of theirs, or wrote a note on them, between the call's start and N
 *   minutes after its end; else `not_handled`;
 * - `pending`: nothing yet, and the N minutes are not over.
 * Lost = `not_called_back` + `not_handled`.
 */
export const lostCallOutcomes = ['called_back', 'not_called_back', 'handled', 'not_handled', 'pending'] as const;
export type LostCallOutcome = (typeof lostCallOutcomes)[number];

export const lostCallsQuery = z.object({
  /** Days in the viewer's time zone, both included; default the last 30 days. */
  from: isoDate().optional(),
  to: isoDate().optional(),
  withinMinutes: z.coerce.number().int().min(0).max(MAX_WITHIN_MINUTES).default(30),
  groupBy: z.enum(['manager', 'line']).default('manager'),
  /** Drill-down: the calls of one manager (`none`: calls without one)... */
  userId: z.union([z.uuid(), z.literal('none')]).optional(),
  /** ...or of one line, by the group's key (`none`: calls without a line). */
  line: z
    .string()
    .regex(/^(\d{1,32}|none)$/)
    .optional(),
  /** Which calls to list: the lost ones (default), the handled (called back) ones, pending, or all. */
  outcome: z.enum(['lost', 'done', 'pending', 'all']).default('lost'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type LostCallsQuery = z.infer<typeof lostCallsQuery>;

export const lostCallCountsSchema = z.object({
  /** Incoming calls that ended in the period. */
  incoming: int32(),
  missed: int32(),
  missedCalledBack: int32(),
  missedLost: int32(),
  answered: int32(),
  answeredHandled: int32(),
  answeredLost: int32(),
  pending: int32(),
  lost: int32(),
  /** lost / (incoming - pending) in percent, one decimal ("12.5"); null when nothing is decided yet. */
  lostRate: z.string().nullable(),
});
export type LostCallCounts = z.infer<typeof lostCallCountsSchema>;

export const lostCallGroupSchema = lostCallCountsSchema.extend({
  /** A user id, a line's number key, or `none`. */
  key: z.string(),
  label: z.string(),
});

export const followUpKinds = ['callback', 'contact', 'company', 'activity', 'deal', 'note'] as const;

export const lostCallItemSchema = z.object({
  call: callSchema,
  outcome: z.enum(lostCallOutcomes),
  userName: z.string().nullable(),
  contact: linkedRecordSchema.nullable(),
  company: linkedRecordSchema.nullable(),
  /** The first thing done within the window: the call back, or the record created, changed or noted. */
  followUp: z
    .object({
      kind: z.enum(followUpKinds),
      record: linkedRecordSchema.extend({ kind: z.enum(['call', 'contact', 'company', 'activity', 'deal']) }),
      at: z.string(),
    })
    .nullable(),
  /** The call-back task made for a missed call of a known client. */
  callBackTask: linkedRecordSchema.extend({ done: z.boolean() }).nullable(),
});
export type LostCallItem = z.infer<typeof lostCallItemSchema>;

export const lostCallsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  withinMinutes: int32(),
  groupBy: z.enum(['manager', 'line']),
  totals: lostCallCountsSchema,
  groups: z.array(lostCallGroupSchema),
  calls: z.object({ items: z.array(lostCallItemSchema), nextCursor: z.string().nullable() }),
});
export type LostCallsReport = z.infer<typeof lostCallsReportSchema>;
