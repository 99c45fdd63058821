import { searchEmailsValue, searchPhonesValue } from '../server/platform/search/index.js';
import type { Email, Phone } from '../server/modules/companies/companies.table.js';

/**
 * The search columns of a contact or company, computed by the very functions the app uses when it
 * saves one, so the loaded rows are found exactly as rows created through the API would be.
 */
export function searchFields(phones: Phone[], emails: Email[]) {
  return { phones: searchPhonesValue(phones), emails: searchEmailsValue(emails) };
}
