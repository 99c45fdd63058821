import type { z } from 'zod';
import type { Contact, contactListQuery } from '../../../contracts/contacts.js';
import type { AuthUser } from '../../platform/auth.js';
import type { BulkSelection } from '../../platform/bulk.js';
import type { Db } from '../../platform/database.js';
import { sortSpec } from '../../platform/records.js';
import {
  accessScope,
  normalizePhone,
  phoneShown,
  searchEmailsValue,
  searchPhonesValue,
  workspaceRegion,
  type SearchHit,
  type SearchRequest,
} from '../../platform/search/index.js';
import { companyNames, textQuery } from '../companies/index.js';
import { ContactErrors } from './contacts.errors.js';
import * as repo from './contacts.repository.js';
import { toContact, toListItem } from './contacts.view.js';

type ContactListQuery = z.infer<typeof contactListQuery>;

// Reads of contacts: one record, owners for other modules, the list, search by text and by
// phone, and names for other modules.

/** The contact row the caller may see (404 otherwise); `opts` for the bin, locks and read-backs. */
export async function getRow(db: Db, user: AuthUser, id: string, opts: repo.FindOptions = {}) {
  const row = await repo.findVisibleContact(db, user, id, opts);
  if (!row) throw ContactErrors.CONTACT_NOT_FOUND();
  return row;
}

/** A contact row with its companies and links, as the API object. */
export async function load(db: Db, user: AuthUser, row: repo.ContactRow): Promise<Contact> {
  const [ms, ls] = await Promise.all([repo.memberships(db, user, row.id), repo.links(db, user, row.id)]);
  return toContact(row, ms, ls);
}

/** A contact the caller may see, with companies and links; 404 otherwise (also when deleted). */
export async function getContact(db: Db, user: AuthUser, id: string): Promise<Contact> {
  return load(db, user, await getRow(db, user, id));
}

/** Whether the caller may see the contact (deleted ones too): the audit endpoint's check. */
export async function canSeeContact(db: Db, user: AuthUser, id: string): Promise<boolean> {
  return Boolean(await repo.findVisibleContact(db, user, id, { deleted: 'any' }));
}

/** The owner of a contact the caller may see (undefined when it may not). */
export async function getContactOwner(db: Db, user: AuthUser, id: string): Promise<string | null | undefined> {
  const row = await repo.findVisibleContact(db, user, id);
  return row ? row.owner_id : undefined;
}

/** The list's filters as SQL (null: the text matches nothing), shared by the list, its export and count. */
async function listFilters(
  db: Db,
  user: AuthUser,
  query: Pick<ContactListQuery, 'q' | 'tag' | 'segment' | 'companyId' | 'ownerId' | 'deleted'>,
) {
  const filters = repo.contactListFilters(query);
  if (query.q && query.q.trim()) {
    const f = repo.contactTextFilter(await textQuery(db, user.workspaceId, query.q.trim()));
    if (!f) return null;
    filters.push(f);
  }
  return { user, filters, ownerId: query.ownerId, deleted: query.deleted ?? false, selective: Boolean(query.q?.trim() || query.companyId) };
}

async function pageQuery(db: Db, user: AuthUser, query: ContactListQuery) {
  const base = await listFilters(db, user, query);
  if (!base) return null;
  return { ...base, scope: await accessScope(db, user), sort: sortSpec(query.sort, query.order), cursor: query.cursor, limit: query.limit };
}

/** A page of the list (same filters, sort, keyset and access) in rows with the export's columns. */
/** What a bulk action's `filter` selects: exactly what the list shows for the same filters. */
export async function bulkSelection(
  db: Db,
  user: AuthUser,
  filter: Pick<ContactListQuery, 'q' | 'tag' | 'segment' | 'companyId' | 'ownerId' | 'deleted'>,
): Promise<BulkSelection> {
  const base = await listFilters(db, user, filter);
  return base ? { filters: base.filters, ownerId: base.ownerId, deleted: base.deleted } : { none: true };
}

export async function exportContactsPage(db: Db, user: AuthUser, query: ContactListQuery) {
  const p = await pageQuery(db, user, query);
  return p ? repo.exportContactRows(db, p) : { rows: [], nextCursor: null };
}

/** How many contacts the list would show for this query, counting at most `cap`. */
export async function countContacts(db: Db, user: AuthUser, query: ContactListQuery, cap: number): Promise<number> {
  const base = await listFilters(db, user, query);
  return base ? repo.countContactRows(db, base, cap) : 0;
}

export async function listContacts(db: Db, user: AuthUser, query: ContactListQuery) {
  const p = await pageQuery(db, user, query);
  if (!p) return { items: [], nextCursor: null };
  const page = await repo.listContactRows(db, p);
  const ownerIds = [...new Set(page.rows.map((r) => r.owner_id).filter((x): x is string => Boolean(x)))];
  const companyIds = [...new Set(page.rows.map((r) => r.company_id).filter((x): x is string => Boolean(x)))];
  const [owners, companies] = await Promise.all([repo.userNames(db, ownerIds), companyNames(db, user, companyIds)]);
  const ownerName = new Map(owners.map((o) => [o.id, o.name]));
  const items = page.rows.map((r) =>
    toListItem(r, r.company_id ? (companies.get(r.company_id) ?? null) : null, r.owner_id ? (ownerName.get(r.owner_id) ?? null) : null),
  );
  return { items, nextCursor: page.nextCursor };
}

/** The search columns as the app fills them (bulk loaders must write the same). */
export function contactSearchFields(phones: { number: string }[], emails: { address: string }[]) {
  return { phones: searchPhonesValue(phones), emails: searchEmailsValue(emails) };
}

/** Global search provider for contacts. */
export async function searchContacts(db: Db, req: SearchRequest): Promise<SearchHit[]> {
  const rows = await repo.searchContactRows(db, req);
  return rows.map((r) => {
    let subtitle: string | null;
    if (r.matched === 'phone')
      subtitle = phoneShown(r.phones.find((p) => req.phoneDigits!.some((d) => p.number.replace(/\D/g, '').includes(d)))?.number);
    else if (r.matched === 'email') subtitle = r.emails.find((e) => e.address.toLowerCase().includes(req.email!))?.address ?? null;
    else subtitle = [r.position, r.company_name].filter(Boolean).join(', ') || null;
    return { type: 'contact' as const, id: r.id, title: r.full_name, subtitle, matched: r.matched, rank: r.rank };
  });
}

/** Contacts whose phones include this number (E.164 or any format): for matching calls (T1). */
export async function findContactsByPhone(
  db: Db,
  workspaceId: string,
  phone: string,
): Promise<{ id: string; ownerId: string | null; fullName: string; companyId: string | null }[]> {
  const e164 = normalizePhone(phone, await workspaceRegion(db, workspaceId));
  const digits = (e164 ?? phone).replace(/\D/g, '');
  if (digits.length < 5) return [];
  const rows = await repo.contactsWithPhoneDigits(db, workspaceId, digits);
  return rows.map((x) => ({ id: x.id, ownerId: x.owner_id, fullName: x.full_name, companyId: x.company_id }));
}

/** Display names of the contacts among `ids` the caller sees (for other modules' lists). */
export async function contactNames(db: Db, user: AuthUser, ids: string[]): Promise<Map<string, string>> {
  const rows = await repo.visibleContactNames(db, user, ids);
  return new Map(rows.map((r) => [r.id, r.full_name]));
}
