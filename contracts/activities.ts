import { z } from 'zod';
import { int32, isoDateTime as boundedDateTime } from './common.js';
import { linkedRecordSchema } from './records.js';

export const activityTypes = ['call', 'meeting', 'visit', 'exhibition', 'email', 'letter', 'task'] as const;
export const activityTypeSchema = z.enum(activityTypes);
export type ActivityType = z.infer<typeof activityTypeSchema>;

/** Types whose completion must record what came of it (the reason refusals get explained). */
export const outcomeRequiredTypes: readonly ActivityType[] = ['call', 'meeting'];

/** Types that count as a real contact with the person (a task is internal work). */
export const contactTouchTypes: readonly ActivityType[] = ['call', 'meeting', 'visit', 'exhibition', 'email', 'letter'];

const isoDateTime = boundedDateTime();
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Someone taking part besides the owner: a colleague (user) or a person of the client (contact). */
export const participantSchema = z.object({ kind: z.enum(['user', 'contact']), id: z.uuid() });
export type Participant = z.infer<typeof participantSchema>;

export const activitySchema = z.object({
  id: z.uuid(),
  type: activityTypeSchema,
  subject: z.string(),
  notes: z.string().nullable(),
  outcome: z.string().nullable(),
  dueAt: z.string(),
  durationMinutes: int32().nullable(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  /** Derived: planned time passed and not done. */
  isOverdue: z.boolean(),
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  dealId: z.uuid().nullable(),
  ownerId: z.uuid(),
  participants: z.array(participantSchema),
  remindedAt: z.string().nullable(),
  version: int32(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type Activity = z.infer<typeof activitySchema>;

const activityFields = {
  type: activityTypeSchema,
  subject: z.string().trim().min(1).max(500),
  notes: optionalText(20000),
  outcome: optionalText(2000),
  dueAt: isoDateTime,
  durationMinutes: int32().min(0).max(10080).nullable().optional(),
  done: z.boolean().optional(),
  doneAt: isoDateTime.nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  companyId: z.uuid().nullable().optional(),
  dealId: z.uuid().nullable().optional(),
  ownerId: z.uuid().optional(),
  participants: z.array(participantSchema).max(50).optional(),
};

/** dueAt may be left out only when logging something already done (it defaults to doneAt). */
export const createActivityBody = z.object({ ...activityFields, dueAt: isoDateTime.optional() }).strict();
export type CreateActivity = z.infer<typeof createActivityBody>;

export const updateActivityBody = z
  .object({
    type: activityFields.type.optional(),
    subject: activityFields.subject.optional(),
    notes: activityFields.notes,
    outcome: activityFields.outcome,
    dueAt: isoDateTime.optional(),
    durationMinutes: activityFields.durationMinutes,
    done: activityFields.done,
    doneAt: activityFields.doneAt,
    contactId: activityFields.contactId,
    companyId: activityFields.companyId,
    dealId: activityFields.dealId,
    ownerId: activityFields.ownerId,
    participants: activityFields.participants,
    version: int32().min(1),
  })
  .strict();
export type UpdateActivity = z.infer<typeof updateActivityBody>;

/** The follow-up planned while completing: links and owner are taken from the completed activity. */
export const nextActivityBody = z
  .object({
    type: activityTypeSchema,
    subject: z.string().trim().min(1).max(500),
    dueAt: isoDateTime,
    durationMinutes: activityFields.durationMinutes,
    notes: optionalText(20000),
  })
  .strict();

export const completeActivityBody = z
  .object({
    outcome: optionalText(2000),
    notes: optionalText(20000),
    doneAt: isoDateTime.optional(),
    version: int32().min(1).optional(),
    next: nextActivityBody.optional(),
  })
  .strict();
export type CompleteActivity = z.infer<typeof completeActivityBody>;

export const completeActivityResponse = z.object({ activity: activitySchema, next: activitySchema.nullable() });

const boolString = z.enum(['true', 'false']);

export const listActivitiesQuery = z.object({
  ownerId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  companyId: z.uuid().optional(),
  dealId: z.uuid().optional(),
  /** One type or several separated by commas: `call,meeting`. */
  type: z
    .string()
    .regex(/^(call|meeting|visit|exhibition|email|letter|task)(,(call|meeting|visit|exhibition|email|letter|task))*$/)
    .optional(),
  done: boolString.optional(),
  overdue: boolString.optional(),
  /** Window on dueAt: from inclusive, to exclusive. */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
  deleted: boolString.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListActivitiesQuery = z.infer<typeof listActivitiesQuery>;

export const activityListResponse = z.object({ items: z.array(activitySchema), nextCursor: z.string().nullable() });

export const calendarQuery = z.object({
  from: isoDateTime,
  to: isoDateTime,
  userId: z.uuid().optional(),
});

export const agendaQuery = z.object({
  userId: z.uuid().optional(),
  days: z.coerce.number().int().min(1).max(60).default(7),
  /** How many overdue ones to list (0: only their count, the page loads them on demand from /agenda/overdue). */
  overdueLimit: z.coerce.number().int().min(0).max(50).default(50),
  /** How many upcoming ones to list; the rest page on from /agenda/upcoming with upcomingNextCursor. */
  upcomingLimit: z.coerce.number().int().min(1).max(200).default(200),
});

/** An activity of the agenda with its linked records named for the viewer (hidden when they may not open one). */
export const agendaItemSchema = activitySchema.extend({
  contact: linkedRecordSchema.nullable(),
  company: linkedRecordSchema.nullable(),
  deal: linkedRecordSchema.nullable(),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const agendaResponse = z.object({
  userId: z.uuid(),
  timeZone: z.string(),
  now: z.string(),
  /** Bounds of the agenda owner's local day, in UTC. */
  todayStart: z.string(),
  todayEnd: z.string(),
  upcomingEnd: z.string(),
  /** Most recent first; at most overdueLimit (50) are listed, overdueTotal counts them all. */
  overdue: z.array(agendaItemSchema),
  overdueTotal: int32(),
  /** The next page of overdue ones (GET /agenda/overdue?cursor=), null when all are listed. */
  overdueNextCursor: z.string().nullable(),
  /** The rest of the local day (done ones too), in time order, at most 200. */
  today: z.array(agendaItemSchema),
  /** Undone, in the `days` local days after today, in time order, at most upcomingLimit. */
  upcoming: z.array(agendaItemSchema),
  /** The next page of upcoming ones (GET /agenda/upcoming?cursor=), null when all are listed. */
  upcomingNextCursor: z.string().nullable(),
});
export type Agenda = z.infer<typeof agendaResponse>;

/** A page of one agenda section: overdue (most recent first) or upcoming within `days` (in time order). */
export const agendaSectionQuery = z.object({
  userId: z.uuid().optional(),
  days: z.coerce.number().int().min(1).max(60).default(7),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AgendaSectionQuery = z.infer<typeof agendaSectionQuery>;
export const agendaSectionResponse = z.object({ items: z.array(agendaItemSchema), nextCursor: z.string().nullable() });
export type AgendaSection = z.infer<typeof agendaSectionResponse>;

export const reminderSchema = z.object({
  id: z.uuid(),
  subject: z.string(),
  dueAt: z.string(),
  type: activityTypeSchema,
  contactId: z.uuid().nullable(),
  dealId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
});
export type Reminder = z.infer<typeof reminderSchema>;

export const remindersDueQuery = z.object({
  /** Return reminders fired after this instant (pass the previous answer's `now`); default: the last minute. */
  since: isoDateTime.optional(),
});
export const remindersDueResponse = z.object({ items: z.array(reminderSchema), now: z.string() });
