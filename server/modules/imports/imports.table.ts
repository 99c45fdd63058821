import type { ColumnType, Generated } from 'kysely';
import type { Json } from '../../platform/platform.table.js';

export type ImportEntity = 'companies' | 'contacts' | 'deals' | 'activities';
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type DuplicateMode = 'skip' | 'update' | 'create';

/** What the job needs besides the mapping: the chosen sheet, the pipeline for deal stages, notes. */
export type ImportOptions = {
  pipelineId?: string | null;
  /** Deal stages as the file writes them -> stage ids of the workspace's pipelines. */
  stageMapping?: Record<string, string>;
  /** Columns nobody mapped go into the record's notes as "Column: value". */
  unmappedToNotes?: boolean;
  /** How the importer was signed in when they started it (the audit entries say so). */
  via?: 'session' | 'api_token';
};

/** One import: the file as uploaded (in the row, so every instance can resume it) and its progress. */
export interface ImportsTable {
  id: Generated<string>;
  workspace_id: string;
  user_id: string;
  entity: ImportEntity;
  preset: string | null;
  file_name: string;
  file_sha256: string;
  file: Buffer;
  format: 'csv' | 'xlsx' | 'vcf';
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  columns: Json<string[]>;
  mapping: Json<Record<string, string>>;
  options: Json<ImportOptions>;
  duplicates: DuplicateMode;
  dry_run: boolean;
  language: string;
  status: Generated<ImportStatus>;
  cancel_requested: Generated<boolean>;
  runner: string | null;
  heartbeat_at: Date | null;
  total: Generated<number>;
  /** Data rows whose outcome is committed: a resumed job starts after them. */
  processed: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  skipped: Generated<number>;
  rejected: Generated<number>;
  warnings: Generated<number>;
  linked_created: Generated<number>;
  failure: string | null;
  undo_status: 'queued' | 'running' | 'done' | null;
  undo_reverted: Generated<number>;
  undo_kept: Generated<number>;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface ImportIssuesTable {
  id: Generated<string>;
  import_id: string;
  /** The data row, counting from 1 after the header. */
  row_no: number;
  level: 'error' | 'warning';
  column: string | null;
  field: string | null;
  code: string;
  params: Json<Record<string, unknown>>;
  /** The row as it was in the file (rejected rows only), for the download. */
  values: ColumnType<string[] | null, string | null, string | null>;
}

export interface ImportRecordsTable {
  import_id: string;
  entity: string;
  entity_id: string;
  action: 'created' | 'updated';
  row_no: number;
  /** The record's version right after the import wrote it: undo leaves it alone if it moved on. */
  version: number;
  /** For updates: the fields the import changed, as they were before (API names). */
  before: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export interface ImportsTables {
  imports: ImportsTable;
  import_issues: ImportIssuesTable;
  import_records: ImportRecordsTable;
}
