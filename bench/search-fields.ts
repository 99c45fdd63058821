import type { Email, Phone } from '../server/modules/companies/companies.table.js';

// PROVISIONAL until the contacts module lands; must mirror how the app fills these columns.
export function contactSearchFields(phones: Phone[], emails: Email[]) {
  return { phones: phones.map((p) => p.number.replace(/\D/g, '')).join(' '), emails: emails.map((e) => e.address.toLowerCase()).join(' ') };
}
export const companySearchFields = contactSearchFields;
