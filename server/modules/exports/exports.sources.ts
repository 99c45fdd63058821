// What each list exports: its rows page by page through the module's own list (same filters, sort,
// keyset and access in the query, reached through the module's index.ts), the records its rows
// link to, and how each column reads a row. Linked records are named here, for every list alike,
// through the registry's namesOfRefs for the viewer: a company the viewer may not open leaves its
// cell empty, whatever the module's own list would have put there.
import type { Activity } from '../../../contracts/activities.js';
import type { DealListItem } from '../../../contracts/deals.js';
import {
  exportColumns,
  type ActivityExportQuery,
  type CompanyExportQuery,
  type ContactExportQuery,
  type DealExportQuery,
  type ExportColumn,
  type ExportEntity,
} from '../../../contracts/exports.js';
import { translate, type Lang } from '../../../contracts/i18n/index.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { namesOfRefs, type RecordRef } from '../../platform/registry.js';
import { countActivities, listActivities } from '../activities/index.js';
import { countCompanies, exportCompaniesPage, type CompanyExportRow } from '../companies/index.js';
import { countContacts, exportContactsPage, type ContactExportRow } from '../contacts/index.js';
import { countDeals, listDeals } from '../deals/index.js';
import type { CellKind, CellValue } from './exports.format.js';
import { userNames } from './exports.repository.js';

/** Names a row's cells may need: linked records (`kind:id`, only those the viewer may open) and owners. */
export type Names = { refs: Map<string, string>; owners: Map<string, string>; lang: Lang };

type Column<Row> = { kind: CellKind; value: (row: Row, n: Names) => CellValue };

export type Page<Row> = { rows: Row[]; nextCursor: string | null };

export type Source<Q, Row> = {
  count: (db: Db, user: AuthUser, q: Q, cap: number) => Promise<number>;
  page: (db: Db, user: AuthUser, q: Q, cursor: string | undefined, limit: number) => Promise<Page<Row>>;
  /** The linked records of a row, to be named for the viewer. */
  links: (row: Row) => (RecordRef | null)[];
  ownerId: (row: Row) => string | null;
};

const ref = (kind: string, id: string | null | undefined): RecordRef | null => (id ? { kind, id } : null);
const linked = (n: Names, kind: string, id: string | null | undefined) => (id ? (n.refs.get(`${kind}:${id}`) ?? null) : null);
const owner = (n: Names, id: string | null) => (id ? (n.owners.get(id) ?? null) : null);
const joined = (values: string[], sep = ', ') => (values.length ? values.join(sep) : null);
const text = <Row>(f: (r: Row) => string | null | undefined): Column<Row> => ({ kind: 'text', value: (r) => f(r) ?? null });
const at = <Row>(f: (r: Row) => Date | string | null): Column<Row> => ({
  kind: 'datetime',
  value: (r) => {
    const v = f(r);
    return v === null ? null : new Date(v);
  },
});
const day = <Row>(f: (r: Row) => string | null): Column<Row> => ({ kind: 'date', value: f });
const money = <Row>(f: (r: Row) => string | null): Column<Row> => ({ kind: 'money', value: f });

export const contactColumns: Record<ExportColumn<'contacts'>, Column<ContactExportRow>> = {
  fullName: text((r) => r.full_name),
  lastName: text((r) => r.last_name),
  firstName: text((r) => r.first_name),
  middleName: text((r) => r.middle_name),
  company: { kind: 'text', value: (r, n) => linked(n, 'company', r.company_id) },
  position: text((r) => r.position),
  phones: text((r) => joined(r.phones.map((p) => p.number))),
  emails: text((r) => joined(r.emails.map((e) => e.address))),
  addresses: text((r) =>
    joined(
      r.addresses.map((a) => a.text),
      '; ',
    ),
  ),
  birthday: day((r) => r.birthday),
  country: text((r) => r.country),
  segment: text((r) => r.segment),
  source: text((r) => r.source),
  tags: text((r) => joined(r.tags)),
  owner: { kind: 'text', value: (r, n) => owner(n, r.owner_id) },
  createdAt: at((r) => r.created_at),
  updatedAt: at((r) => r.updated_at),
};

