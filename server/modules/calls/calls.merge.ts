// Calls follow merged contacts and companies (registered at composition, app.ts): a call linked to
// the merged record is linked to the kept one, and so is its first contact or company.
import { MERGE_KINDS, onMerge } from '../../platform/merge.js';
import { relinkCalls } from './calls.repository.js';
import { relinkCommands } from './telephony/commands.repository.js';

/** Composition (app.ts): call links and the calls' contact and company follow merges. */
export function registerCallMerges(): void {
  for (const kind of MERGE_KINDS) {
    const column = kind === 'contact' ? 'calls.contact_id' : 'calls.company_id';
    onMerge(kind, 'calls', { covers: ['call_links.entity_id', column] }, (trx, p) =>
      relinkCalls(trx, kind, p.workspaceId, p.mergedId, p.keptId),
    );
  }
  // A click-to-call request keeps the contact it was made for.
  onMerge('contact', 'telephony-commands', { covers: ['telephony_commands.contact_id'] }, (trx, p) =>
    relinkCommands(trx, p.workspaceId, p.mergedId, p.keptId),
  );
}
