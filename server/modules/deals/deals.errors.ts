import { defineErrors } from '../../platform/errors.js';

/** Errors of deals (messages in contracts/i18n/sales.ts). */
export const DealErrors = defineErrors('deals', {
  DEAL_NOT_FOUND: { status: 404 },
  DEAL_NOT_OPEN: { status: 409 },
  DEAL_NOT_CLOSED: { status: 409 },
  DEAL_CLOSE_INVALID: { status: 422 },
});
