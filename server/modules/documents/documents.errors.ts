import { defineErrors } from '../../platform/errors.js';

/** Errors of documents (messages in contracts/i18n/documents.ts); a read-only record is PlatformErrors.RECORD_READ_ONLY. */
export const DocumentErrors = defineErrors('documents', {
  DOCUMENT_NOT_FOUND: { status: 404 },
  DOCUMENT_VERSION_NOT_FOUND: { status: 404 },
  DOCUMENT_TOO_LARGE: { status: 413 },
});

/** Field rule codes (dotted: translated from the documents catalogue, not `validation.*`). */
export const DocumentFieldCodes = {
  typeNotAllowed: 'documents.rules.typeNotAllowed',
  empty: 'documents.rules.empty',
  tooLarge: 'documents.rules.tooLarge',
  fileRequired: 'documents.rules.fileRequired',
  badName: 'documents.rules.badName',
  unknownEntity: 'documents.rules.unknownEntity',
  recordNotFound: 'documents.rules.recordNotFound',
  lastLink: 'documents.rules.lastLink',
  notMultipart: 'documents.rules.notMultipart',
} as const;
