// Contracts follow merged companies (registered at composition, app.ts), so the kept company holds
// the merged one's terms, prices and limits.
import type { Db } from '../../platform/database.js';
import { onMerge, type MergedPayload } from '../../platform/merge.js';

async function relinkCompany(trx: Db, { workspaceId, keptId, mergedId }: MergedPayload): Promise<void> {
  await trx
    .updateTable('contracts')
    .set({ company_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('company_id', '=', mergedId)
    .execute();
}

/** Composition (app.ts): contracts follow merged companies, in the merge transaction. */
export function registerContractMerges(): void {
  onMerge('company', 'contracts', { covers: ['contracts.company_id'] }, relinkCompany);
}