export const companyColumns: Record<ExportColumn<'companies'>, Column<CompanyExportRow>> = {
  name: text((r) => r.name),
  legalForm: text((r) => r.legal_form),
  inn: text((r) => r.inn),
  kpp: text((r) => r.kpp),
  ogrn: text((r) => r.ogrn),
  eik: text((r) => r.eik),
  vatNumber: text((r) => r.vat_number),
  iban: text((r) => r.iban),
  country: text((r) => r.country),
  industry: text((r) => r.industry),
  phones: text((r) => joined(r.phones.map((p) => p.number))),
  emails: text((r) => joined(r.emails.map((e) => e.address))),
  addresses: text((r) =>
    joined(
      r.addresses.map((a) => a.text),
      '; ',
    ),
  ),
  website: text((r) => r.website),
  segment: text((r) => r.segment),
  source: text((r) => r.source),
  tags: text((r) => joined(r.tags)),
  owner: { kind: 'text', value: (r, n) => owner(n, r.owner_id) },
  createdAt: at((r) => r.created_at),
  updatedAt: at((r) => r.updated_at),
};

export const dealColumns: Record<ExportColumn<'deals'>, Column<DealListItem>> = {
  title: text((r) => r.title),
  company: { kind: 'text', value: (r, n) => linked(n, 'company', r.companyId) },
  pipeline: { kind: 'text', value: (r, n) => linked(n, 'pipeline', r.pipelineId) },
  stage: text((r) => r.stageName),
  status: { kind: 'text', value: (r, n) => translate(n.lang, `sales.status.${r.status}`) },
  amount: money((r) => r.amount),
  currency: text((r) => r.currency),
  probability: { kind: 'int', value: (r) => r.probability },
  weightedAmount: money((r) => r.weightedAmount),
  expectedCloseDate: day((r) => r.expectedCloseDate),
  wonAmount: money((r) => r.wonAmount),
  wonDate: day((r) => r.wonDate),
  closedAt: at((r) => r.closedAt),
  owner: { kind: 'text', value: (r, n) => owner(n, r.ownerId) },
  createdAt: at((r) => r.createdAt),
  updatedAt: at((r) => r.updatedAt),
};

export const activityColumns: Record<ExportColumn<'activities'>, Column<Activity>> = {
  type: { kind: 'text', value: (r, n) => translate(n.lang, `activities.types.${r.type}`) },
  subject: text((r) => r.subject),
  dueAt: at((r) => r.dueAt),
  durationMinutes: { kind: 'int', value: (r) => r.durationMinutes },
  done: { kind: 'text', value: (r, n) => translate(n.lang, r.done ? 'exports.yes' : 'exports.no') },
  doneAt: at((r) => r.doneAt),
  outcome: text((r) => r.outcome),
  notes: text((r) => r.notes),
  contact: { kind: 'text', value: (r, n) => linked(n, 'contact', r.contactId) },
  company: { kind: 'text', value: (r, n) => linked(n, 'company', r.companyId) },
  deal: { kind: 'text', value: (r, n) => linked(n, 'deal', r.dealId) },
  owner: { kind: 'text', value: (r, n) => owner(n, r.ownerId) },
  createdAt: at((r) => r.createdAt),
};

export const contactSource: Source<ContactExportQuery, ContactExportRow> = {
  count: (db, user, q, cap) => countContacts(db, user, { ...q, limit: 1 }, cap),
  page: (db, user, q, cursor, limit) => exportContactsPage(db, user, { ...q, cursor, limit }),
  links: (r) => [ref('company', r.company_id)],
  ownerId: (r) => r.owner_id,
};

