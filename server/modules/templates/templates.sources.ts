// Where document data comes from. Templates sit in the core layer and cannot read deals or
// invoices; each work module registers a source for its kind of record at composition (app.ts),
// and the source builds the model only for a record the caller may open (404 otherwise).
import type { DocumentEntity, DocumentLanguage, DocumentModel } from '../../../contracts/templates.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';

/** What the templates module hands a source: our legal entity, already loaded, and the language. */
export type DocumentSourceOptions = { entity: DocumentEntity; language: DocumentLanguage };

/** Builds the model of one record for the caller; throws the record's 404 when they may not open it. */
export type DocumentSource = (db: Db, user: AuthUser, id: string, opts: DocumentSourceOptions) => Promise<DocumentModel>;

const sources = new Map<string, DocumentSource>();

/** Registers (or replaces) the source of a record kind (`deal`, `invoice`). */
export function registerDocumentSource(kind: string, source: DocumentSource): void {
  sources.set(kind, source);
}

export function findDocumentSource(kind: string): DocumentSource | undefined {
  return sources.get(kind);
}

export function documentSourceKinds(): string[] {
  return [...sources.keys()];
}
