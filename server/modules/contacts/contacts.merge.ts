// How the contacts module's own rows follow merges: a contact's companies and links when two
// contacts merge, contacts' companies when two companies merge. Registered at composition like
// every other module's relinking, so mergeContacts and mergeCompanies only publish the merge.
import { sql } from 'kysely';
import type { Db } from '../../platform/database.js';
import { onMerge, type MergedPayload } from '../../platform/merge.js';

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
