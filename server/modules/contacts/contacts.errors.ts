import { defineErrors } from '../../platform/errors.js';

/** Errors of contacts (messages in contracts/i18n/counterparties.ts); a duplicate is CompanyErrors.DUPLICATE. */
export const ContactErrors = defineErrors('contacts', {
  CONTACT_NOT_FOUND: { status: 404 },
});
