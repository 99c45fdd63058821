// Documents follow merged contacts and companies (registered at composition, app.ts): a document
// linked to the merged record is linked to the kept one instead.
import { sql } from 'kysely';
import type { Db } from '../../platform/database.js';
import { MERGE_KINDS, onMerge, type MergeKind, type MergedPayload } from '../../platform/merge.js';

/** Moves the links; a document linked to both records keeps the one link to the kept record. */
async function relinkDocuments(trx: Db, entity: MergeKind, { workspaceId, keptId, mergedId }: MergedPayload): Promise<void> {
  await sql`delete from document_links m where m.workspace_id = ${workspaceId} and m.entity = ${entity} and m.entity_id = ${mergedId}
    and exists (select 1 from document_links k where k.document_id = m.document_id and k.entity = ${entity} and k.entity_id = ${keptId})`.execute(
    trx,
  );
  await trx
    .updateTable('document_links')
    .set({ entity_id: keptId })
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', entity)
    .where('entity_id', '=', mergedId)
    .execute();
}

/** Composition (app.ts): document links follow merged contacts and companies. */
export function registerDocumentMerges(): void {
  for (const kind of MERGE_KINDS) {
    onMerge(kind, 'documents', { covers: ['document_links.entity_id'] }, (trx, p) => relinkDocuments(trx, kind, p));
  }
}
