// Merging contacts: mergeContacts itself, and how the contacts module's own rows follow merges (a
// contact's companies and links when two contacts merge, contacts' companies when two companies
// merge). The relinking is registered at composition like every other module's, so mergeContacts
// and mergeCompanies only publish the merge.
import { sql } from 'kysely';
import type { Contact } from '../../../contracts/contacts.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { onMerge, publishMerged, type MergedPayload } from '../../platform/merge.js';
import { assertCanEdit, cleanTags, fillEmpty, inTransaction, mergeNotes, unionBy } from '../../platform/records.js';
import { searchEmailsValue, searchPhonesValue } from '../../platform/search/index.js';
import { addTimelineEvent } from '../../platform/timeline.js';
import { CounterpartyFieldCodes } from '../companies/index.js';
import { getContact, getRow, load } from './contacts.read.js';
import * as repo from './contacts.repository.js';
import { snapshot } from './contacts.view.js';

const MERGE_FILL = ['middle_name', 'last_name', 'company_id', 'position', 'country', 'birthday', 'segment', 'source', 'owner_id'] as const;

/**
 * Merges `otherId` into `keepId`: everything referring to the other contact moves to the kept one
 * (each module holding references relinks them in its merge handler); empty fields are filled
 * from the other; phones, emails, messengers, addresses, dates, preferences and tags are united;
 * the other is soft-deleted. Both get a 'merge' audit entry, the kept one a timeline event.
 */
export async function mergeContacts(db: Db, user: AuthUser, keepId: string, otherId: string): Promise<Contact> {
  if (keepId === otherId) throw PlatformErrors.VALIDATION({ fields: [{ path: 'otherId', code: CounterpartyFieldCodes.mergeSame }] });
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
    await repo.updateContactRow(trx, keepId, {
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
    });
    // Moving the memberships may have brought the other's primary company along.
    const primary = fill.company_id ?? keepRow.company_id;
    if (primary) {
      await repo.setPrimaryMembership(trx, keepId, primary);
    }
    await repo.updateContactRow(trx, otherId, { deleted_at: new Date() });
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
 * Moves the merged contact's memberships onto the kept one. A company both belonged to keeps the
 * kept contact's row, its empty position filled from the other's; mergeContacts then sets which
 * membership is primary.
 */
async function relinkMemberships(trx: Db, { workspaceId, keptId, mergedId }: MergedPayload): Promise<void> {
  await sql`
    with dropped as (
      delete from contact_companies m using contact_companies k
      where m.workspace_id = ${workspaceId} and m.contact_id = ${mergedId}
        and k.contact_id = ${keptId} and k.company_id = m.company_id
      returning m.company_id, m.position)
    update contact_companies k set position = coalesce(k.position, dropped.position)
    from dropped where k.contact_id = ${keptId} and k.company_id = dropped.company_id`.execute(trx);
  await trx
    .updateTable('contact_companies')
    .set({ contact_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', mergedId)
    .execute();
}

/**
 * Moves the merged contact's links onto the kept one, without self-links (the two merged records
 * linked to each other) and without duplicates: a link the kept contact already has, or for
 * "knows" (mutual, one row per pair whichever way it was written) its reverse, is dropped, its
 * note kept where the surviving link has none.
 */
async function relinkLinks(trx: Db, { workspaceId, keptId, mergedId }: MergedPayload): Promise<void> {
  await sql`delete from contact_links where workspace_id = ${workspaceId}
    and ((from_contact_id = ${mergedId} and to_contact_id = ${keptId}) or (from_contact_id = ${keptId} and to_contact_id = ${mergedId}))`.execute(
    trx,
  );
  // Each link of the merged contact is matched with the kept contact's link to the same person
  // once the merged side is replaced: same direction and kind, or the reverse for "knows".
  await sql`
    with moved as (
      select l.id, l.note,
        case when l.from_contact_id = ${mergedId} then ${keptId}::uuid else l.from_contact_id end as from_id,
        case when l.to_contact_id = ${mergedId} then ${keptId}::uuid else l.to_contact_id end as to_id,
        l.kind
      from contact_links l
      where l.workspace_id = ${workspaceId} and (l.from_contact_id = ${mergedId} or l.to_contact_id = ${mergedId})),
    twin as (
      select distinct on (m.id) m.id as moved_id, m.note, k.id as kept_link_id
      from moved m join contact_links k on k.kind = m.kind and k.id <> m.id
        and ((k.from_contact_id = m.from_id and k.to_contact_id = m.to_id)
          or (m.kind = 'knows' and k.from_contact_id = m.to_id and k.to_contact_id = m.from_id))
      where ${keptId} in (k.from_contact_id, k.to_contact_id)
      order by m.id, k.id),
    dropped as (delete from contact_links l using twin where l.id = twin.moved_id returning twin.kept_link_id, twin.note)
    update contact_links k set note = coalesce(k.note, dropped.note) from dropped where k.id = dropped.kept_link_id`.execute(trx);
  await trx
    .updateTable('contact_links')
    .set({ from_contact_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('from_contact_id', '=', mergedId)
    .execute();
  await trx
    .updateTable('contact_links')
    .set({ to_contact_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('to_contact_id', '=', mergedId)
    .execute();
}

/**
 * Moves contacts of the merged company onto the kept one: their primary company and their
 * memberships. A contact that belonged to both keeps one membership, primary if either was, its
 * empty position filled from the other's.
 */
async function relinkCompanyContacts(trx: Db, { workspaceId, keptId, mergedId }: MergedPayload): Promise<void> {
  await trx
    .updateTable('contacts')
    .set({ company_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('company_id', '=', mergedId)
    .execute();
  await sql`
    with dropped as (
      delete from contact_companies m using contact_companies k
      where m.workspace_id = ${workspaceId} and m.company_id = ${mergedId}
        and k.company_id = ${keptId} and k.contact_id = m.contact_id
      returning m.contact_id, m.position, m.is_primary)
    update contact_companies k
    set position = coalesce(k.position, dropped.position), is_primary = k.is_primary or dropped.is_primary
    from dropped where k.company_id = ${keptId} and k.contact_id = dropped.contact_id`.execute(trx);
  await trx
    .updateTable('contact_companies')
    .set({ company_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('company_id', '=', mergedId)
    .execute();
}

/** Composition (app.ts): the contacts module's rows follow merged contacts and companies. */
export function registerContactMerges(): void {
  onMerge(
    'contact',
    'contacts',
    { covers: ['contact_companies.contact_id', 'contact_links.from_contact_id', 'contact_links.to_contact_id'] },
    async (trx, p) => {
      await relinkMemberships(trx, p);
      await relinkLinks(trx, p);
    },
  );
  onMerge('company', 'contacts', { covers: ['contacts.company_id', 'contact_companies.company_id'] }, relinkCompanyContacts);
}
