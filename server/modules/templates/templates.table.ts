import type { Generated } from 'kysely';

/** The company's own DOCX templates, bytes in the row (the backup and every instance see them). */
export interface DocumentTemplatesTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  language: string;
  file_name: string;
  size: number;
  sha256: string;
  bytes: Buffer;
  /** The tags found at upload, for the list. */
  placeholders: string[];
  created_by: string | null;
  created_at: Generated<Date>;
}

/**
 * DOCX -> PDF conversions handed to the job queue: the request that wants the PDF waits for the
 * row to be done (or failed) and deletes it; a job handles it on whichever instance runs jobs.
 */
export interface TemplateConversionsTable {
  id: Generated<string>;
  workspace_id: string;
  status: 'queued' | 'done' | 'failed';
  docx: Buffer;
  pdf: Buffer | null;
  error: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface TemplatesTables {
  document_templates: DocumentTemplatesTable;
  template_conversions: TemplateConversionsTable;
}
