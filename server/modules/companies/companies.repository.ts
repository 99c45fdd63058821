import { sql, type Insertable, type RawBuilder, type Selectable } from 'kysely';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import {
  nameLevelConditions,
  nameMatchAny,
  RANK,
  scopeBranches,
  withBitmapScans,
  type SearchHit,
  type SearchRequest,
} from '../../platform/search/index.js';
import type { CompaniesTable } from './companies.table.js';
import { countOf, pageOf, type PageQuery } from '../../platform/records.js';
import { softDeleteLive, updateAtVersion, updateLockedRow, type RowChanges } from '../../platform/versioned.js';

export type CompanyRow = Omit<Selectable<CompaniesTable>, 'search_phones' | 'search_emails' | 'search_words' | 'created_by'> & {
  owner_name: string | null;
};

const columns = [
  'c.id',
  'c.workspace_id',
  'c.name',
  'c.legal_form',
  'c.country',
  'c.inn',
  'c.kpp',
  'c.ogrn',
  'c.bik',
  'c.bank_name',
  'c.settlement_account',
  'c.corr_account',
  'c.eik',
  'c.vat_number',
  'c.iban',
  'c.addresses',
  'c.phones',
  'c.emails',
  'c.website',
  'c.industry',
  'c.segment',
  'c.source',
  'c.tags',
  'c.owner_id',
  'c.notes',
  'c.version',
  'c.created_at',
  'c.updated_at',
  'c.deleted_at',
] as const;

export type FindOptions = {
  deleted?: 'alive' | 'deleted' | 'any';
  lock?: boolean;
  /** Skip the access rule: only to read back a record the caller has just written. */
  unscoped?: boolean;
};

/** A company the caller may see (deleted ones only when asked), with its owner's name. */
export async function findVisibleCompany(db: Db, user: AuthUser, id: string, opts: FindOptions = {}): Promise<CompanyRow | undefined> {
  const deleted = opts.deleted ?? 'alive';
  let q = db
    .selectFrom('companies as c')
    .leftJoin('users as u', 'u.id', 'c.owner_id')
    .select([...columns, 'u.name as owner_name'])
    .where('c.id', '=', id)
    .where('c.workspace_id', '=', user.workspaceId);
  if (!opts.unscoped) q = q.where(visibleTo(user, 'company', 'c'));
  if (deleted === 'alive') q = q.where('c.deleted_at', 'is', null);
  if (deleted === 'deleted') q = q.where('c.deleted_at', 'is not', null);
  if (opts.lock) q = q.forUpdate('c');
  return q.executeTakeFirst();
}

/** Fields a write may set on a company; updates bump `version`/`updated_at` themselves. */
export type CompanyChanges = RowChanges<'companies'>;

