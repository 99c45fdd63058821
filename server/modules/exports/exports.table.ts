import type { ColumnType, Generated } from 'kysely';
import type { ExportEntity, ExportFormat } from '../../../contracts/exports.js';
import type { Json } from '../../platform/platform.table.js';

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportsTable {
  id: Generated<string>;
  workspace_id: string;
  user_id: string;
  entity: ExportEntity;
  format: ExportFormat;
  query: Json<Record<string, unknown>>;
  status: Generated<ExportStatus>;
  total: Generated<number>;
  processed: Generated<number>;
  file_name: string;
  content_type: string;
  size: ColumnType<string | null, number | null | undefined, number | null>;
  error: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
  expires_at: Date;
}

export interface ExportChunksTable {
  export_id: string;
  seq: number;
  bytes: Buffer;
}

export interface ExportsTables {
  exports: ExportsTable;
  export_chunks: ExportChunksTable;
}
