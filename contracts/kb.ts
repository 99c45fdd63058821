import { z } from 'zod';
import { int32, text } from './common.js';
import { roleSchema } from './users.js';

// The knowledge base (issue 8 T3): answers to typical questions, searched by operators during a call.

export const kbLanguages = ['ru', 'bg', 'en'] as const;
export const kbLanguageSchema = z.enum(kbLanguages);
export const kbStatuses = ['draft', 'published'] as const;
export const kbStatusSchema = z.enum(kbStatuses);

/** Longest body: a long article is a few thousand words; a book belongs in documents. */
export const KB_BODY_MAX = 100_000;
const TAG = z.string().trim().min(1).max(50);

const userRef = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const kbArticleSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string().meta({ description: 'Markdown; the web renders it without raw HTML' }),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  language: kbLanguageSchema,
  status: kbStatusSchema,
  author: userRef,
  updatedBy: userRef,
  version: int32(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type KbArticle = z.infer<typeof kbArticleSchema>;

export const kbArticleListItemSchema = kbArticleSchema.omit({ body: true });
export const kbArticleListSchema = z.object({ items: z.array(kbArticleListItemSchema), nextCursor: z.string().nullable() });

export const createKbArticleBody = z.object({
  title: text(300).min(1),
  body: z.string().max(KB_BODY_MAX),
  category: text(100).nullable().optional(),
  tags: z
    .array(TAG)
    .max(20)
    .refine((t) => new Set(t.map((x) => x.toLowerCase())).size === t.length, { params: { code: 'kb.duplicateTag' } })
    .optional(),
  language: kbLanguageSchema,
  status: kbStatusSchema.optional(),
});
export type CreateKbArticle = z.infer<typeof createKbArticleBody>;

export const updateKbArticleBody = createKbArticleBody.partial().extend({ version: int32() });
export type UpdateKbArticle = z.infer<typeof updateKbArticleBody>;

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listKbArticlesQuery = z.object({
  category: text(100).optional(),
  language: kbLanguageSchema.optional(),
  tag: TAG.optional(),
  status: kbStatusSchema.optional(),
  deleted: boolQuery.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const kbSearchQuery = z.object({
  q: z.string().trim().max(200),
  category: text(100).optional(),
  language: kbLanguageSchema.optional(),
  tag: TAG.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** A range of a text to mark, in UTF-16 code units as JavaScript strings count them: [start, end). */
export const kbRangeSchema = z.object({ start: int32(), end: int32() });
export type KbRange = z.infer<typeof kbRangeSchema>;
/** Plain text (Markdown taken off) with the ranges that matched: the client marks them, no HTML travels. */
export const kbFragmentSchema = z.object({ text: z.string(), highlights: z.array(kbRangeSchema) });
export type KbFragment = z.infer<typeof kbFragmentSchema>;

export const kbSearchHitSchema = z.object({
  id: z.uuid(),
  title: kbFragmentSchema,
  fragment: kbFragmentSchema,
  category: z.string().nullable(),
  tags: z.array(z.string()),
  language: kbLanguageSchema,
  status: kbStatusSchema,
  updatedAt: z.string(),
});
export type KbSearchHit = z.infer<typeof kbSearchHitSchema>;
export const kbSearchResultSchema = z.object({ items: z.array(kbSearchHitSchema) });

export const kbVersionSchema = z.object({
  version: int32(),
  title: z.string(),
  body: z.string(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  language: kbLanguageSchema,
  status: kbStatusSchema,
  savedBy: userRef,
  savedAt: z.string(),
});
export const kbVersionListSchema = z.object({ items: z.array(kbVersionSchema.omit({ body: true })) });
export const restoreKbVersionBody = z.object({ version: int32().meta({ description: 'The article’s current version' }) });

export const kbCategoriesSchema = z.object({ items: z.array(z.object({ name: z.string(), count: int32() })) });

export const kbSettingsSchema = z.object({ editorRoles: z.array(roleSchema), canEdit: z.boolean() });
export const kbSettingsBody = z.object({ editorRoles: z.array(roleSchema).max(7) });

export const kbSuggestionsQuery = z.object({
  contactId: z.uuid().optional(),
  companyId: z.uuid().optional(),
  ticketId: z.uuid().optional().meta({ description: 'The ticket’s subject and products' }),
  productId: z.union([z.uuid(), z.array(z.uuid()).max(20)]).optional(),
  q: z.string().trim().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export const kbSuggestionSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  category: z.string().nullable(),
  language: kbLanguageSchema,
  /** Why it is offered: the product names and words of the query that it matched. */
  matched: z.array(z.string()),
});
export const kbSuggestionsSchema = z.object({ items: z.array(kbSuggestionSchema) });
export type KbSuggestion = z.infer<typeof kbSuggestionSchema>;
export type KbArticleListItem = z.infer<typeof kbArticleListItemSchema>;
export type KbVersion = z.infer<typeof kbVersionSchema>;
export type KbVersionListItem = z.infer<typeof kbVersionListSchema>['items'][number];
export type KbLanguage = (typeof kbLanguages)[number];
export type KbStatus = (typeof kbStatuses)[number];
