// The lists' columns and saved-view lists, without zod: the web imports these at run time (the
// column chooser), the API's schemas (contracts/views.ts) build on them.

export const viewLists = ['contacts', 'companies', 'deals'] as const;
export type ViewList = (typeof viewLists)[number];

/** The columns each list can show, in their default order; a view or preference names only these. */
export const listColumns = {
  contacts: [
    'name',
    'company',
    'position',
    'phone',
    'email',
    'tags',
    'segment',
    'owner',
    'lastContact',
    'nextActivity',
    'createdAt',
    'updatedAt',
  ],
  companies: ['name', 'ids', 'segment', 'tags', 'phone', 'email', 'industry', 'owner', 'nextActivity', 'createdAt', 'updatedAt'],
  deals: ['title', 'stage', 'amount', 'weighted', 'owner', 'expectedCloseDate', 'nextStep', 'createdAt', 'updatedAt'],
} as const satisfies Record<ViewList, readonly string[]>;
export type ListColumn<L extends ViewList> = (typeof listColumns)[L][number];

/** The columns shown while a user has chosen none. */
export const defaultColumns: Record<ViewList, readonly string[]> = {
  contacts: ['name', 'company', 'phone', 'email', 'tags', 'owner', 'updatedAt'],
  companies: ['name', 'ids', 'phone', 'segment', 'tags', 'owner', 'updatedAt'],
  deals: ['title', 'stage', 'amount', 'weighted', 'owner', 'expectedCloseDate', 'nextStep', 'updatedAt'],
};
