import { z } from 'zod';
import { int32 } from './common.js';

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional();

export const tagsSchema = z.array(text(50).min(1)).max(50);

/**
 * Classification and notes that every counterparty (company, contact) accepts in its create and
 * update bodies; spread at the end of the entity's own fields so the documented field order stays.
 */
export const recordInputFields = {
  segment: optText(100),
  source: optText(100),
  tags: tagsSchema.optional(),
  ownerId: z.uuid().optional(),
  notes: optText(20000),
};

/** The same fields as a counterparty returns them, with its owner's name and the bookkeeping columns. */
export const recordOutputFields = {
  segment: z.string().nullable(),
  source: z.string().nullable(),
  tags: z.array(z.string()),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  notes: z.string().nullable(),
  version: int32(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
};

/**
 * A linked record as the viewer may see it. A record the viewer may not open (another manager's
 * company on their deal, a colleague's meeting on a shared contact's timeline) is still shown as
 * being there, but hidden: its id, no name, no text. The one shape of "hidden" in every response.
 */
export const linkedRecordSchema = z.object({ id: z.uuid(), name: z.string().nullable(), hidden: z.boolean() });
export type LinkedRecord = z.infer<typeof linkedRecordSchema>;

/** The link to `id` given the name the viewer may read (null/undefined when they may not). */
export function linkedRecord(id: string, visibleName: string | null | undefined): LinkedRecord {
  return visibleName === null || visibleName === undefined ? { id, name: null, hidden: true } : { id, name: visibleName, hidden: false };
}

/** The same for an optional link (`companyId` may be null): null when there is no link at all. */
export function optionalLink(id: string | null, visibleName: string | null | undefined): LinkedRecord | null {
  return id ? linkedRecord(id, visibleName) : null;
}

/** At most this many records change in one bulk action (one transaction); a wider filter is refused. */
export const BULK_MAX = 5000;
export const bulkActions = ['assign', 'addTag', 'removeTag', 'setSegment', 'delete', 'restore'] as const;
export type BulkAction = (typeof bulkActions)[number];

/** The list's filters, as the list takes them, selecting "everything matching" on the server. */
export const bulkFilterSchema = z.strictObject({
  q: text(200).optional(),
  ownerId: z.uuid().optional(),
  tag: text(50).min(1).optional(),
  segment: text(100).min(1).optional(),
  deleted: z.boolean().optional(),
  /** Contacts only: members of this company. */
  companyId: z.uuid().optional(),
});

/**
 * `POST /<kind>/bulk`: one action over the records with these ids, or over every record the list
 * would show for `filter` (chosen by the server, never a list the client sends for "all").
 */
export const bulkBody = z
  .strictObject({
    action: z.enum(bulkActions),
    ids: z.array(z.uuid()).min(1).max(BULK_MAX).optional(),
    filter: bulkFilterSchema.optional(),
    /** assign: the new owner. */
    ownerId: z.uuid().optional(),
    /** addTag, removeTag: the tag (matched case-insensitively). */
    tag: text(50).min(1).optional(),
    /** setSegment: the segment, null or empty to clear it. */
    segment: text(100).nullable().optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.ids === !b.filter) ctx.addIssue({ code: 'custom', path: ['ids'], params: { code: 'records.rules.bulkSelection' } });
    if (b.action === 'assign' && !b.ownerId) ctx.addIssue({ code: 'custom', path: ['ownerId'], params: { code: 'validation.required' } });
    if ((b.action === 'addTag' || b.action === 'removeTag') && !b.tag)
      ctx.addIssue({ code: 'custom', path: ['tag'], params: { code: 'validation.required' } });
    if (b.action === 'setSegment' && b.segment === undefined)
      ctx.addIssue({ code: 'custom', path: ['segment'], params: { code: 'validation.required' } });
  });
export type BulkBody = z.infer<typeof bulkBody>;

export const bulkResultSchema = z.object({
  action: z.enum(bulkActions),
  /** Records selected that the caller may see. */
  matched: int32(),
  /** Records changed (audited one by one). */
  changed: int32(),
  /** Selected but left as they were: already so, or not the caller's to change. */
  skipped: int32(),
  /** Ids of the changed records (an undo of a delete restores exactly these). */
  ids: z.array(z.uuid()),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

export const facetsQuery = z.object({ q: text(50).default('') });
const facetSchema = z.object({ value: z.string(), count: int32() });
/** Tags and segments in use, most used first: the list filters' suggestions. */
export const facetsSchema = z.object({ tags: z.array(facetSchema), segments: z.array(facetSchema) });

/** How many records the list shows for its filters; `capped` when there are more than `total`. */
export const listCountSchema = z.object({ total: int32(), capped: z.boolean() });
export const LIST_COUNT_CAP = 100000;
