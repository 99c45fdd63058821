import { z } from 'zod';

export const searchMatches = ['name', 'phone', 'email', 'inn', 'eik'] as const;

export const searchQuery = z.object({
  q: z.string().trim().max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const searchItemSchema = z.object({
  /** The kind of record: its page is the registry's web path of that kind. */
  type: z.enum(['contact', 'company', 'deal']),
  id: z.uuid(),
  title: z.string(),
  subtitle: z.string().nullable(),
  /** What the query matched: the name, a phone, an email, the INN or the EIK. */
  matched: z.enum(searchMatches),
});
export type SearchItem = z.infer<typeof searchItemSchema>;
export const searchResultSchema = z.object({ items: z.array(searchItemSchema) });
