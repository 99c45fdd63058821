import { defineErrors } from '../../platform/errors.js';

/** Errors of bank statements and their queue (messages in contracts/i18n/bank-statements.ts). */
export const StatementErrors = defineErrors('bank-statements', {
  BANK_STATEMENT_NOT_FOUND: { status: 404 },
  STATEMENT_DOCUMENT_NOT_FOUND: { status: 404 },
  STATEMENT_DOCUMENT_RESOLVED: { status: 409 },
  /** The file breaks the format: the line and key are in the message and in the `file` field. */
  STATEMENT_MALFORMED: { status: 422 },
  STATEMENT_TOO_LARGE: { status: 413 },
});

/** Field rule codes (dotted: translated from the bank-statements catalogue). */
export const StatementRules = {
  fileRequired: 'bankStatements.rules.fileRequired',
  notMultipart: 'bankStatements.rules.notMultipart',
  holdPosition: 'bankStatements.rules.holdPosition',
  companyRequired: 'bankStatements.rules.companyRequired',
} as const;
