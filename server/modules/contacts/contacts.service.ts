import { sql, type Updateable } from 'kysely';
import type { z } from 'zod';
import type { Duplicate } from '../../../contracts/companies.js';
import type { Contact, ContactListItem, CreateContactBody, UpdateContactBody, contactListQuery } from '../../../contracts/contacts.js';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { invalidFields, notFound, versionConflict, type FieldIssue } from '../../platform/errors.js';
import { checkOwnerChange } from '../../platform/rights.js';
import { lockValues } from '../../platform/locks.js';
import { recordAudit } from '../../platform/audit.js';
import { publishMerged } from '../../platform/merge.js';
import {
  companyNames,
  CounterpartyErrors,
  CounterpartyFieldCodes,
  DuplicateError,
  findVisibleCompany,
  textQuery,
} from '../companies/index.js';
import { assertCanEdit, cleanTags, fillEmpty, inTransaction, mergeNotes, sortSpec, unionBy, assertOwner } from '../../platform/records.js';
import {
  accessScope,
  normalizePhone,
  regionOf,
  searchEmailsValue,
  searchPhonesValue,
  workspaceRegion,
  type SearchHit,
  type SearchRequest,
} from '../../platform/search/index.js';
import { addTimelineEvent } from '../../platform/timeline.js';
import * as repo from './contacts.repository.js';
import type { ContactsTable } from './contacts.table.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toContact(r: repo.ContactRow, ms: repo.MembershipRow[], ls: repo.LinkRow[]): Contact {
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

/** The audit snapshot: the API object without names derived from other records. */
const snapshot = (c: Contact) => {
  const { ownerName: _o, companyName: _c, ...rest } = c;
  return {
    ...rest,
    companies: c.companies.map(({ companyName: _n, ...m }) => m),
    links: c.links.map(({ contactName: _n, ...l }) => l),
  } as Record<string, unknown>;
};

async function getRow(db: Db, user: AuthUser, id: string, opts: repo.FindOptions = {}) {
  const row = await repo.findVisibleContact(db, user, id, opts);
  if (!row) throw notFound(CounterpartyErrors.contactNotFound);
  return row;
}

