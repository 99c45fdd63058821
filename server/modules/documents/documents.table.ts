import type { Generated } from 'kysely';

export type DocumentStorageKind = 'database' | 'filesystem';

export interface DocumentsTable {
  id: Generated<string>;
  workspace_id: string;
  current_version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface DocumentVersionsTable {
  document_id: string;
  version: number;
  workspace_id: string;
  name: string;
  mime_type: string;
  /** bigint: pg hands it back as a string. */
  size: string | number;
  sha256: string;
  storage: DocumentStorageKind;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface DocumentContentsTable {
  workspace_id: string;
  sha256: string;
  bytes: Buffer;
  created_at: Generated<Date>;
}

export interface DocumentLinksTable {
  document_id: string;
  workspace_id: string;
  entity: string;
  entity_id: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface DocumentsTables {
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  document_contents: DocumentContentsTable;
  document_links: DocumentLinksTable;
}