export async function insertCompany(db: Db, values: Insertable<CompaniesTable>): Promise<{ id: string }> {
  return db.insertInto('companies').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Applies changes to a live company at the given version; undefined when the version moved on. */
export const updateCompanyAtVersion = (db: Db, workspaceId: string, id: string, version: number, changes: CompanyChanges) =>
  updateAtVersion(db, 'companies', { workspaceId, id, version }, changes);

// The two writes below take a company the caller has already read (and locked) in its workspace.

/** Applies changes to a company, bumping its version (restore, and both sides of a merge). */
export const updateCompanyRow = (db: Db, id: string, changes: CompanyChanges) => updateLockedRow(db, 'companies', id, changes);

/** Moves a live company to the bin; undefined when it was already there. */
export const softDeleteLiveCompany = (db: Db, id: string) => softDeleteLive(db, 'companies', id);

/** Ids and names of the companies among `ids` the caller may see (deleted ones too). */
export async function visibleCompanyNames(db: Db, user: AuthUser, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('companies as c')
    .select(['c.id', 'c.name'])
    .where('c.id', 'in', ids)
    .where('c.workspace_id', '=', user.workspaceId)
    .where(visibleTo(user, 'company', 'c'))
    .execute();
}

export type CompanyListRow = Pick<
  CompanyRow,
  | 'id'
  | 'name'
  | 'legal_form'
  | 'country'
  | 'inn'
  | 'eik'
  | 'industry'
  | 'segment'
  | 'phones'
  | 'emails'
  | 'tags'
  | 'owner_id'
  | 'version'
  | 'created_at'
  | 'updated_at'
  | 'deleted_at'
> & { owner_name: string | null; sort_key: string };

const listColumns = sql`c.id, c.name, c.legal_form, c.country, c.inn, c.eik, c.industry, c.segment, c.phones, c.emails, c.tags,
  c.owner_id, c.version, c.created_at, c.updated_at, c.deleted_at`;

/** A row of the list page: the light columns and the next open activity. */
export type CompanyPageRow = CompanyListRow & { next_activity_at: Date | null };
const pageColumns = sql`${listColumns},
  (select a.due_at from activities a where a.company_id = c.id and not a.done and a.deleted_at is null
    order by a.due_at limit 1) as next_activity_at`;

/** The list's own filters: a tag, a segment (text and access come apart). */
export function companyListFilters(q: { tag?: string; segment?: string }): RawBuilder<boolean>[] {
  const filters: RawBuilder<boolean>[] = [];
  // Either spelling finds the tag ("vip" finds "VIP"), through the lower-cased tags' index.
  if (q.tag) filters.push(sql<boolean>`orbita_lower_tags(c.tags) @> array[lower(${q.tag})]`);
  if (q.segment) filters.push(sql<boolean>`lower(c.segment) = lower(${q.segment})`);
  return filters;
}

/** A list row with what an export shows besides the list's columns. */
export type CompanyExportRow = CompanyListRow &
  Pick<CompanyRow, 'kpp' | 'ogrn' | 'vat_number' | 'iban' | 'addresses' | 'website' | 'source'>;

const exportColumns = sql`${listColumns}, c.kpp, c.ogrn, c.vat_number, c.iban, c.addresses, c.website, c.source`;

type ListPageQuery = Omit<PageQuery, 'entity' | 'table' | 'nameColumn' | 'columns' | 'visible'>;

/** The list's page with the export's columns (owners are named by the export). */
export async function exportCompanyRows(db: Db, p: ListPageQuery) {
  return pageOf<CompanyExportRow>(db, {
    ...p,
    entity: 'company',
    table: 'companies',
    nameColumn: 'name',
    sortExpr: companySortExpr(p.sort.field),
    columns: exportColumns,
    visible: visibleTo(p.user, 'company', 'c'),
  });
}

/** How many companies the list would show, counting at most `cap`. */
export async function countCompanyRows(
  db: Db,
  p: Pick<ListPageQuery, 'user' | 'filters' | 'ownerId' | 'deleted' | 'selective'>,
  cap: number,
) {
  return countOf(db, { ...p, table: 'companies', visible: visibleTo(p.user, 'company', 'c') }, cap);
}

/** The sorts by values outside the row, never null: the owner's name, the next open activity (infinity: none). */
function companySortExpr(field: string): PageQuery['sortExpr'] {
  if (field === 'owner') return { expr: sql`coalesce((select u.name from users u where u.id = c.owner_id), '')`, kind: 'text' };
  if (field === 'nextActivity')
    return {
      expr: sql`coalesce((select a.due_at from activities a where a.company_id = c.id and not a.done and a.deleted_at is null
        order by a.due_at limit 1), 'infinity'::timestamptz)`,
      kind: 'timestamptz',
    };
  return undefined;
}

/** One page of the companies list (light columns) the caller sees, owner names attached. */
export async function listCompanyRows(db: Db, p: Omit<PageQuery, 'entity' | 'table' | 'nameColumn' | 'columns' | 'visible'>) {
  const page = await pageOf<CompanyPageRow>(db, {
    ...p,
    entity: 'company',
    table: 'companies',
    nameColumn: 'name',
    sortExpr: companySortExpr(p.sort.field),
    columns: pageColumns,
    visible: visibleTo(p.user, 'company', 'c'),
  });
  const ownerIds = [...new Set(page.rows.map((r) => r.owner_id).filter((x): x is string => Boolean(x)))];
  const owners = ownerIds.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ownerIds).execute() : [];
  const names = new Map(owners.map((o) => [o.id, o.name]));
  return {
    rows: page.rows.map((r) => ({ ...r, owner_name: r.owner_id ? (names.get(r.owner_id) ?? null) : null })),
    nextCursor: page.nextCursor,
  };
}

