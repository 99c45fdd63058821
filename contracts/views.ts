import { z } from 'zod';
import { companySortValues, listQueryBase } from './companies.js';
import { contactListQuery, contactSortValues } from './contacts.js';
import { dealSorts, listDealsQuery } from './deals.js';
import { text } from './common.js';
import { viewLists, type ViewList } from './list-columns.js';

// Saved views of the lists (issue 9 item 5): a list's filters, sort and columns under a name, a
// user's own or shared by a head of sales with their team; and each user's column choice per list.

export { defaultColumns, listColumns, viewLists, type ListColumn, type ViewList } from './list-columns.js';
export const viewListSchema = z.enum(viewLists);

/**
 * The filters a view may keep, as the list's own query parameters (strings, as in the list's URL),
 * checked by the list's query schema: an unknown key or a malformed value is refused naming it.
 */
export const viewFilterSchemas = {
  contacts: contactListQuery.pick({ q: true, ownerId: true, tag: true, segment: true, deleted: true, companyId: true }).strict(),
  companies: listQueryBase.pick({ q: true, ownerId: true, tag: true, segment: true, deleted: true }).strict(),
  deals: listDealsQuery
    .pick({
      pipelineId: true,
      stageId: true,
      ownerId: true,
      status: true,
      companyId: true,
      contactId: true,
      from: true,
      to: true,
      q: true,
      noNextStep: true,
      rotting: true,
      overdueNextStep: true,
      deleted: true,
    })
    .strict(),
} satisfies Record<ViewList, z.ZodType>;

/** The sorts each list takes (`-field` descending). */
export const viewSorts: Record<ViewList, readonly string[]> = {
  contacts: contactSortValues,
  companies: companySortValues,
  deals: dealSorts,
};

/** At most this many views one user keeps per list. */
export const VIEWS_MAX = 100;

const filtersInput = z
  .record(text(50).min(1), z.string().max(300))
  .refine((f) => Object.keys(f).length <= 30, { params: { code: 'views.rules.tooManyFilters' } });
const columnsInput = z.array(text(50).min(1)).max(30);

export const viewSchema = z.object({
  id: z.uuid(),
  list: viewListSchema,
  name: z.string(),
  filters: z.record(z.string(), z.string()),
  sort: z.string().nullable(),
  columns: z.array(z.string()),
  /** Shared with the team of the head who saved it (team_id set). */
  shared: z.boolean(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  /** The caller saved it. */
  mine: z.boolean(),
  /** The caller may change or delete it (the owner, or an admin). */
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof viewSchema>;
export const viewListResultSchema = z.object({ items: z.array(viewSchema) });

export const listViewsQuery = z.object({ list: viewListSchema.optional() });
/** `list` in the body, or as `?list=` as the list's GET takes it. */
export const createViewQuery = z.object({ list: viewListSchema.optional() });

export const createViewBody = z.strictObject({
  list: viewListSchema.optional(),
  name: text(100).min(1),
  filters: filtersInput.default({}),
  sort: text(50).nullable().optional(),
  columns: columnsInput.default([]),
  shared: z.boolean().default(false),
});
export type CreateViewBody = z.infer<typeof createViewBody>;

export const updateViewBody = z.strictObject({
  name: text(100).min(1).optional(),
  filters: filtersInput.optional(),
  sort: text(50).nullable().optional(),
  columns: columnsInput.optional(),
  shared: z.boolean().optional(),
});
export type UpdateViewBody = z.infer<typeof updateViewBody>;

export const listPreferencesSchema = z.object({ columns: z.array(z.string()) });
export const listPreferencesBody = z.strictObject({ columns: columnsInput.min(1) });
