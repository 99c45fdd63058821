import { defineErrors } from '../../platform/errors.js';

/** Errors of list exports (messages in contracts/i18n/exports.ts). */
export const ExportErrors = defineErrors('exports', {
  EXPORT_NOT_FOUND: { status: 404 },
  EXPORT_NOT_READY: { status: 409 },
  EXPORT_FAILED: { status: 409 },
});
