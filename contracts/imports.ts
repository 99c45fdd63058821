import { z } from 'zod';

export const importEntities = ['companies', 'contacts', 'deals', 'activities'] as const;
export const importPresets = ['amocrm', 'bitrix24', 'hubspot', 'pipedrive'] as const;
export const duplicateModes = ['skip', 'update', 'create'] as const;
export const importStatuses = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const importEncodings = ['utf-8', 'utf-16le', 'utf-16be', 'cp1251', 'cp866'] as const;
export const importDelimiters = [',', ';', '\t'] as const;
/** Largest file an import takes (a CSV of a few hundred thousand rows). */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;
/** Rows per committed batch: the unit of progress, of resuming and of cancelling. */
export const IMPORT_BATCH_ROWS = 1000;

const field = z.string().max(40);
/** Column header -> field (an empty field leaves the column out). */
export const importMappingSchema = z
  .record(z.string().max(300), z.union([field, z.literal('')]))
  .refine((m) => Object.keys(m).length <= 500);

/** The multipart fields of POST /imports and /imports/preview besides `file`, as strings. */
export const importFormSchema = z.object({
  entity: z.enum(importEntities),
  preset: z.enum(importPresets).optional(),
  mapping: z.string().max(100_000).optional(),
  dryRun: z.enum(['true', 'false']).optional(),
  duplicates: z.enum(duplicateModes).optional(),
  encoding: z.enum(importEncodings).optional(),
  delimiter: z.enum(importDelimiters).optional(),
  sheet: z.string().max(100).optional(),
  /** Deals: the pipeline rows without a pipeline of their own go to (else the default one). */
  pipelineId: z.uuid().optional(),
  /** Deals: JSON of the stage as the file writes it -> a stage id of the workspace's pipelines. */
  stageMapping: z.string().max(100_000).optional(),
  unmappedToNotes: z.enum(['true', 'false']).optional(),
});
export type ImportForm = z.infer<typeof importFormSchema>;

export const importIssueSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const importSchema = z.object({
  id: z.uuid(),
  status: z.enum(importStatuses),
  entity: z.enum(importEntities),
  preset: z.enum(importPresets).nullable(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx', 'vcf']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  dryRun: z.boolean(),
  duplicates: z.enum(duplicateModes),
  mapping: z.record(z.string(), z.string()),
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  warningCount: z.number().int(),
  /** Records made besides the rows' own: the companies of imported contacts. */
  linkedCreated: z.number().int(),
  /** The first page of rejected rows' problems. */
  errors: z.array(importIssueSchema),
  /** The first page of warnings (phones kept in notes, duplicates skipped). */
  warnings: z.array(importIssueSchema),
  /** Why a failed import stopped, in the caller's language. */
  failure: z.string().nullable(),
  undo: z.object({ status: z.enum(['queued', 'running', 'done']), reverted: z.number().int(), kept: z.number().int() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Import = z.infer<typeof importSchema>;

export const importCreatedSchema = z.object({ id: z.uuid(), status: z.enum(importStatuses) });

export const importListSchema = z.object({ items: z.array(importSchema.omit({ errors: true, warnings: true })) });

export const importFieldSchema = z.object({ field: z.string(), label: z.string(), multiple: z.boolean() });

/** What the web shows before an import: how the file was read, its first rows and the proposed mapping. */
export const importPreviewSchema = z.object({
  format: z.enum(['csv', 'xlsx', 'vcf']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  total: z.number().int(),
  mapping: z.record(z.string(), z.string()),
  /** Whether `mapping` is the one this user chose last time for these columns. */
  savedMapping: z.boolean(),
  fields: z.array(importFieldSchema),
  /**
   * Deals: the distinct values of each column (up to 200 per column, columns with at most that
   * many), so the stage mapping step can list the file's stages whichever column holds them.
   */
  values: z.record(z.string(), z.array(z.string())),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const rejectedQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });
