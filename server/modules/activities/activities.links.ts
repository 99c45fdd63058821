import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { invalidFields, type FieldIssue } from '../../platform/errors.js';
import { visibleCompanyIds, visibleContacts, visibleDeals } from '../control/index.js';
import { ActivityFieldCodes } from './activities.errors.js';

/**
 * Every record an activity is linked to must be one the caller can see (a hidden record is
 * "not found" everywhere). Returns the company implied by the deal or the contact, so a call to a
 * person also lands in their company's history.
 */
export async function checkLinks(db: Db, user: AuthUser, l: { contactId: string | null; companyId: string | null; dealId: string | null; participantContactIds: string[] }) {
  const contactIds = [...new Set([...(l.contactId ? [l.contactId] : []), ...l.participantContactIds])];
  const [contacts, companies, deals] = await Promise.all([
    visibleContacts(db, user, contactIds),
    visibleCompanyIds(db, user, l.companyId ? [l.companyId] : []),
    visibleDeals(db, user, l.dealId ? [l.dealId] : []),
  ]);
  const seen = new Map(contacts.map((c) => [c.id, c]));
  const issues: FieldIssue[] = [];
  if (l.contactId && !seen.has(l.contactId)) issues.push({ path: 'contactId', code: ActivityFieldCodes.linkNotFound });
  if (l.companyId && !companies.includes(l.companyId)) issues.push({ path: 'companyId', code: ActivityFieldCodes.linkNotFound });
  if (l.dealId && !deals.length) issues.push({ path: 'dealId', code: ActivityFieldCodes.linkNotFound });
  if (l.participantContactIds.some((id) => !seen.has(id))) issues.push({ path: 'participants', code: ActivityFieldCodes.linkNotFound });
  if (issues.length) throw invalidFields(issues);
  const impliedCompanyId = deals[0]?.company_id ?? (l.contactId ? seen.get(l.contactId)?.company_id : null) ?? null;
  return { impliedCompanyId };
}
