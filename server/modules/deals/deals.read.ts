import type { Deal, ListDealsQuery } from '../../../contracts/deals.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { DealErrors } from './deals.errors.js';
import * as repo from './deals.repository.js';
import { toDeal, toListItem } from './deals.view.js';

/** The deal row the caller may see, in the bin or not (404 otherwise). */
export async function loadRow(db: Db, user: AuthUser, id: string): Promise<repo.DealRow> {
  const row = await repo.findDealRow(db, user, id);
  if (!row) throw DealErrors.DEAL_NOT_FOUND();
  return row;
}

/** One deal the caller may see (404 otherwise, as for a deal that does not exist). */
export async function getDeal(db: Db, user: AuthUser, id: string): Promise<Deal> {
  const deal = await readDeal(db, user, id, true);
  // In the bin: found only through the list of deleted deals (and restored from there).
  if (deal.deletedAt) throw DealErrors.DEAL_NOT_FOUND();
  return deal;
}

/** After a write the caller may no longer see the deal (they gave it away): read it unchecked. */
export async function readDeal(db: Db, user: AuthUser, id: string, checkAccess: boolean): Promise<Deal> {
  const row = await repo.findDealRow(db, user, id, checkAccess);
  if (!row) throw DealErrors.DEAL_NOT_FOUND();
  const [contacts, lines] = await Promise.all([repo.dealContacts(db, user, id), repo.dealLines(db, id)]);
  return toDeal(row, contacts, lines);
}

/** Whether the caller may see the deal: for the audit endpoint and links from other modules. */
export async function canSeeDeal(db: Db, user: AuthUser, id: string): Promise<boolean> {
  return !!(await repo.findDealRow(db, user, id));
}

export async function listDeals(db: Db, user: AuthUser, q: ListDealsQuery) {
  const after = decodeCursor(q.cursor, repo.sortKeys[q.sort.replace(/^-/, '')].type);
  const rows = await repo.listDealRows(db, user, q, q.sort, after, q.limit);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toListItem),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}

/** How many deals the list would show for this query, counting at most `cap`. */
export async function countDeals(db: Db, user: AuthUser, q: ListDealsQuery, cap: number): Promise<number> {
  return repo.countDealRows(db, user, q, cap);
}

export async function dealHistory(db: Db, user: AuthUser, id: string) {
  await loadRow(db, user, id);
  const rows = await repo.stageMoves(db, user.workspaceId, id);
  return {
    items: rows.map((m) => ({
      id: m.id,
      fromPipelineId: m.from_pipeline_id,
      fromStageId: m.from_stage_id,
      fromStageName: m.from_stage_name,
      toPipelineId: m.to_pipeline_id,
      toStageId: m.to_stage_id,
      toStageName: m.to_stage_name,
      fromStatus: m.from_status,
      toStatus: m.to_status,
      userId: m.user_id,
      userName: m.user_name,
      movedAt: m.moved_at.toISOString(),
    })),
  };
}