async function load(db: Db, user: AuthUser, row: repo.ContactRow): Promise<Contact> {
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

export async function listContacts(db: Db, user: AuthUser, query: z.infer<typeof contactListQuery>) {
  const filters = [];
  if (query.tag) filters.push(sql<boolean>`c.tags @> ${[query.tag]}::text[]`);
  if (query.segment) filters.push(sql<boolean>`c.segment = ${query.segment}`);
  if (query.companyId)
    filters.push(sql<boolean>`c.id in (select cc.contact_id from contact_companies cc where cc.company_id = ${query.companyId})`);
  if (query.q && query.q.trim()) {
    const f = repo.contactTextFilter(await textQuery(db, user.workspaceId, query.q.trim()));
    if (!f) return { items: [], nextCursor: null };
    filters.push(f);
  }
  const page = await repo.listContactRows(db, {
    user,
    scope: await accessScope(db, user),
    filters,
    ownerId: query.ownerId,
    deleted: query.deleted ?? false,
    sort: sortSpec(query.sort, query.order),
    cursor: query.cursor,
    limit: query.limit,
    selective: Boolean(query.q?.trim() || query.companyId),
    visible: visibleTo(user, 'contact', 'c'),
  });
  const ownerIds = [...new Set(page.rows.map((r) => r.owner_id).filter((x): x is string => Boolean(x)))];
  const companyIds = [...new Set(page.rows.map((r) => r.company_id).filter((x): x is string => Boolean(x)))];
  const [owners, companies] = await Promise.all([
    ownerIds.length ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', ownerIds).execute() : [],
    companyNames(db, user, companyIds),
  ]);
  const ownerName = new Map(owners.map((o) => [o.id, o.name]));
  const items: ContactListItem[] = page.rows.map((r) => ({
    id: r.id,
    firstName: r.first_name,
    middleName: r.middle_name,
    lastName: r.last_name,
    fullName: r.full_name,
    companyId: r.company_id,
    companyName: r.company_id ? (companies.get(r.company_id) ?? null) : null,
    position: r.position,
    phones: r.phones,
    emails: r.emails,
    segment: r.segment,
    tags: r.tags,
    ownerId: r.owner_id,
    ownerName: r.owner_id ? (ownerName.get(r.owner_id) ?? null) : null,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
  }));
  return { items, nextCursor: page.nextCursor };
}

type Values = Updateable<ContactsTable>;
type Membership = { companyId: string; position: string | null };
type LinkInput = { contactId: string; kind: 'knows' | 'referred' | 'referredBy'; note: string | null };

type Prepared = {
  values: Values;
  memberships: { list: Membership[]; primary: string | null } | null;
  links: LinkInput[] | null;
  phoneDigits: string[];
  emails: string[];
};

/**
 * Validates and normalises a create or patch against the current row: phones to E.164 (in the
 * contact's, else its company's, else the workspace's country), companies and linked contacts the
 * caller can see, owner in the workspace. All problems are reported at once (422).
 */
async function prepare(
  db: Db,
  user: AuthUser,
  id: string | null,
  input: Partial<CreateContactBody>,
  current: Contact | null,
): Promise<Prepared> {
  const issues: FieldIssue[] = [];
  const values: Values = {};
  if (input.firstName !== undefined) values.first_name = input.firstName;
  if (input.middleName !== undefined) values.middle_name = input.middleName || null;
  if (input.lastName !== undefined) values.last_name = input.lastName || null;
  if (input.country !== undefined) values.country = input.country;
  if (input.birthday !== undefined) values.birthday = input.birthday;
  if (input.segment !== undefined) values.segment = input.segment || null;
  if (input.source !== undefined) values.source = input.source || null;
  if (input.notes !== undefined) values.notes = input.notes || null;
  if (input.tags !== undefined) values.tags = cleanTags(input.tags);
  if (input.messengers !== undefined) values.messengers = JSON.stringify(input.messengers);
  if (input.addresses !== undefined) values.addresses = JSON.stringify(input.addresses);
  if (input.importantDates !== undefined) values.important_dates = JSON.stringify(input.importantDates);
  if (input.preferences !== undefined) values.preferences = JSON.stringify(input.preferences);
  if (input.ownerId !== undefined && input.ownerId !== current?.ownerId) {
    await checkOwnerChange(db, user, { from: current?.ownerId, to: input.ownerId }, issues);
    values.owner_id = input.ownerId;
  }

  // Companies: the full list when given, the primary one (companyId) added to it.
  let memberships: Prepared['memberships'] = null;
  const known = new Set(current?.companies.map((m) => m.companyId) ?? []);
  if (input.companies !== undefined || input.companyId !== undefined || input.position !== undefined) {
    let list: Membership[] = input.companies
      ? unionBy(
          input.companies.map((m) => ({ companyId: m.companyId, position: m.position ?? null })),
          [],
          (m) => m.companyId,
        )
      : (current?.companies ?? []).map((m) => ({ companyId: m.companyId, position: m.position }));
    // Clearing the primary company without sending the list means leaving that company.
    if (input.companyId === null && !input.companies && current?.companyId) list = list.filter((m) => m.companyId !== current.companyId);
    let primary = input.companyId !== undefined ? input.companyId : (current?.companyId ?? null);
    if (primary && !list.some((m) => m.companyId === primary)) {
      if (input.companyId === undefined) primary = list[0]?.companyId ?? null;
      else list = [...list, { companyId: primary, position: input.position ?? null }];
    }
    if (!primary && input.companyId === undefined) primary = list[0]?.companyId ?? null;
    if (input.position !== undefined && primary)
      list = list.map((m) => (m.companyId === primary ? { ...m, position: input.position ?? null } : m));
    // Only newly added companies must be visible to the caller; existing links stay as they are.
    for (const m of list) {
      if (known.has(m.companyId) || (await findVisibleCompany(db, user, m.companyId))) continue;
      const j = input.companies?.findIndex((x) => x.companyId === m.companyId) ?? -1;
      if (j >= 0) issues.push({ path: `companies.${j}.companyId`, code: CounterpartyFieldCodes.companyInvalid });
      if (input.companyId === m.companyId) issues.push({ path: 'companyId', code: CounterpartyFieldCodes.companyInvalid });
    }
    memberships = { list, primary };
    values.company_id = primary;
    values.position = input.position !== undefined ? input.position || null : (list.find((m) => m.companyId === primary)?.position ?? null);
  }

  // Phones in E.164: the number's own country code wins; otherwise the contact's or company's country.
  let phoneDigits: string[] = [];
  if (input.phones !== undefined) {
    const country = input.country !== undefined ? input.country : (current?.country ?? null);
    let region = regionOf(country);
    const companyId = memberships ? memberships.primary : (current?.companyId ?? null);
    if (!region && companyId) region = regionOf((await findVisibleCompany(db, user, companyId, { unscoped: true }))?.country);
    region ??= await workspaceRegion(db, user.workspaceId);
    const phones = input.phones.map((p, i) => {
      const e164 = normalizePhone(p.number, region!);
      if (!e164) issues.push({ path: `phones.${i}.number`, code: CounterpartyFieldCodes.phoneInvalid });
      return { type: p.type, number: e164 ?? p.number };
    });
    const unique = unionBy(phones, [], (p) => p.number);
    values.phones = JSON.stringify(unique);
    values.search_phones = searchPhonesValue(unique);
    const before = new Set((current?.phones ?? []).map((p) => p.number));
    phoneDigits = unique.filter((p) => !before.has(p.number)).map((p) => p.number.replace(/\D/g, ''));
  }
  let emails: string[] = [];
  if (input.emails !== undefined) {
    const list = unionBy(
      input.emails.map((e) => ({ type: e.type, address: e.address.trim() })),
      [],
      (e) => e.address.toLowerCase(),
    );
    values.emails = JSON.stringify(list);
    values.search_emails = searchEmailsValue(list);
    const before = new Set((current?.emails ?? []).map((e) => e.address.toLowerCase()));
    emails = list.map((e) => e.address.toLowerCase()).filter((e) => !before.has(e));
  }

  // Links replace those to contacts the caller sees; each linked contact must be visible.
  let links: LinkInput[] | null = null;
  if (input.links !== undefined) {
    links = unionBy(
      input.links.map((l) => ({ contactId: l.contactId, kind: l.kind, note: l.note ?? null })),
      [],
      (l) => `${l.contactId}:${l.kind}`,
    );
    const visible = await repo.visibleContactIdsAmong(
      db,
      user,
      links.map((l) => l.contactId),
    );
    input.links.forEach((l, i) => {
      if (id && l.contactId === id) issues.push({ path: `links.${i}.contactId`, code: CounterpartyFieldCodes.linkSelf });
      else if (!visible.has(l.contactId)) issues.push({ path: `links.${i}.contactId`, code: CounterpartyFieldCodes.contactInvalid });
    });
  }
  if (issues.length) throw invalidFields(issues);
  return { values, memberships, links, phoneDigits, emails };
}

async function writeMemberships(trx: Db, workspaceId: string, id: string, m: NonNullable<Prepared['memberships']>) {
  await trx.deleteFrom('contact_companies').where('contact_id', '=', id).execute();
  if (!m.list.length) return;
  await trx
    .insertInto('contact_companies')
    .values(
      m.list.map((x) => ({
        workspace_id: workspaceId,
        contact_id: id,
        company_id: x.companyId,
        position: x.position,
        is_primary: x.companyId === m.primary,
      })),
    )
    .execute();
}

async function writeLinks(trx: Db, user: AuthUser, id: string, links: LinkInput[]) {
  // Links to contacts the caller cannot see are not theirs to remove.
  await sql`delete from contact_links l where (l.from_contact_id = ${id} or l.to_contact_id = ${id})
    and exists (select 1 from contacts o where o.id = case when l.from_contact_id = ${id} then l.to_contact_id else l.from_contact_id end
      and ${visibleTo(user, 'contact', 'o')})`.execute(trx);
  if (!links.length) return;
  await trx
    .insertInto('contact_links')
    .values(
      links.map((l) => ({
        workspace_id: user.workspaceId,
        from_contact_id: l.kind === 'referredBy' ? l.contactId : id,
        to_contact_id: l.kind === 'referredBy' ? id : l.contactId,
        kind: l.kind === 'knows' ? ('knows' as const) : ('referred' as const),
        note: l.note,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Contacts of the workspace that already have one of these phones or emails (live check and 409 on save). */
export async function findContactDuplicates(
  db: Db,
  user: AuthUser,
  q: { phones?: string[]; emails?: string[]; excludeId?: string },
): Promise<Duplicate[]> {
  const phones = (q.phones ?? []).filter((p) => p.length >= 5);
  const emails = (q.emails ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean);
  const rows = await repo.contactsWithChannels(db, user, phones, emails, q.excludeId);
  return rows.map((r) => ({
    type: 'contact' as const,
    id: r.id,
    title: r.visible ? r.full_name : null,
    ownerName: r.owner_name,
    visible: Boolean(r.visible),
    matched: phones.some((p) => r.search_phones.split(' ').includes(p)) ? ('phone' as const) : ('email' as const),
  }));
}

/** The form's live check: a phone in any format and/or an email. */
export async function checkContactDuplicates(db: Db, user: AuthUser, q: { phone?: string; email?: string; excludeId?: string }) {
  const phones: string[] = [];
  if (q.phone) {
    const e164 = normalizePhone(q.phone, await workspaceRegion(db, user.workspaceId));
    if (e164) phones.push(e164.slice(1));
  }
  return findContactDuplicates(db, user, { phones, emails: q.email ? [q.email] : [], excludeId: q.excludeId });
}

export type WriteOptions = { force?: boolean };

/**
 * The 409 on a phone or email another contact already has, made safe under concurrency: the
 * values are locked (in the caller's transaction) before the check, so of parallel creates with
 * the same phone the first commits and every other one then sees it. Forced writes lock too, so
 * an unforced one racing them still sees their row.
 */
async function guardDuplicates(trx: Db, user: AuthUser, p: Prepared, opts: WriteOptions, excludeId?: string) {
  const phones = p.phoneDigits.filter((d) => d.length >= 5);
  const emails = p.emails.map((e) => e.trim().toLowerCase()).filter(Boolean);
  if (!phones.length && !emails.length) return;
  await lockValues(trx, user.workspaceId, 'contact.phone', phones);
  await lockValues(trx, user.workspaceId, 'contact.email', emails);
  if (opts.force) return;
  const dups = await findContactDuplicates(trx, user, { phones, emails, excludeId });
  if (dups.length) throw new DuplicateError(dups);
}

export async function createContact(db: Db, user: AuthUser, input: CreateContactBody, opts: WriteOptions = {}): Promise<Contact> {
  const p = await prepare(db, user, null, input, null);
  const id = await inTransaction(db, async (trx) => {
    await guardDuplicates(trx, user, p, opts);
    const v = p.values;
    const row = await trx
      .insertInto('contacts')
      .values({
        workspace_id: user.workspaceId,
        first_name: input.firstName,
        middle_name: v.middle_name ?? null,
        last_name: v.last_name ?? null,
        company_id: v.company_id ?? null,
        position: v.position ?? null,
        country: v.country ?? null,
        phones: v.phones ?? '[]',
        emails: v.emails ?? '[]',
        messengers: v.messengers ?? '[]',
        addresses: v.addresses ?? '[]',
        birthday: v.birthday ?? null,
        important_dates: v.important_dates ?? '[]',
        preferences: v.preferences ?? '[]',
        segment: v.segment ?? null,
        source: v.source ?? null,
        tags: v.tags ?? [],
        notes: v.notes ?? null,
        owner_id: v.owner_id ?? user.id,
        created_by: user.id,
        deleted_at: null,
        search_phones: v.search_phones ?? '',
        search_emails: v.search_emails ?? '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (p.memberships) await writeMemberships(trx, user.workspaceId, row.id, p.memberships);
    if (p.links) await writeLinks(trx, user, row.id, p.links);
    const created = await load(trx, user, await getRow(trx, user, row.id, { unscoped: true }));
    await recordAudit(trx, user, { entity: 'contact', entityId: row.id, action: 'create', after: snapshot(created) });
    await addTimelineEvent(trx, { workspaceId: user.workspaceId, entity: 'contact', entityId: row.id, kind: 'created', userId: user.id });
    return row.id;
  });
  return load(db, user, await getRow(db, user, id, { unscoped: true }));
}

export async function updateContact(
  db: Db,
  user: AuthUser,
  id: string,
  input: UpdateContactBody,
  opts: WriteOptions = {},
): Promise<Contact> {
  const row = await getRow(db, user, id);
  await assertCanEdit(db, user, 'contact', id, row.owner_id);
  const current = await load(db, user, row);
  const { version, ...changes } = input;
  const p = await prepare(db, user, id, changes, current);
  await inTransaction(db, async (trx) => {
    await guardDuplicates(trx, user, p, opts, id);
    const updated = await trx
      .updateTable('contacts')
      .set({ ...p.values, version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .where('workspace_id', '=', user.workspaceId)
      .where('version', '=', version)
      .where('deleted_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw versionConflict();
    if (p.memberships) await writeMemberships(trx, user.workspaceId, id, p.memberships);
    if (p.links) await writeLinks(trx, user, id, p.links);
    const after = await load(trx, user, await getRow(trx, user, id, { unscoped: true }));
    await recordAudit(trx, user, { entity: 'contact', entityId: id, action: 'update', before: snapshot(current), after: snapshot(after) });
  });
  // Read back without the access rule: the caller may just have handed the contact to someone else.
  return load(db, user, await getRow(db, user, id, { unscoped: true }));
}

/** Soft delete: the contact leaves lists, search and lookups, and can be restored. */
export async function deleteContact(db: Db, user: AuthUser, id: string): Promise<void> {
  const row = await getRow(db, user, id);
  await assertCanEdit(db, user, 'contact', id, row.owner_id);
  const before = await load(db, user, row);
  await inTransaction(db, async (trx) => {
    const done = await trx
      .updateTable('contacts')
      .set({ deleted_at: new Date(), version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!done) throw notFound(CounterpartyErrors.contactNotFound);
    const after = await load(trx, user, await getRow(trx, user, id, { deleted: 'any', unscoped: true }));
    await recordAudit(trx, user, { entity: 'contact', entityId: id, action: 'delete', before: snapshot(before), after: snapshot(after) });
  });
}

export async function restoreContact(db: Db, user: AuthUser, id: string): Promise<Contact> {
  const row = await getRow(db, user, id, { deleted: 'deleted' });
  await assertCanEdit(db, user, 'contact', id, row.owner_id);
  const before = await load(db, user, row);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('contacts')
      .set({ deleted_at: null, version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    const after = await load(trx, user, await getRow(trx, user, id, { unscoped: true }));
    await recordAudit(trx, user, { entity: 'contact', entityId: id, action: 'restore', before: snapshot(before), after: snapshot(after) });
  });
  return getContact(db, user, id);
}

const MERGE_FILL = ['middle_name', 'last_name', 'company_id', 'position', 'country', 'birthday', 'segment', 'source', 'owner_id'] as const;

/**
 * Merges `otherId` into `keepId`: everything referring to the other contact moves to the kept one
 * (each module holding references relinks them in its merge handler); empty fields are filled
 * from the other; phones, emails, messengers, addresses, dates, preferences and tags are united;
 * the other is soft-deleted. Both get a 'merge' audit entry, the kept one a timeline event.
 */
export async function mergeContacts(db: Db, user: AuthUser, keepId: string, otherId: string): Promise<Contact> {
  if (keepId === otherId) throw invalidFields([{ path: 'otherId', code: CounterpartyFieldCodes.mergeSame }]);
  const [keep0, other0] = await Promise.all([getRow(db, user, keepId), getRow(db, user, otherId)]);
  await assertCanEdit(db, user, 'contact', keepId, keep0.owner_id);
  await assertCanEdit(db, user, 'contact', otherId, other0.owner_id);
  await inTransaction(db, async (trx) => {
    for (const lockId of [keepId, otherId].sort()) await getRow(trx, user, lockId, { lock: true });
    const keepRow = await getRow(trx, user, keepId);
    const otherRow = await getRow(trx, user, otherId);
    const keep = await load(trx, user, keepRow);
    const other = await load(trx, user, otherRow);
    const fill = fillEmpty(keepRow, otherRow, [...MERGE_FILL]);
    const phones = unionBy(keepRow.phones, otherRow.phones, (x) => x.number);
    const emails = unionBy(keepRow.emails, otherRow.emails, (x) => x.address.toLowerCase());
    // Every module that points at contacts (this one's companies and links, deals, activities,
    // documents, shares and the timeline) relinks its own rows in its merge handler.
    await publishMerged(trx, 'contact', user.id, { workspaceId: user.workspaceId, keptId: keepId, mergedId: otherId });
    await trx
      .updateTable('contacts')
      .set({
        ...fill,
        first_name: keepRow.first_name || otherRow.first_name,
        phones: JSON.stringify(phones),
        emails: JSON.stringify(emails),
        messengers: JSON.stringify(unionBy(keepRow.messengers, otherRow.messengers, (x) => `${x.type}:${x.handle.toLowerCase()}`)),
        addresses: JSON.stringify(unionBy(keepRow.addresses, otherRow.addresses, (x) => x.text.trim().toLowerCase())),
        important_dates: JSON.stringify(unionBy(keepRow.important_dates, otherRow.important_dates, (x) => `${x.label}:${x.date}`)),
        preferences: JSON.stringify(unionBy(keepRow.preferences, otherRow.preferences, (x) => `${x.kind}:${x.text}`)),
        search_phones: searchPhonesValue(phones),
        search_emails: searchEmailsValue(emails),
        tags: cleanTags([...keepRow.tags, ...otherRow.tags]),
        notes: mergeNotes(keepRow.notes, otherRow.notes),
        version: sql`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', keepId)
      .execute();
    // Moving the memberships may have brought the other's primary company along.
    const primary = fill.company_id ?? keepRow.company_id;
    if (primary) {
      await trx
        .updateTable('contact_companies')
        .set({ is_primary: sql`company_id = ${primary}` })
        .where('contact_id', '=', keepId)
        .execute();
    }
    await trx
      .updateTable('contacts')
      .set({ deleted_at: new Date(), version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', otherId)
      .execute();
    const keepAfter = await load(trx, user, await getRow(trx, user, keepId, { unscoped: true }));
    const otherAfter = await load(trx, user, await getRow(trx, user, otherId, { deleted: 'any', unscoped: true }));
    await recordAudit(trx, user, {
      entity: 'contact',
      entityId: keepId,
      action: 'merge',
      before: { ...snapshot(keep), mergedFrom: otherId },
      after: snapshot(keepAfter),
    });
    await recordAudit(trx, user, {
      entity: 'contact',
      entityId: otherId,
      action: 'merge',
      before: snapshot(other),
      after: { ...snapshot(otherAfter), mergedInto: keepId },
    });
    await addTimelineEvent(trx, {
      workspaceId: user.workspaceId,
      entity: 'contact',
      entityId: keepId,
      kind: 'merged',
      userId: user.id,
      refEntity: 'contact',
      refId: otherId,
      data: { otherId, otherName: otherRow.full_name },
    });
  });
  return getContact(db, user, keepId);
}

/**
 * Hands contacts to another user of the workspace (stale-contact rotation, A4): owner changed,
 * one 'reassign' audit entry and one timeline event per contact, in the caller's transaction when
 * there is one. Every contact must be visible to and editable by the actor (404/403 otherwise).
 * Returns the ids whose owner actually changed.
 */
export async function reassignContacts(db: Db, actor: AuthUser, contactIds: string[], toUserId: string): Promise<string[]> {
  const ids = [...new Set(contactIds)];
  if (!ids.length) return [];
  await assertOwner(db, actor.workspaceId, toUserId, 'toUserId');
  return inTransaction(db, async (trx) => {
    // Lock first, then read who owns them: a concurrent reassignment either finished (and its
    // owner is what we read and audit as "from", and what the visibility check judges) or waits.
    await lockContacts(trx, actor.workspaceId, ids);
    const rows = await trx
      .selectFrom('contacts as c')
      .select(['c.id', 'c.owner_id'])
      .where('c.id', 'in', ids)
      .where('c.workspace_id', '=', actor.workspaceId)
      .where('c.deleted_at', 'is', null)
      .where(visibleTo(actor, 'contact', 'c'))
      .execute();
    if (rows.length !== ids.length) throw notFound(CounterpartyErrors.contactNotFound);
    for (const r of rows) await assertCanEdit(trx, actor, 'contact', r.id, r.owner_id);
    const moving = rows.filter((r) => r.owner_id !== toUserId);
    if (!moving.length) return [];
    await trx
      .updateTable('contacts')
      .set({ owner_id: toUserId, version: sql`version + 1`, updated_at: new Date() })
      .where(
        'id',
        'in',
        moving.map((r) => r.id),
      )
      .where('workspace_id', '=', actor.workspaceId)
      .execute();
    for (const r of moving) {
      await recordAudit(trx, actor, {
        entity: 'contact',
        entityId: r.id,
        action: 'reassign',
        before: { ownerId: r.owner_id },
        after: { ownerId: toUserId },
      });
      await addTimelineEvent(trx, {
        workspaceId: actor.workspaceId,
        entity: 'contact',
        entityId: r.id,
        kind: 'reassigned',
        userId: actor.id,
        data: { fromUserId: r.owner_id, toUserId },
      });
    }
    return moving.map((r) => r.id);
  });
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
      subtitle = r.phones.find((p) => req.phoneDigits!.some((d) => p.number.replace(/\D/g, '').includes(d)))?.number ?? null;
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
  const r = await sql<{ id: string; owner_id: string | null; full_name: string; company_id: string | null }>`
    select c.id, c.owner_id, c.full_name, c.company_id from contacts c
    where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.search_phones like ${`%${digits}%`}
      and ${digits} = any(string_to_array(c.search_phones, ' '))
    order by c.updated_at desc limit 20`.execute(db);
  return r.rows.map((x) => ({ id: x.id, ownerId: x.owner_id, fullName: x.full_name, companyId: x.company_id }));
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

/** Display names of the contacts among `ids` the caller sees (for other modules' lists). */
export async function contactNames(db: Db, user: AuthUser, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.full_name'])
    .where('c.id', 'in', ids)
    .where('c.workspace_id', '=', user.workspaceId)
    .where(visibleTo(user, 'contact', 'c'))
    .execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}
