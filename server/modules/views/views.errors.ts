import { defineErrors } from '../../platform/errors.js';

/** Errors of the saved views (messages in contracts/i18n/views.ts). */
export const ViewErrors = defineErrors('views', {
  VIEW_NOT_FOUND: { status: 404 },
  VIEW_READ_ONLY: { status: 403 },
  VIEW_SHARE_FORBIDDEN: { status: 403 },
});
