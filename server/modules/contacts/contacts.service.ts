import type { Contact, CreateContactBody, UpdateContactBody } from '../../../contracts/contacts.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { checkOwnerChange } from '../../platform/rights.js';
import { recordAudit } from '../../platform/audit.js';
import { CounterpartyFieldCodes, findVisibleCompany } from '../companies/index.js';
import { assertCanEdit, cleanTags, inTransaction, unionBy } from '../../platform/records.js';
import { normalizePhone, regionOf, searchEmailsValue, searchPhonesValue, workspaceRegion } from '../../platform/search/index.js';
import { addTimelineEvent } from '../../platform/timeline.js';
import { guardDuplicates, type WriteOptions } from './contacts.duplicates.js';
import { getContact, getRow, load } from './contacts.read.js';
import { ContactErrors } from './contacts.errors.js';
import * as repo from './contacts.repository.js';
import { snapshot } from './contacts.view.js';

// Writes of contacts: validation against the current record, create, update, bin and restore,
// companies and links. Reads are in contacts.read.ts, duplicates in contacts.duplicates.ts,
// merging in contacts.merge.ts, handing contacts to another owner in contacts.reassign.ts.

type Values = repo.ContactChanges;
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
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  return { values, memberships, links, phoneDigits, emails };
}

async function writeMemberships(trx: Db, workspaceId: string, id: string, m: NonNullable<Prepared['memberships']>) {
  await repo.replaceMemberships(
    trx,
    id,
    m.list.map((x) => ({
      workspace_id: workspaceId,
      contact_id: id,
      company_id: x.companyId,
      position: x.position,
      is_primary: x.companyId === m.primary,
    })),
  );
}

async function writeLinks(trx: Db, user: AuthUser, id: string, links: LinkInput[]) {
  await repo.replaceVisibleLinks(
    trx,
    user,
    id,
    links.map((l) => ({
      workspace_id: user.workspaceId,
      from_contact_id: l.kind === 'referredBy' ? l.contactId : id,
      to_contact_id: l.kind === 'referredBy' ? id : l.contactId,
      kind: l.kind === 'knows' ? ('knows' as const) : ('referred' as const),
      note: l.note,
    })),
  );
}

export async function createContact(db: Db, user: AuthUser, input: CreateContactBody, opts: WriteOptions = {}): Promise<Contact> {
  const p = await prepare(db, user, null, input, null);
  const id = await inTransaction(db, async (trx) => {
    await guardDuplicates(trx, user, p, opts);
    const v = p.values;
    const row = await repo.insertContact(trx, {
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
    });
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
    const updated = await repo.updateContactAtVersion(trx, user.workspaceId, id, version, p.values);
    if (!updated) throw PlatformErrors.VERSION_CONFLICT();
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
    const done = await repo.softDeleteLiveContact(trx, id);
    if (!done) throw ContactErrors.CONTACT_NOT_FOUND();
    const after = await load(trx, user, await getRow(trx, user, id, { deleted: 'any', unscoped: true }));
    await recordAudit(trx, user, { entity: 'contact', entityId: id, action: 'delete', before: snapshot(before), after: snapshot(after) });
  });
}

export async function restoreContact(db: Db, user: AuthUser, id: string): Promise<Contact> {
  const row = await getRow(db, user, id, { deleted: 'deleted' });
  await assertCanEdit(db, user, 'contact', id, row.owner_id);
  const before = await load(db, user, row);
  await inTransaction(db, async (trx) => {
    await repo.updateContactRow(trx, id, { deleted_at: null });
    const after = await load(trx, user, await getRow(trx, user, id, { unscoped: true }));
    await recordAudit(trx, user, { entity: 'contact', entityId: id, action: 'restore', before: snapshot(before), after: snapshot(after) });
  });
  return getContact(db, user, id);
}