export const companySource: Source<CompanyExportQuery, CompanyExportRow> = {
  count: (db, user, q, cap) => countCompanies(db, user, { ...q, limit: 1 }, cap),
  page: (db, user, q, cursor, limit) => exportCompaniesPage(db, user, { ...q, cursor, limit }),
  links: () => [],
  ownerId: (r) => r.owner_id,
};

export const dealSource: Source<DealExportQuery, DealListItem> = {
  count: (db, user, q, cap) => countDeals(db, user, { ...q, limit: 1 }, cap),
  page: async (db, user, q, cursor, limit) => {
    const p = await listDeals(db, user, { ...q, cursor, limit });
    return { rows: p.items, nextCursor: p.nextCursor };
  },
  links: (r) => [ref('company', r.companyId), ref('pipeline', r.pipelineId)],
  ownerId: (r) => r.ownerId,
};

export const activitySource: Source<ActivityExportQuery, Activity> = {
  count: (db, user, q, cap) => countActivities(db, user, { ...q, limit: 1 }, cap),
  page: async (db, user, q, cursor, limit) => {
    const p = await listActivities(db, user, { ...q, cursor, limit });
    return { rows: p.items, nextCursor: p.nextCursor };
  },
  links: (r) => [ref('contact', r.contactId), ref('company', r.companyId), ref('deal', r.dealId)],
  ownerId: (r) => r.ownerId,
};

/** The linked records and owners of one batch, named for the viewer (one query per kind). */
export async function namesFor<Q, Row>(db: Db, user: AuthUser, source: Source<Q, Row>, rows: Row[]): Promise<Names> {
  const refs = rows.flatMap((r) => source.links(r)).filter((x): x is RecordRef => x !== null);
  const ownerIds = [...new Set(rows.map((r) => source.ownerId(r)).filter((x): x is string => x !== null))];
  const [named, owners] = await Promise.all([namesOfRefs(db, user, refs), userNames(db, user.workspaceId, ownerIds)]);
  return { refs: named, owners, lang: user.language };
}

/** One list's export: how its query is read, where its rows come from, how its columns read them. */
export type Spec<Q, Row> = { source: Source<Q, Row>; columns: Record<string, Column<Row>> };

/** An export's rows as cells of the chosen columns, batch by batch, with linked names for the viewer. */
export type Rows = {
  count: (cap: number) => Promise<number>;
  batches: (limit: number) => AsyncGenerator<CellValue[][]>;
  kinds: CellKind[];
};

/** Binds a list's spec to one caller, query and choice of columns. */
export function rowsOf<Q, Row>(spec: Spec<Q, Row>, db: Db, user: AuthUser, q: Q, columns: string[]): Rows {
  const cols = columns.map((c) => spec.columns[c]);
  return {
    kinds: cols.map((c) => c.kind),
    count: (cap) => spec.source.count(db, user, q, cap),
    batches: async function* (limit) {
      for await (const { rows, names } of pagesOf(spec.source, db, user, q, limit))
        yield rows.map((r) => cols.map((c) => c.value(r, names)));
    },
  };
}

/** The list's rows page after page, each page with its names; one page in memory at a time. */
export async function* pagesOf<Q, Row>(source: Source<Q, Row>, db: Db, user: AuthUser, q: Q, limit: number) {
  let cursor: string | undefined;
  do {
    const page = await source.page(db, user, q, cursor, limit);
    if (page.rows.length) yield { rows: page.rows, names: await namesFor(db, user, source, page.rows) };
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export const specs = {
  contacts: { source: contactSource, columns: contactColumns },
  companies: { source: companySource, columns: companyColumns },
  deals: { source: dealSource, columns: dealColumns },
  activities: { source: activitySource, columns: activityColumns },
};

/** The columns of an export: those asked for in their order, else all of the list's. */
export function chosenColumns(entity: ExportEntity, asked: readonly string[] | undefined): string[] {
  return asked?.length ? [...new Set(asked)] : [...exportColumns[entity]];
}
