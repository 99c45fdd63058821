import { defineErrors } from '../../platform/errors.js';

/** Errors of the credit hold (messages in contracts/i18n/contracts.ts). */
export const CreditErrors = defineErrors('credit', {
  CREDIT_HOLD: { status: 409 },
});
