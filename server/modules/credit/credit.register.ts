import type { Db } from '../../platform/database.js';
import { onMerge, type MergedPayload } from '../../platform/merge.js';
import { onDealStageEntry } from '../deals/index.js';
import { onInvoiceIssue } from '../invoices/index.js';
import { assertClear } from './credit.service.js';

async function relinkCompany(trx: Db, { workspaceId, keptId, mergedId }: MergedPayload): Promise<void> {
  await trx
    .updateTable('credit_overrides')
    .set({ company_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('company_id', '=', mergedId)
    .execute();
}

/**
 * Composition (app.ts): the hold is checked when an invoice is issued and when a deal enters a
 * stage that requires credit clearance; passes follow merged companies.
 */
export function registerCreditHold(): void {
  onInvoiceIssue('credit-hold', async (trx, user, invoice, options) => {
    // A credit note lowers what the client owes: never held.
    if (invoice.kind !== 'invoice') return;
    await assertClear(trx, user, {
      kind: 'invoice',
      id: invoice.id,
      companyId: invoice.company_id,
      adding: { legalEntityId: invoice.legal_entity_id, currency: invoice.currency, total: invoice.total },
      overrideReason: options.creditOverrideReason,
    });
  });
  onDealStageEntry('credit-hold', async (trx, user, entry) => {
    await assertClear(trx, user, { kind: 'deal', id: entry.dealId, companyId: entry.companyId, overrideReason: entry.overrideReason });
  });
  onMerge('company', 'credit', { covers: ['credit_overrides.company_id'] }, relinkCompany);
}
