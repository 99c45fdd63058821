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
