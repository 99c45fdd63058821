import { sql, type Insertable, type RawBuilder, type Selectable } from 'kysely';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { countOf, pageOf, type PageQuery } from '../../platform/records.js';
import {
  nameLevelConditions,
  nameMatchAny,
  RANK,
  scopeBranches,
  withBitmapScans,
  type SearchHit,
  type SearchRequest,
} from '../../platform/search/index.js';
import type { ContactCompaniesTable, ContactLinksTable, ContactsTable } from './contacts.table.js';
import { softDeleteLive, updateAtVersion, updateLockedRow, type RowChanges } from '../../platform/versioned.js';

export type ContactRow = Omit<Selectable<ContactsTable>, 'search_phones' | 'search_emails' | 'search_words' | 'created_by'> & {
  owner_name: string | null;
};

const columns = [
  'c.id',
  'c.workspace_id',
  'c.first_name',
  'c.middle_name',
  'c.last_name',
  'c.full_name',
  'c.company_id',
  'c.position',
  'c.country',
  'c.phones',
  'c.emails',
  'c.messengers',
  'c.addresses',
  'c.birthday',
  'c.important_dates',
  'c.preferences',
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

/** A contact the caller may see (deleted ones only when asked), with its owner's name. */
export async function findVisibleContact(db: Db, user: AuthUser, id: string, opts: FindOptions = {}): Promise<ContactRow | undefined> {
  const deleted = opts.deleted ?? 'alive';
  let q = db
    .selectFrom('contacts as c')
    .leftJoin('users as u', 'u.id', 'c.owner_id')
    .select([...columns, 'u.name as owner_name'])
    .where('c.id', '=', id)
    .where('c.workspace_id', '=', user.workspaceId);
  if (!opts.unscoped) q = q.where(visibleTo(user, 'contact', 'c'));
  if (deleted === 'alive') q = q.where('c.deleted_at', 'is', null);
  if (deleted === 'deleted') q = q.where('c.deleted_at', 'is not', null);
  if (opts.lock) q = q.forUpdate('c');
  return q.executeTakeFirst();
}

export type MembershipRow = { company_id: string; position: string | null; is_primary: boolean; company_name: string; visible: boolean };

/** The companies a contact belongs to, each flagged by whether the caller sees it. */
export async function memberships(db: Db, user: AuthUser, contactId: string): Promise<MembershipRow[]> {
  const r = await sql<MembershipRow>`
    select cc.company_id, cc.position, cc.is_primary, co.name as company_name, ${visibleTo(user, 'company', 'co')} as visible
    from contact_companies cc join companies co on co.id = cc.company_id
    where cc.contact_id = ${contactId} and co.deleted_at is null
    order by cc.is_primary desc, co.name`.execute(db);
  return r.rows;
}

export type LinkRow = { contact_id: string; contact_name: string; kind: 'knows' | 'referred' | 'referredBy'; note: string | null };

/** Who-knows-whom and who-referred-whom links of a contact, to contacts the caller sees, from its side. */
export async function links(db: Db, user: AuthUser, contactId: string): Promise<LinkRow[]> {
  const r = await sql<LinkRow>`
    select o.id as contact_id, o.full_name as contact_name,
      case when l.kind = 'knows' then 'knows' when l.from_contact_id = ${contactId} then 'referred' else 'referredBy' end as kind,
      l.note
    from contact_links l
    join contacts o on o.id = case when l.from_contact_id = ${contactId} then l.to_contact_id else l.from_contact_id end
    where (l.from_contact_id = ${contactId} or l.to_contact_id = ${contactId})
      and o.deleted_at is null and ${visibleTo(user, 'contact', 'o')}
    order by o.full_name, l.kind`.execute(db);
  return r.rows;
}

/** Ids of the contacts among `ids` that the caller sees (alive). */
export async function visibleContactIdsAmong(db: Db, user: AuthUser, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('contacts as c')
    .select('c.id')
    .where('c.id', 'in', ids)
    .where('c.workspace_id', '=', user.workspaceId)
    .where('c.deleted_at', 'is', null)
    .where(visibleTo(user, 'contact', 'c'))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Ids of the alive contacts the caller sees, as a subquery for other modules' filters (`contact_id in (...)`). */
export function visibleContactIds(db: Db, user: AuthUser) {
  return db
    .selectFrom('contacts as c')
    .select('c.id')
    .where('c.workspace_id', '=', user.workspaceId)
    .where('c.deleted_at', 'is', null)
    .where(visibleTo(user, 'contact', 'c'));
}

/** Ids and display names of the contacts among `ids` the caller sees (deleted ones too). */
export async function visibleContactNames(db: Db, user: AuthUser, ids: string[]): Promise<{ id: string; full_name: string }[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.full_name'])
    .where('c.id', 'in', ids)
    .where('c.workspace_id', '=', user.workspaceId)
    .where(visibleTo(user, 'contact', 'c'))
    .execute();
}

/** Alive contacts among `ids` the caller sees, with their owners (read after lockContacts). */
export async function visibleOwners(db: Db, user: AuthUser, ids: string[]): Promise<{ id: string; owner_id: string | null }[]> {
  return db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.owner_id'])
    .where('c.id', 'in', ids)
    .where('c.workspace_id', '=', user.workspaceId)
    .where('c.deleted_at', 'is', null)
    .where(visibleTo(user, 'contact', 'c'))
    .execute();
}

/** Names of users by id (the owners shown in the list). */
export async function userNames(db: Db, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  return db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** Contacts whose phones include these digits as one whole number (calls matching a caller id). */
export async function contactsWithPhoneDigits(db: Db, workspaceId: string, digits: string) {
  const r = await sql<{ id: string; owner_id: string | null; full_name: string; company_id: string | null }>`
    select c.id, c.owner_id, c.full_name, c.company_id from contacts c
    where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.search_phones like ${`%${digits}%`}
      and ${digits} = any(string_to_array(c.search_phones, ' '))
    order by c.updated_at desc limit 20`.execute(db);
  return r.rows;
}

/**
 * Row locks (FOR UPDATE) on contacts, in id order so that two bulk changes over overlapping sets
 * queue instead of deadlocking. Inside the caller's transaction; reads after it see the latest
 * committed owners.
 */
export async function lockContacts(trx: Db, workspaceId: string, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await sql`select c.id from contacts c where c.workspace_id = ${workspaceId} and c.id = any(${[...ids]}::uuid[])
    order by c.id for update`.execute(trx);
}

// ---- writes

/** Fields a write may set on a contact; updates bump `version`/`updated_at` themselves. */
export type ContactChanges = RowChanges<'contacts'>;

export async function insertContact(db: Db, values: Insertable<ContactsTable>): Promise<{ id: string }> {
  return db.insertInto('contacts').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Applies changes to a live contact at the given version; undefined when the version moved on. */
export const updateContactAtVersion = (db: Db, workspaceId: string, id: string, version: number, changes: ContactChanges) =>
  updateAtVersion(db, 'contacts', { workspaceId, id, version }, changes);

// The writes below take contacts the caller has already read (and locked) in its workspace.

/** Applies changes to a contact, bumping its version (restore, and both sides of a merge). */
export const updateContactRow = (db: Db, id: string, changes: ContactChanges) => updateLockedRow(db, 'contacts', id, changes);

/** Moves a live contact to the bin; undefined when it was already there. */
export const softDeleteLiveContact = (db: Db, id: string) => softDeleteLive(db, 'contacts', id);

/** Hands contacts of the workspace to another owner, bumping their versions. */
export async function setContactsOwner(db: Db, workspaceId: string, ids: string[], ownerId: string): Promise<void> {
  await db
    .updateTable('contacts')
    .set({ owner_id: ownerId, version: sql`version + 1`, updated_at: new Date() })
    .where('id', 'in', ids)
    .where('workspace_id', '=', workspaceId)
    .execute();
}

/** Replaces the companies a contact belongs to. */
export async function replaceMemberships(db: Db, contactId: string, rows: Insertable<ContactCompaniesTable>[]): Promise<void> {
  await db.deleteFrom('contact_companies').where('contact_id', '=', contactId).execute();
  if (!rows.length) return;
  await db.insertInto('contact_companies').values(rows).execute();
}

/** Marks which of a contact's memberships is the primary one. */
export async function setPrimaryMembership(db: Db, contactId: string, companyId: string): Promise<void> {
  await db
    .updateTable('contact_companies')
    .set({ is_primary: sql`company_id = ${companyId}` })
    .where('contact_id', '=', contactId)
    .execute();
}

/**
 * Replaces a contact's links to the contacts the caller sees: links to contacts the caller cannot
 * see are not theirs to remove, and stay.
 */
export async function replaceVisibleLinks(db: Db, user: AuthUser, contactId: string, rows: Insertable<ContactLinksTable>[]): Promise<void> {
  const id = contactId;
  await sql`delete from contact_links l where (l.from_contact_id = ${id} or l.to_contact_id = ${id})
    and exists (select 1 from contacts o where o.id = case when l.from_contact_id = ${id} then l.to_contact_id else l.from_contact_id end
      and ${visibleTo(user, 'contact', 'o')})`.execute(db);
  if (!rows.length) return;
  await db
    .insertInto('contact_links')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export type ContactListRow = Pick<
  ContactRow,
  | 'id'
  | 'first_name'
  | 'middle_name'
  | 'last_name'
  | 'full_name'
  | 'company_id'
  | 'position'
  | 'phones'
  | 'emails'
  | 'segment'
  | 'tags'
  | 'owner_id'
  | 'version'
  | 'created_at'
  | 'updated_at'
  | 'deleted_at'
> & { sort_key: string };

const listColumns = sql`c.id, c.first_name, c.middle_name, c.last_name, c.full_name, c.company_id, c.position, c.phones, c.emails,
  c.segment, c.tags, c.owner_id, c.version, c.created_at, c.updated_at, c.deleted_at`;

/** A row of the list page: the light columns, the last contact and the next open activity. */
export type ContactPageRow = ContactListRow & { last_contact_at: Date | null; next_activity_at: Date | null };
const pageColumns = sql`${listColumns},
  (select s.last_done_at from contact_activity_stats s where s.contact_id = c.id) as last_contact_at,
  (select a.due_at from activities a where a.contact_id = c.id and not a.done and a.deleted_at is null
    order by a.due_at limit 1) as next_activity_at`;

/** The list's own filters: a tag, a segment, members of a company (text and access come apart). */
export function contactListFilters(q: { tag?: string; segment?: string; companyId?: string }): RawBuilder<boolean>[] {
  const filters: RawBuilder<boolean>[] = [];
  // Either spelling finds the tag ("vip" finds "VIP"), through the lower-cased tags' index.
  if (q.tag) filters.push(sql<boolean>`orbita_lower_tags(c.tags) @> array[lower(${q.tag})]`);
  if (q.segment) filters.push(sql<boolean>`lower(c.segment) = lower(${q.segment})`);
  if (q.companyId)
    filters.push(sql<boolean>`c.id in (select cc.contact_id from contact_companies cc where cc.company_id = ${q.companyId})`);
  return filters;
}

/** A list row with what an export shows besides the list's columns. */
export type ContactExportRow = ContactListRow & Pick<ContactRow, 'country' | 'addresses' | 'birthday' | 'source'>;

const exportColumns = sql`${listColumns}, c.country, c.addresses, c.birthday, c.source`;

type ListPageQuery = Omit<PageQuery, 'entity' | 'table' | 'nameColumn' | 'columns' | 'visible'>;

/**
 * The sorts by values outside the row, each never null: the primary company's name (as the caller
 * may see it, '' otherwise), the owner's name, the last contact from the activities' read model
 * (-infinity: never) and the next open activity (its index by contact; infinity: none).
 */
function contactSortExpr(user: AuthUser, field: string): PageQuery['sortExpr'] {
  switch (field) {
    case 'company':
      return {
        expr: sql`coalesce((select co.name from companies co where co.id = c.company_id and co.deleted_at is null
          and ${visibleTo(user, 'company', 'co')}), '')`,
        kind: 'text',
      };
    case 'owner':
      return { expr: sql`coalesce((select u.name from users u where u.id = c.owner_id), '')`, kind: 'text' };
    case 'lastContact':
      return {
        expr: sql`coalesce((select s.last_done_at from contact_activity_stats s where s.contact_id = c.id), '-infinity'::timestamptz)`,
        kind: 'timestamptz',
      };
    case 'nextActivity':
      return {
        expr: sql`coalesce((select a.due_at from activities a where a.contact_id = c.id and not a.done and a.deleted_at is null
          order by a.due_at limit 1), 'infinity'::timestamptz)`,
        kind: 'timestamptz',
      };
    default:
      return undefined;
  }
}

/** One page of the contacts list (light columns) the caller sees. */
export async function listContactRows(db: Db, p: ListPageQuery) {
  return pageOf<ContactPageRow>(db, {
    ...p,
    entity: 'contact',
    table: 'contacts',
    nameColumn: 'full_name',
    columns: pageColumns,
    sortExpr: contactSortExpr(p.user, p.sort.field),
    visible: visibleTo(p.user, 'contact', 'c'),
  });
}

/** The same page with the export's columns. */
export async function exportContactRows(db: Db, p: ListPageQuery) {
  return pageOf<ContactExportRow>(db, {
    ...p,
    entity: 'contact',
    table: 'contacts',
    nameColumn: 'full_name',
    columns: exportColumns,
    sortExpr: contactSortExpr(p.user, p.sort.field),
    visible: visibleTo(p.user, 'contact', 'c'),
  });
}

/** How many contacts the list would show, counting at most `cap`. */
export async function countContactRows(
  db: Db,
  p: Pick<ListPageQuery, 'user' | 'filters' | 'ownerId' | 'deleted' | 'selective'>,
  cap: number,
) {
  return countOf(db, { ...p, table: 'contacts', visible: visibleTo(p.user, 'contact', 'c') }, cap);
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The `q` filter of the list: a name, a phone fragment or an email fragment. */
export function contactTextFilter(req: Pick<SearchRequest, 'name' | 'phoneDigits' | 'email'>): RawBuilder<boolean> | null {
  const parts: RawBuilder<boolean>[] = [];
  if (req.phoneDigits) for (const d of req.phoneDigits) parts.push(sql<boolean>`c.search_phones like ${`%${d}%`}`);
  if (req.email) parts.push(sql<boolean>`c.search_emails like ${`%${likeEscape(req.email)}%`}`);
  if (req.name) parts.push(nameMatchAny(req.name, sql.ref('c.search_words')));
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` or `)})` : null;
}

/** Alive contacts of the workspace having any of these phone digit strings or email addresses exactly. */
export async function contactsWithChannels(db: Db, user: AuthUser, phones: string[], emails: string[], excludeId?: string) {
  if (!phones.length && !emails.length) return [];
  const conds: RawBuilder<boolean>[] = [];
  // The LIKE reaches the trigram index; the array overlap keeps whole numbers/addresses only.
  if (phones.length) {
    conds.push(sql<boolean>`((${sql.join(
      phones.map((p) => sql`c.search_phones like ${`%${p}%`}`),
      sql` or `,
    )})
      and string_to_array(c.search_phones, ' ') && ${phones}::text[])`);
  }
  if (emails.length) {
    conds.push(sql<boolean>`((${sql.join(
      emails.map((e) => sql`c.search_emails like ${`%${likeEscape(e)}%`}`),
      sql` or `,
    )})
      and string_to_array(c.search_emails, ' ') && ${emails}::text[])`);
  }
  const r = await sql<{
    id: string;
    full_name: string;
    owner_name: string | null;
    visible: boolean;
    search_phones: string;
    search_emails: string;
  }>`
    select c.id, c.full_name, u.name as owner_name, ${visibleTo(user, 'contact', 'c')} as visible, c.search_phones, c.search_emails
    from contacts c left join users u on u.id = c.owner_id
    where c.workspace_id = ${user.workspaceId} and c.deleted_at is null and (${sql.join(conds, sql` or `)})
      ${excludeId ? sql`and c.id <> ${excludeId}` : sql``}
    order by c.created_at limit 20`.execute(db);
  return r.rows;
}

type HitRow = {
  id: string;
  full_name: string;
  position: string | null;
  company_name: string | null;
  rank: number;
  matched: SearchHit['matched'];
  phones: { number: string }[];
  emails: { address: string }[];
};

/** Search provider: contacts by phone, email and name, access-filtered, best rank first. */
export async function searchContactRows(db: Db, req: SearchRequest): Promise<HitRow[]> {
  const kinds: { rank: number; matched: string; where: RawBuilder<boolean> }[] = [];
  if (req.phoneDigits) {
    kinds.push({
      rank: RANK.phone,
      matched: 'phone',
      where: sql`(${sql.join(
        req.phoneDigits.map((d) => sql`c.search_phones like ${`%${d}%`}`),
        sql` or `,
      )})`,
    });
  }
  if (req.email) kinds.push({ rank: req.emailRank, matched: 'email', where: sql`c.search_emails like ${`%${likeEscape(req.email)}%`}` });
  if (req.name) {
    for (const l of nameLevelConditions(req.name, sql.ref('c.search_words')))
      kinds.push({ rank: RANK.name + l.level, matched: 'name', where: l.condition });
  }
  // Within one name level a match in the surname comes first: «Иванов» puts Иванова before Воронов Иван.
  const words = req.name ? [...new Set(req.name.terms.flatMap((t) => [...t.exact, ...t.morph, ...t.prefix, ...t.fuzzy]))] : [];
  const surname = words.length
    ? sql`case when orbita_name_keys(coalesce(c.last_name, '')) && ${words}::text[] then 0 else 0.25 end`
    : sql`0`;
  if (kinds.length === 0) return [];
  const branches = scopeBranches(req.scope, req.user, 'contact', 'c');
  const visible = visibleTo(req.user, 'contact', 'c');
  const parts = kinds.flatMap((k) =>
    branches.map(
      (b) => sql`(select c.id, c.full_name, c.position, c.company_id, c.phones, c.emails,
      (${k.rank} + ${k.matched === 'name' ? surname : sql`0`})::real as rank, ${k.matched}::text as matched
    from contacts c
    where c.workspace_id = ${req.user.workspaceId} and c.deleted_at is null and ${b} and ${visible} and ${k.where}
    limit ${req.limit})`,
    ),
  );
  const query = sql<HitRow>`
    select x.id, x.full_name, x.position, x.phones, x.emails, x.rank, x.matched,
      case when co.id is not null and ${visibleTo(req.user, 'company', 'co')} then co.name end as company_name
    from (select * from (${sql.join(parts, sql` union all `)}) u limit ${req.limit}) x
    left join companies co on co.id = x.company_id`;
  const r = req.bitmapOnly ? await withBitmapScans(db, (trx) => query.execute(trx)) : await query.execute(db);
  return r.rows;
}

/** Birthdays of a user's live contacts, for the yearly all-day events of the calendar feed. */
export async function contactBirthdays(db: Db, workspaceId: string, ownerId: string) {
  return db
    .selectFrom('contacts')
    .select(['id', 'full_name', 'birthday', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('owner_id', '=', ownerId)
    .where('deleted_at', 'is', null)
    .where('birthday', 'is not', null)
    .orderBy('id')
    .limit(20000)
    .execute();
}
