import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import type { Plan } from './deals.plan.js';

// Stages marked `requiresCreditClearance` (for example «Отгрузка») are entered only when the
// client is cleared: the credit hold (a feature above deals) registers its check from app.ts, and
// it runs in the transaction of the move, so a refused move changes nothing.

/** What a check is told about a deal entering such a stage. */
export type StageEntry = { dealId: string; companyId: string; stageId: string; overrideReason?: string };
/** Refuses by throwing an AppError (409 CREDIT_HOLD). */
export type StageEntryCheck = (trx: Db, user: AuthUser, entry: StageEntry) => Promise<void>;

const checks = new Map<string, StageEntryCheck>();

/** Registers a check run when a deal enters a stage that requires credit clearance (at composition; keyed by name). */
export function onDealStageEntry(name: string, check: StageEntryCheck): void {
  checks.set(name, check);
}

/** Runs the checks when the planned change moves a deal of a client into a clearance stage. */
export async function checkStageEntry(
  trx: Db,
  user: AuthUser,
  plan: Plan,
  deal: { id: string; companyId: string | null },
  overrideReason: string | undefined,
): Promise<void> {
  if (!plan.stageChanged || !plan.stage.requiresCreditClearance || !deal.companyId) return;
  for (const check of checks.values())
    await check(trx, user, { dealId: deal.id, companyId: deal.companyId, stageId: plan.stage.id, overrideReason });
}
