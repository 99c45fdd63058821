// The one map from a record (entity kind + id) to its page in the web interface. The API collection
// of each kind has the same path (`/contacts` in the app, `/api/v1/contacts` in the API).

/** The kinds of record that have their own pages. */
export const recordKinds = ['contact', 'company', 'deal'] as const;
export type RecordKind = (typeof recordKinds)[number];

const sections: Record<RecordKind, string> = { contact: '/contacts', company: '/companies', deal: '/deals' };

// Kinds with a page but no picker, list or form of the shared record pages (an invoice is found by its number in its own list).
const otherPages: Record<string, string> = { invoice: '/invoices' };

export const isRecordKind = (kind: string | null | undefined): kind is RecordKind =>
  !!kind && (recordKinds as readonly string[]).includes(kind);

/** Appends `?query`, leaving out empty values. */
export function withQuery(path: string, query?: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The section of a kind (`/companies`): its list page, and its API collection. */
export const sectionPath = (kind: RecordKind) => sections[kind];
/** A record's page (`/companies/<id>`), also its API resource. */
export const recordPath = (kind: RecordKind, id: string) => `${sections[kind]}/${id}`;
export const recordEditPath = (kind: RecordKind, id: string) => `${recordPath(kind, id)}/edit`;
export const newRecordPath = (kind: RecordKind, query?: Record<string, string | null | undefined>) =>
  withQuery(`${sections[kind]}/new`, query);

/**
 * The page of a record whose kind arrives as data (search results, duplicates, timeline references);
 * undefined for kinds without a page of their own (an activity).
 */
export const pathOf = (kind: string | null | undefined, id: string | null | undefined): string | undefined =>
  isRecordKind(kind) && id ? recordPath(kind, id) : kind && id && Object.hasOwn(otherPages, kind) ? `${otherPages[kind]}/${id}` : undefined;

/** The deals as a table, filtered (`/deals/list?owner=...`); `/deals` itself is the board. */
export const dealListPath = (query?: Record<string, string | number | boolean | null | undefined>) => withQuery('/deals/list', query);
/** The deals board of a pipeline. */
export const dealBoardPath = (query?: Record<string, string | number | boolean | null | undefined>) => withQuery('/deals', query);

export type Named = {
  id: string;
  fullName?: string | null;
  name?: string | null;
  displayName?: string | null;
  title?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  middleName?: string | null;
  companyName?: string | null;
};

/** A readable name for any linked record, whatever shape its module answers with. */
export function recordName(r: Named | null | undefined): string {
  if (!r) return '';
  if (r.fullName) return r.fullName;
  if (r.displayName) return r.displayName;
  if (r.title) return r.title;
  if (r.name) return r.name;
  return [r.lastName, r.firstName, r.middleName].filter(Boolean).join(' ');
}
