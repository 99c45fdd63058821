import { z } from 'zod';

export const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  /**
   * Only events of these families, comma-separated: a family is an event kind up to its first
   * underscore (`deal` is deal_created, deal_stage, ...; `invoice` is invoice_issued, invoice_payment, ...).
   */
  kinds: z
    .string()
    .regex(/^[a-z]{1,30}(,[a-z]{1,30}){0,19}$/)
    .optional(),
});

/** One event on a contact's or company's timeline; later capabilities add their own kinds. */
export const timelineEventSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  occurredAt: z.string(),
  userId: z.uuid().nullable(),
  userName: z.string().nullable(),
  refEntity: z.string().nullable(),
  refId: z.uuid().nullable(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  /** The referenced record is one the viewer may not open: no body, no details of it in `data`. */
  hidden: z.boolean(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export const timelinePageSchema = z.object({ items: z.array(timelineEventSchema), nextCursor: z.string().nullable() });

export const noteBody = z.object({ text: z.string().trim().min(1).max(20000) });