/** Companies of the workspace (alive) with this INN or EIK, flagged by whether the caller sees them. */
export async function companiesWithRequisite(db: Db, user: AuthUser, r: { inn?: string | null; eik?: string | null }, excludeId?: string) {
  if (!r.inn && !r.eik) return [];
  return db
    .selectFrom('companies as c')
    .leftJoin('users as u', 'u.id', 'c.owner_id')
    .select(['c.id', 'c.name', 'c.inn', 'c.eik', 'u.name as owner_name', visibleTo(user, 'company', 'c').as('visible')])
    .where('c.workspace_id', '=', user.workspaceId)
    .where('c.deleted_at', 'is', null)
    .where((eb) => eb.or([...(r.inn ? [eb('c.inn', '=', r.inn)] : []), ...(r.eik ? [eb('c.eik', '=', r.eik)] : [])]))
    .$if(Boolean(excludeId), (q) => q.where('c.id', '<>', excludeId!))
    .orderBy('c.created_at')
    .limit(20)
    .execute();
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The `q` filter of the list: a name, a phone fragment, an email fragment or an exact INN/EIK. */
/** The INN and EIK as one string, as the trigram index of migration 0029 holds them (fragments of either). */
const REQUISITES = sql`(coalesce(c.inn, '') || ' ' || coalesce(c.eik, ''))`;

export function companyTextFilter(
  req: Pick<SearchRequest, 'name' | 'phoneDigits' | 'email' | 'requisite' | 'requisiteFragment'>,
): RawBuilder<boolean> | null {
  const parts: RawBuilder<boolean>[] = [];
  if (req.requisite) parts.push(sql<boolean>`(c.inn = ${req.requisite} or c.eik = ${req.requisite})`);
  if (req.requisiteFragment) parts.push(sql<boolean>`${REQUISITES} like ${`%${req.requisiteFragment}%`}`);
  if (req.phoneDigits) for (const d of req.phoneDigits) parts.push(sql<boolean>`c.search_phones like ${`%${d}%`}`);
  if (req.email) parts.push(sql<boolean>`c.search_emails like ${`%${likeEscape(req.email)}%`}`);
  if (req.name) parts.push(nameMatchAny(req.name, sql.ref('c.search_words')));
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` or `)})` : null;
}

type HitRow = {
  id: string;
  name: string;
  inn: string | null;
  eik: string | null;
  industry: string | null;
  rank: number;
  matched: SearchHit['matched'];
  phones: { number: string }[];
  emails: { address: string }[];
};

/** Search provider: companies by INN/EIK, phone, email and name, access-filtered, best rank first. */
export async function searchCompanyRows(db: Db, req: SearchRequest): Promise<HitRow[]> {
  const kinds: { rank: number; matched: RawBuilder<string>; where: RawBuilder<boolean> }[] = [];
  if (req.requisite) {
    kinds.push({
      rank: RANK.requisite,
      matched: sql`case when c.inn = ${req.requisite} then 'inn' else 'eik' end`,
      where: sql`(c.inn = ${req.requisite} or c.eik = ${req.requisite})`,
    });
  }
  if (req.requisiteFragment) {
    kinds.push({
      rank: RANK.requisiteFragment,
      matched: sql`case when coalesce(c.inn, '') like ${`%${req.requisiteFragment}%`} then 'inn' else 'eik' end`,
      where: sql`${REQUISITES} like ${`%${req.requisiteFragment}%`}`,
    });
  }
  if (req.phoneDigits) {
    kinds.push({
      rank: RANK.phone,
      matched: sql`'phone'`,
      where: sql`(${sql.join(
        req.phoneDigits.map((d) => sql`c.search_phones like ${`%${d}%`}`),
        sql` or `,
      )})`,
    });
  }
  if (req.email)
    kinds.push({ rank: req.emailRank, matched: sql`'email'`, where: sql`c.search_emails like ${`%${likeEscape(req.email)}%`}` });
  if (req.name) {
    for (const l of nameLevelConditions(req.name, sql.ref('c.search_words'))) {
      kinds.push({ rank: RANK.name + l.level, matched: sql`'name'`, where: l.condition });
    }
  }
  if (kinds.length === 0) return [];
  const branches = scopeBranches(req.scope, req.user, 'company', 'c');
  const visible = visibleTo(req.user, 'company', 'c');
  const parts = kinds.flatMap((k) =>
    branches.map(
      (b) => sql`(select c.id, c.name, c.inn, c.eik, c.industry, c.phones, c.emails,
      ${k.rank}::real as rank, ${k.matched} as matched
    from companies c
    where c.workspace_id = ${req.user.workspaceId} and c.deleted_at is null and ${b} and ${visible} and ${k.where}
    limit ${req.limit})`,
    ),
  );
  const query = sql<HitRow>`select * from (${sql.join(parts, sql` union all `)}) x limit ${req.limit}`;
  const r = req.bitmapOnly ? await withBitmapScans(db, (trx) => query.execute(trx)) : await query.execute(db);
  return r.rows;
}

/** Alive companies whose phones include this number (its E.164 digits), most recently changed first. */
export async function companiesByPhoneDigits(db: Db, workspaceId: string, digits: string) {
  const r = await sql<{ id: string; owner_id: string | null; name: string }>`
    select c.id, c.owner_id, c.name from companies c
    where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.search_phones like ${`%${digits}%`}
      and ${digits} = any(string_to_array(c.search_phones, ' '))
    order by c.updated_at desc limit 20`.execute(db);
  return r.rows;
}
