import { defineErrors } from '../../platform/errors.js';

/** Errors of document templates (messages in contracts/i18n/templates.ts). */
export const TemplateErrors = defineErrors('templates', {
  TEMPLATE_NOT_FOUND: { status: 404 },
  TEMPLATE_INVALID: { status: 422 },
  TEMPLATE_TOO_LARGE: { status: 413 },
  TEMPLATE_PDF_UNAVAILABLE: { status: 409 },
  TEMPLATE_PDF_FAILED: { status: 422 },
});
