import { sql, type Insertable, type Selectable } from 'kysely';
import type { CreateContactBody } from '../../../contracts/contacts.js';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import type { FieldIssue } from '../../platform/errors.js';
import { recordAuditMany } from '../../platform/audit.js';
import { cleanTags, unionBy } from '../../platform/records.js';
import { visibleAmong } from '../../platform/registry.js';
import { ownerIssuesAmong } from '../../platform/rights.js';
import { normalizePhone, regionOf, searchEmailsValue, searchPhonesValue, workspaceRegion } from '../../platform/search/index.js';
import { addTimelineEvents } from '../../platform/timeline.js';
import type { ContactsTable } from './contacts.table.js';
import { snapshot, toContact } from './contacts.view.js';

// Many contacts at once (an import batch): the rules of createContact (owner only as the caller
// may assign, companies the caller can see, phones in E.164, e-mails de-duplicated, tags cleaned)
// checked for the whole batch in a few queries instead of a few per contact, then one INSERT, and
// per contact the same audit entry, event and timeline entry a single create writes.

/** A create as the API takes it (already through the contract's schema), without links to contacts. */
export type BulkContact = {
  input: Omit<CreateContactBody, 'links'>;
  /** When the record was created in the system it comes from (an import keeps it). */
  createdAt?: Date | null;
  /** The country of its company, for phones written without a country code. */
  companyCountry?: string | null;
};

export type CheckedContact =
  | { ok: true; row: Insertable<ContactsTable>; memberships: { companyId: string; position: string | null }[] }
  | { ok: false; issues: FieldIssue[] };

/**
 * Validates and normalises creates as createContact does, for many at once; writes nothing. Each
 * result is the row to insert or the problems with that contact, paths as the API names them.
 */
export async function checkContacts(db: Db, user: AuthUser, items: BulkContact[]): Promise<CheckedContact[]> {
  const owners = await ownerIssuesAmong(
    db,
    user,
    items.map((i) => i.input.ownerId),
  );
  const companyIds = items.flatMap((i) => [
    ...(i.input.companies ?? []).map((m) => m.companyId),
    ...(i.input.companyId ? [i.input.companyId] : []),
  ]);
  const visible = await visibleAmong(db, user, 'company', [...new Set(companyIds)]);
  const workspace = await workspaceRegion(db, user.workspaceId);
  return items.map(({ input, createdAt, companyCountry }): CheckedContact => {
    const issues: FieldIssue[] = [];
    if (input.ownerId) {
      const code = owners.get(input.ownerId);
      if (code) issues.push({ path: 'ownerId', code });
    }
    let list = unionBy(
      (input.companies ?? []).map((m) => ({ companyId: m.companyId, position: m.position ?? null })),
      [],
      (m) => m.companyId,
    );
    const primary = input.companyId ?? list[0]?.companyId ?? null;
    if (primary && !list.some((m) => m.companyId === primary)) list = [...list, { companyId: primary, position: input.position ?? null }];
    if (input.position !== undefined && primary)
      list = list.map((m) => (m.companyId === primary ? { ...m, position: input.position ?? null } : m));
    list.forEach((m, j) => {
      if (!visible.has(m.companyId))
        issues.push({ path: m.companyId === input.companyId ? 'companyId' : `companies.${j}.companyId`, code: 'COMPANY_INVALID' });
    });
    const region = regionOf(input.country) ?? regionOf(companyCountry) ?? workspace;
    const phones = unionBy(
      (input.phones ?? []).map((p, i) => {
        const e164 = normalizePhone(p.number, region);
        if (!e164) issues.push({ path: `phones.${i}.number`, code: 'PHONE_INVALID' });
        return { type: p.type, number: e164 ?? p.number };
      }),
      [],
      (p) => p.number,
    );
    const emails = unionBy(
      (input.emails ?? []).map((e) => ({ type: e.type, address: e.address.trim() })),
      [],
      (e) => e.address.toLowerCase(),
    );
    if (issues.length) return { ok: false, issues };
    return {
      ok: true,
      memberships: list,
      row: {
        workspace_id: user.workspaceId,
        first_name: input.firstName,
        middle_name: input.middleName || null,
        last_name: input.lastName || null,
        company_id: primary,
        position: (primary ? list.find((m) => m.companyId === primary)?.position : input.position) || null,
        country: input.country ?? null,
        phones: JSON.stringify(phones),
        emails: JSON.stringify(emails),
        messengers: JSON.stringify(input.messengers ?? []),
        addresses: JSON.stringify(input.addresses ?? []),
        birthday: input.birthday ?? null,
        important_dates: JSON.stringify(input.importantDates ?? []),
        preferences: JSON.stringify(input.preferences ?? []),
        segment: input.segment || null,
        source: input.source || null,
        tags: cleanTags(input.tags ?? []),
        notes: input.notes || null,
        owner_id: input.ownerId ?? user.id,
        created_by: user.id,
        deleted_at: null,
        search_phones: searchPhonesValue(phones),
        search_emails: searchEmailsValue(emails),
        ...(createdAt ? { created_at: createdAt, updated_at: createdAt } : {}),
      },
    };
  });
}

/**
 * Inserts contacts checked by checkContacts, in the caller's transaction: one INSERT for the rows
 * and one for their companies; an audit entry (with its `contact.created` event) and a timeline
 * entry per contact. Returns each one's id and version, in order.
 */
