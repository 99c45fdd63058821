/** Stable error codes of documents (messages in contracts/i18n/documents.ts). */
export const DocumentErrors = {
  notFound: 'DOCUMENT_NOT_FOUND',
  versionNotFound: 'DOCUMENT_VERSION_NOT_FOUND',
  tooLarge: 'DOCUMENT_TOO_LARGE',
  readOnly: 'RECORD_READ_ONLY',
} as const;

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
