import { z } from 'zod';
import { listActivitiesQuery } from './activities.js';
import { companyListQuery } from './companies.js';
import { contactListQuery } from './contacts.js';
import { listDealsQuery } from './deals.js';
import {
  csvDelimiters,
  csvEncodings,
  exportColumns,
  exportEntities,
  exportFormats,
  type ExportColumn,
  type ExportEntity,
  type ExportFormat,
} from './export-columns.js';

export * from './export-columns.js';

/** `columns=fullName,phones`: a comma-separated choice among the entity's columns, in the order given. */
const columnsParam = <E extends ExportEntity>(entity: E) =>
  z
    .string()
    .max(2000)
    .transform((s) => s.split(',').map((c) => c.trim()))
    .pipe(
      z
        .array(z.enum(exportColumns[entity] as unknown as [ExportColumn<E>, ...ExportColumn<E>[]]))
        .min(1)
        .max(exportColumns[entity].length),
    );

const exportFields = <E extends ExportEntity>(entity: E, formats: readonly [ExportFormat, ...ExportFormat[]]) => ({
  format: z.enum(formats).default('csv'),
  columns: columnsParam(entity).optional(),
  /** CSV only: UTF-8 with a BOM (Excel opens it right) or Windows-1251 for older spreadsheet programs. */
  encoding: z.enum(csvEncodings).default('utf-8'),
  /** CSV only: the default follows the language (semicolon for ru and bg, whose Excel expects it; comma for en). */
  delimiter: z.enum(csvDelimiters).optional(),
});

const noPaging = { cursor: true, limit: true } as const;

/** The list's own filters and sort, minus paging, plus what the file looks like. */
export const contactExportQuery = contactListQuery.omit(noPaging).extend(exportFields('contacts', ['csv', 'xlsx', 'vcf']));
export const companyExportQuery = companyListQuery.omit(noPaging).extend(exportFields('companies', ['csv', 'xlsx']));
export const dealExportQuery = listDealsQuery.omit(noPaging).extend(exportFields('deals', ['csv', 'xlsx']));
export const activityExportQuery = listActivitiesQuery.omit(noPaging).extend(exportFields('activities', ['csv', 'xlsx']));
export type ContactExportQuery = z.infer<typeof contactExportQuery>;
export type CompanyExportQuery = z.infer<typeof companyExportQuery>;
export type DealExportQuery = z.infer<typeof dealExportQuery>;
export type ActivityExportQuery = z.infer<typeof activityExportQuery>;

export const exportStatuses = ['queued', 'running', 'done', 'failed'] as const;

/** An export too large to stream in the request: made by a job, downloaded from `downloadUrl` until it expires. */
export const exportJobSchema = z.object({
  id: z.uuid(),
  entity: z.enum(exportEntities),
  format: z.enum(exportFormats),
  status: z.enum(exportStatuses),
  /** Rows the export will hold (counted when it was asked for). */
  total: z.number().int(),
  processed: z.number().int(),
  fileName: z.string(),
  /** Bytes of the finished file. */
  size: z.number().int().nullable(),
  /** The file's address while it is kept (status done). */
  downloadUrl: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string(),
});
export type ExportJob = z.infer<typeof exportJobSchema>;
