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
