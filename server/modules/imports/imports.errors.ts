import { defineErrors } from '../../platform/errors.js';

/** Errors of imports (messages in contracts/i18n/imports.ts). */
export const ImportErrors = defineErrors('imports', {
  IMPORT_NOT_FOUND: { status: 404 },
  IMPORT_FILE_UNREADABLE: { status: 422 },
  IMPORT_TOO_LARGE: { status: 413 },
  IMPORT_ALREADY_RUNNING: { status: 409 },
  IMPORT_MAPPING_INVALID: { status: 422 },
  IMPORT_NOT_CANCELLABLE: { status: 409 },
  IMPORT_NOT_UNDOABLE: { status: 409 },
});
