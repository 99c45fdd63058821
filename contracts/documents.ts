import { z } from 'zod';
import { int32 } from './common.js';

const kind = z.string().trim().min(1).max(50);

export const documentLinkSchema = z.object({
  entity: z.string(),
  entityId: z.uuid(),
  /** The linked record's name for the viewer; null with `hidden` when they may not open it. */
  name: z.string().nullable(),
  hidden: z.boolean(),
});

export const documentVersionSchema = z.object({
  version: int32(),
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
});

export const documentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  version: int32(),
  versions: z.array(documentVersionSchema),
  links: z.array(documentLinkSchema),
  /** Whether the caller may add versions, links, or delete it. */
  canEdit: z.boolean(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type DocumentDto = z.infer<typeof documentSchema>;

export const listDocumentsQuery = z.object({
  entity: kind,
  entityId: z.uuid(),
  deleted: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuery>;

export const documentListResponse = z.object({ items: z.array(documentSchema), nextCursor: z.string().nullable() });

export const contentQuery = z.object({ version: z.coerce.number().int().min(1).max(2_147_483_647).optional() });

export const linkBody = z.object({ entity: kind, entityId: z.uuid() });
export type LinkBody = z.infer<typeof linkBody>;
