import type { z } from 'zod';
import type { Company, companyListQuery } from '../../../contracts/companies.js';
import type { AuthUser } from '../../platform/auth.js';
import type { BulkSelection } from '../../platform/bulk.js';
import type { Db } from '../../platform/database.js';
import { sortSpec } from '../../platform/records.js';
import {
  accessScope,
  normalizePhone,
  phoneShown,
  workspaceRegion,
  searchEmailsValue,
  searchPhonesValue,
  understandQuery,
  type SearchHit,
  type SearchRequest,
} from '../../platform/search/index.js';
import { CompanyErrors } from './companies.errors.js';
import * as repo from './companies.repository.js';
import { toCompany, toListItem } from './companies.view.js';

// Reads of companies: one record, the list, the timeline, global search and names for other modules.

/** The company row the caller may see (404 otherwise); `opts` for the bin, locks and read-backs. */
export async function getRow(db: Db, user: AuthUser, id: string, opts: repo.FindOptions = {}) {
  const row = await repo.findVisibleCompany(db, user, id, opts);
  if (!row) throw CompanyErrors.COMPANY_NOT_FOUND();
  return row;
}

/** A company the caller may see; 404 otherwise (also when deleted). */
export async function getCompany(db: Db, user: AuthUser, id: string): Promise<Company> {
  return toCompany(await getRow(db, user, id));
}

/** Whether the caller may see the company (deleted ones too): the audit endpoint's check. */
export async function canSeeCompany(db: Db, user: AuthUser, id: string): Promise<boolean> {
  return Boolean(await repo.findVisibleCompany(db, user, id, { deleted: 'any' }));
}

/** Understands a free-text `q` of a list the way global search does (name, phone, email, INN/EIK). */
export const textQuery = understandQuery;

type CompanyListQuery = z.infer<typeof companyListQuery>;

/** The list's filters as SQL (null: the text matches nothing), shared by the list, its export and count. */
async function listFilters(db: Db, user: AuthUser, query: Pick<CompanyListQuery, 'q' | 'tag' | 'segment' | 'ownerId' | 'deleted'>) {
  const filters = repo.companyListFilters(query);
  if (query.q && query.q.trim()) {
    const f = repo.companyTextFilter(await textQuery(db, user.workspaceId, query.q.trim()));
    if (!f) return null;
    filters.push(f);
  }
  return { user, filters, ownerId: query.ownerId, deleted: query.deleted ?? false, selective: Boolean(query.q?.trim()) };
}

async function pageQuery(db: Db, user: AuthUser, query: CompanyListQuery) {
  const base = await listFilters(db, user, query);
  if (!base) return null;
  return { ...base, scope: await accessScope(db, user), sort: sortSpec(query.sort, query.order), cursor: query.cursor, limit: query.limit };
}

/** A page of the list (same filters, sort, keyset and access) in rows with the export's columns. */
/** What a bulk action's `filter` selects: exactly what the list shows for the same filters. */
export async function bulkSelection(
  db: Db,
  user: AuthUser,
  filter: Pick<CompanyListQuery, 'q' | 'tag' | 'segment' | 'ownerId' | 'deleted'>,
): Promise<BulkSelection> {
  const base = await listFilters(db, user, filter);
  return base ? { filters: base.filters, ownerId: base.ownerId, deleted: base.deleted } : { none: true };
}

export async function exportCompaniesPage(db: Db, user: AuthUser, query: CompanyListQuery) {
  const p = await pageQuery(db, user, query);
  return p ? repo.exportCompanyRows(db, p) : { rows: [], nextCursor: null };
}

/** How many companies the list would show for this query, counting at most `cap`. */
export async function countCompanies(db: Db, user: AuthUser, query: CompanyListQuery, cap: number): Promise<number> {
  const base = await listFilters(db, user, query);
  return base ? repo.countCompanyRows(db, base, cap) : 0;
}

export async function listCompanies(db: Db, user: AuthUser, query: CompanyListQuery) {
  const p = await pageQuery(db, user, query);
  if (!p) return { items: [], nextCursor: null };
  const page = await repo.listCompanyRows(db, p);
  return { items: page.rows.map(toListItem), nextCursor: page.nextCursor };
}

/** The search columns as the app fills them (bulk loaders must write the same). */
export function companySearchFields(phones: { number: string }[], emails: { address: string }[]) {
  return { phones: searchPhonesValue(phones), emails: searchEmailsValue(emails) };
}

/** Global search provider for companies. */
export async function searchCompanies(db: Db, req: SearchRequest): Promise<SearchHit[]> {
  const rows = await repo.searchCompanyRows(db, req);
  return rows.map((r) => {
    let subtitle: string | null;
    if (r.matched === 'phone')
      subtitle = phoneShown(r.phones.find((p) => req.phoneDigits!.some((d) => p.number.replace(/\D/g, '').includes(d)))?.number);
    else if (r.matched === 'email') subtitle = r.emails.find((e) => e.address.toLowerCase().includes(req.email!))?.address ?? null;
    else subtitle = [r.inn ?? r.eik, r.industry].filter(Boolean).join(' · ') || null;
    return { type: 'company' as const, id: r.id, title: r.name, subtitle, matched: r.matched, rank: r.rank };
  });
}

/** Names of the companies among `ids` the caller may see (for other modules' lists). */
export async function companyNames(db: Db, user: AuthUser, ids: string[]): Promise<Map<string, string>> {
  const rows = await repo.visibleCompanyNames(db, user, ids);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Companies whose phones include this number (E.164 or any format): for matching calls (T1). */
export async function findCompaniesByPhone(
  db: Db,
  workspaceId: string,
  phone: string,
): Promise<{ id: string; ownerId: string | null; name: string }[]> {
  const e164 = normalizePhone(phone, await workspaceRegion(db, workspaceId));
  const digits = (e164 ?? phone).replace(/\D/g, '');
  if (digits.length < 5) return [];
  const rows = await repo.companiesByPhoneDigits(db, workspaceId, digits);
  return rows.map((x) => ({ id: x.id, ownerId: x.owner_id, name: x.name }));
}