export async function insertContacts(
  trx: Db,
  user: AuthUser,
  rows: { row: Insertable<ContactsTable>; memberships: { companyId: string; position: string | null }[] }[],
): Promise<{ id: string; version: number }[]> {
  if (!rows.length) return [];
  const inserted = await trx
    .insertInto('contacts')
    .values(rows.map((r) => r.row))
    .returningAll()
    .execute();
  const members = rows.flatMap((r, i) =>
    r.memberships.map((m) => ({
      workspace_id: user.workspaceId,
      contact_id: inserted[i].id,
      company_id: m.companyId,
      position: m.position,
      is_primary: m.companyId === r.row.company_id,
    })),
  );
  if (members.length) await trx.insertInto('contact_companies').values(members).execute();
  await recordAuditMany(
    trx,
    user,
    inserted.map((row, i) => ({
      entity: 'contact',
      entityId: row.id,
      action: 'create' as const,
      after: snapshot(
        toContact(
          { ...row, owner_name: null },
          rows[i].memberships.map((m) => ({
            company_id: m.companyId,
            position: m.position,
            is_primary: m.companyId === row.company_id,
            company_name: '',
            visible: false,
          })),
          [],
        ),
      ),
    })),
  );
  await addTimelineEvents(
    trx,
    inserted.map((row) => ({ workspaceId: user.workspaceId, entity: 'contact', entityId: row.id, kind: 'created', userId: user.id })),
  );
  return inserted.map((r) => ({ id: r.id, version: r.version }));
}

export type ChannelMatch = { id: string; version: number; ownerId: string | null; visible: boolean; phones: string[]; emails: string[] };

/**
 * Live contacts of the workspace with any of these phones (E.164 digits) or e-mails (lower case),
 * whether the caller may see each: the duplicate check of a whole import batch in one query.
 */
export async function contactsWithAnyChannel(db: Db, user: AuthUser, phones: string[], emails: string[]): Promise<ChannelMatch[]> {
  if (!phones.length && !emails.length) return [];
  // One GIN lookup per number and address (contacts_phone_list, contacts_email_list), fenced off
  // in a materialised CTE. Given the workspace condition, or a whole batch's array to overlap (&&),
  // the planner walks the workspace's contacts comparing each with every number, which it prices
  // as one comparison; on a young table (an import fills it faster than statistics follow) a batch
  // then costs seconds, growing with the table.
  const r = await sql<{
    id: string;
    version: number;
    owner_id: string | null;
    visible: boolean;
    search_phones: string;
    search_emails: string;
  }>`
    with hits as materialized (
      select m.* from unnest(${phones}::text[]) k(v) join contacts m on string_to_array(m.search_phones, ' ') @> array[k.v]
      union all
      select m.* from unnest(${emails}::text[]) k(v) join contacts m on string_to_array(m.search_emails, ' ') @> array[k.v]
    )
    select distinct on (c.id) c.id, c.version, c.owner_id, ${visibleTo(user, 'contact', 'c')} as visible, c.search_phones, c.search_emails
    from hits c
    where c.workspace_id = ${user.workspaceId} and c.deleted_at is null
    order by c.id`.execute(db);
  return r.rows.map((row) => ({
    id: row.id,
    version: row.version,
    ownerId: row.owner_id,
    visible: row.visible,
    phones: row.search_phones.split(' ').filter(Boolean),
    emails: row.search_emails.split(' ').filter(Boolean),
  }));
}

/**
 * Moves contacts to the bin if each is still at the given version (nobody changed it since),
 * with an audit entry each; returns the ids moved.
 */
export async function binContactsAtVersion(trx: Db, user: AuthUser, items: { id: string; version: number }[]): Promise<string[]> {
  if (!items.length) return [];
  const r = await sql<Selectable<ContactsTable>>`
    update contacts c set deleted_at = now(), version = c.version + 1, updated_at = now()
    from unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[]) as t(id, version)
    where c.id = t.id and c.version = t.version and c.workspace_id = ${user.workspaceId} and c.deleted_at is null
    returning c.*`.execute(trx);
  const ids = r.rows.map((row) => row.id);
  const members = ids.length
    ? await trx
        .selectFrom('contact_companies')
        .select(['contact_id', 'company_id', 'position', 'is_primary'])
        .where('contact_id', 'in', ids)
        .execute()
    : [];
  await recordAuditMany(
    trx,
    user,
    r.rows.map((row) => {
      const ms = members
        .filter((m) => m.contact_id === row.id)
        .map((m) => ({ company_id: m.company_id, position: m.position, is_primary: m.is_primary, company_name: '', visible: false }));
      const after = snapshot(toContact({ ...row, owner_name: null }, ms, []));
      return {
        entity: 'contact',
        entityId: row.id,
        action: 'delete' as const,
        before: { ...after, deletedAt: null, version: row.version - 1 },
        after,
      };
    }),
  );
  return r.rows.map((row) => row.id);
}

/** Live contacts the caller may see by full name (case-insensitive), oldest first: what an import links a deal or an activity to. */
export async function visibleContactsByName(db: Db, user: AuthUser, names: string[]): Promise<{ id: string; full_name: string }[]> {
  if (!names.length) return [];
  const r = await sql<{ id: string; full_name: string }>`
    select c.id, c.full_name from contacts c
    where c.workspace_id = ${user.workspaceId} and c.deleted_at is null
      and lower(c.full_name) = any(${names.map((n) => n.toLowerCase())}::text[]) and ${visibleTo(user, 'contact', 'c')}
    order by c.created_at, c.id`.execute(db);
  return r.rows;
}
