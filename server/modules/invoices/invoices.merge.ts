// Invoices and payments follow merged companies and contacts (registered at composition, app.ts).
// An issued invoice keeps the buyer as printed (its frozen snapshot); only the link moves, so the
// kept company's receivables and advance include the merged one's.
import type { Db } from '../../platform/database.js';
import { onMerge, type MergedPayload } from '../../platform/merge.js';

async function relinkCompany(trx: Db, { workspaceId, keptId, mergedId }: MergedPayload): Promise<void> {
  for (const table of ['invoices', 'payments'] as const) {
    await trx
      .updateTable(table)
      .set({ company_id: keptId })
      .where('workspace_id', '=', workspaceId)
      .where('company_id', '=', mergedId)
      .execute();
  }
}

async function relinkContact(trx: Db, { workspaceId, keptId, mergedId }: MergedPayload): Promise<void> {
  await trx
    .updateTable('invoices')
    .set({ contact_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', mergedId)
    .execute();
}

/** Composition (app.ts): invoices and payments follow merged companies and contacts, in the merge transaction. */
export function registerInvoiceMerges(): void {
  onMerge('company', 'invoices', { covers: ['invoices.company_id', 'payments.company_id'] }, relinkCompany);
  onMerge('contact', 'invoices', { covers: ['invoices.contact_id'] }, relinkContact);
}
