// Deals follow merged companies and contacts (registered at composition, app.ts): the contacts
// and companies modules publish the merge and never know deals exist.
import { sql } from 'kysely';
import type { Db } from '../../platform/database.js';
import { onMerge, type MergedPayload } from '../../platform/merge.js';

async function relinkCompanyDeals(trx: Db, { workspaceId, keptId, mergedId }: MergedPayload): Promise<void> {
  await trx
    .updateTable('deals')
    .set({ company_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('company_id', '=', mergedId)
    .execute();
}

/**
 * Moves the merged contact's deal memberships onto the kept one. A deal that has both keeps one
 * row (the key is (deal, contact)): the kept contact's, with the empty role filled from the
 * other's, the earlier position, and the decision maker's flag if the other had it. The other
 * row goes first, so the one-decision-maker-per-deal index never sees two.
 */
async function relinkDealContacts(trx: Db, { workspaceId, keptId, mergedId }: MergedPayload): Promise<void> {
  await sql`
    with dropped as (
      delete from deal_contacts m using deal_contacts k
      where m.workspace_id = ${workspaceId} and m.contact_id = ${mergedId}
        and k.contact_id = ${keptId} and k.deal_id = m.deal_id
      returning m.deal_id, m.role, m.is_decision_maker, m.position)
    update deal_contacts k
    set role = coalesce(k.role, dropped.role),
      is_decision_maker = k.is_decision_maker or dropped.is_decision_maker,
      position = least(k.position, dropped.position)
    from dropped where k.contact_id = ${keptId} and k.deal_id = dropped.deal_id`.execute(trx);
  await trx
    .updateTable('deal_contacts')
    .set({ contact_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', mergedId)
    .execute();
}

/** Composition (app.ts): deals follow merged companies and contacts, in the merge transaction. */
export function registerDealMerges(): void {
  onMerge('company', 'deals', { covers: ['deals.company_id'] }, relinkCompanyDeals);
  onMerge('contact', 'deals', { covers: ['deal_contacts.contact_id'] }, relinkDealContacts);
}
