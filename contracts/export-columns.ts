// What the list exports offer, without zod: the web imports these at run time (the column choice),
// the API's query schemas (contracts/exports.ts) build on them.

export const exportEntities = ['contacts', 'companies', 'deals', 'activities'] as const;
export type ExportEntity = (typeof exportEntities)[number];

/** The columns each list can export, in their default order; headers are `exports.columns.<entity>.<key>`. */
export const exportColumns = {
  contacts: [
    'fullName',
    'lastName',
    'firstName',
    'middleName',
    'company',
    'position',
    'phones',
    'emails',
    'addresses',
    'birthday',
    'country',
    'segment',
    'source',
    'tags',
    'owner',
    'createdAt',
    'updatedAt',
  ],
  companies: [
    'name',
    'legalForm',
    'inn',
    'kpp',
    'ogrn',
    'eik',
    'vatNumber',
    'iban',
    'country',
    'industry',
    'phones',
    'emails',
    'addresses',
    'website',
    'segment',
    'source',
    'tags',
    'owner',
    'createdAt',
    'updatedAt',
  ],
  deals: [
    'title',
    'company',
    'pipeline',
    'stage',
    'status',
    'amount',
    'currency',
    'probability',
    'weightedAmount',
    'expectedCloseDate',
    'wonAmount',
    'wonDate',
    'closedAt',
    'owner',
    'createdAt',
    'updatedAt',
  ],
  activities: [
    'type',
    'subject',
    'dueAt',
    'durationMinutes',
    'done',
    'doneAt',
    'outcome',
    'notes',
    'contact',
    'company',
    'deal',
    'owner',
    'createdAt',
  ],
} as const satisfies Record<ExportEntity, readonly string[]>;
export type ExportColumn<E extends ExportEntity> = (typeof exportColumns)[E][number];

export const exportFormats = ['csv', 'xlsx', 'vcf'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const csvEncodings = ['utf-8', 'cp1251'] as const;
export const csvDelimiters = ['comma', 'semicolon', 'tab'] as const;
