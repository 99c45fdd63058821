import type { Contact, ContactListItem } from '../../../contracts/contacts.js';
import type * as repo from './contacts.repository.js';

// Rows -> API objects: the contact, its list item and the audit snapshot.

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A contact row with its memberships and links as the API object (names hidden where not visible). */
export function toContact(r: repo.ContactRow, ms: repo.MembershipRow[], ls: repo.LinkRow[]): Contact {
  const primary = ms.find((m) => m.company_id === r.company_id);
  return {
    id: r.id,
    firstName: r.first_name,
    middleName: r.middle_name,
    lastName: r.last_name,
    fullName: r.full_name,
    companyId: r.company_id,
    companyName: primary?.visible ? primary.company_name : null,
    position: r.position,
    companies: ms.map((m) => ({
      companyId: m.company_id,
      companyName: m.visible ? m.company_name : null,
      position: m.position,
      isPrimary: m.company_id === r.company_id,
    })),
    country: r.country,
    phones: r.phones,
    emails: r.emails,
    messengers: r.messengers,
    addresses: r.addresses,
    birthday: r.birthday,
    importantDates: r.important_dates,
    preferences: r.preferences,
    links: ls.map((l) => ({ contactId: l.contact_id, contactName: l.contact_name, kind: l.kind, note: l.note })),
    segment: r.segment,
    source: r.source,
    tags: r.tags,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    notes: r.notes,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
  };
}

/** A list row with the names of its company and owner (null where not visible or none). */
export function toListItem(r: repo.ContactPageRow, companyName: string | null, ownerName: string | null): ContactListItem {
  return {
    id: r.id,
    firstName: r.first_name,
    middleName: r.middle_name,
    lastName: r.last_name,
    fullName: r.full_name,
    companyId: r.company_id,
    companyName,
    position: r.position,
    phones: r.phones,
    emails: r.emails,
    segment: r.segment,
    tags: r.tags,
    ownerId: r.owner_id,
    ownerName,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
    lastContactAt: iso(r.last_contact_at),
    nextActivityAt: iso(r.next_activity_at),
  };
}

/** The audit snapshot: the API object without names derived from other records. */
export const snapshot = (c: Contact) => {
  const { ownerName: _o, companyName: _c, ...rest } = c;
  return {
    ...rest,
    companies: c.companies.map(({ companyName: _n, ...m }) => m),
    links: c.links.map(({ contactName: _n, ...l }) => l),
  };
};
