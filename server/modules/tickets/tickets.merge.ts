// Tickets follow merged contacts and companies (registered at composition, app.ts).
import { MERGE_KINDS, onMerge } from '../../platform/merge.js';
import { relinkTickets } from './tickets.repository.js';

/** Composition (app.ts): a ticket of the merged record belongs to the kept one. */
export function registerTicketMerges(): void {
  for (const kind of MERGE_KINDS) {
    onMerge(kind, 'tickets', { covers: [kind === 'contact' ? 'tickets.contact_id' : 'tickets.company_id'] }, (trx, p) =>
      relinkTickets(trx, kind, p.workspaceId, p.mergedId, p.keptId),
    );
  }
}
