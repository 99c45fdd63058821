import type { Credit, CreditOverride, CreditReason } from '../../../contracts/contracts.js';
import type { Currency } from '../../../contracts/products.js';
import type { AuthUser } from '../../platform/auth.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { namesAmong } from '../../platform/registry.js';
import { findVisibleCompany, CompanyErrors } from '../companies/index.js';
import { canManageCredit, todayFor } from '../contracts/index.js';
import { D, money } from '../money/index.js';
import { CreditErrors } from './credit.errors.js';
import * as repo from './credit.repository.js';

// The credit hold (D4): a client is on hold while an invoice under one of its contracts is unpaid
// past its due date, or what it owes a seller is above the credit limit of their contract in force.
// Issuing an invoice to it, or moving its deal into a stage that requires credit clearance, is then
// refused with 409 CREDIT_HOLD, unless finance, the director or admin let it through once (a pass
// granted beforehand, or a reason given with the request), which is audited.

type RawReason = Omit<CreditReason, 'hidden'>;
type Adding = { legalEntityId: string; currency: string; total: string };

/** Why the client is on hold on `today`; `adding` is an invoice about to be issued (counted in its seller's limit). */
async function evaluate(db: Db, workspaceId: string, companyId: string, today: string, adding?: Adding) {
  const [overdue, contracts] = await Promise.all([
    repo.overdueUnderContracts(db, workspaceId, companyId, today),
    repo.contractsInForce(db, workspaceId, companyId, today),
  ]);
  const reasons: RawReason[] = overdue.map((o) => ({
    kind: 'overdue',
    invoiceId: o.id,
    number: o.number,
    daysOverdue: o.days,
    balance: o.balance,
    currency: o.currency as Currency,
    dueDate: o.due_date,
    contractId: o.contract_id,
  }));
  const withAdding = contracts.map((c) => {
    const adds = adding && adding.legalEntityId === c.legal_entity_id && adding.currency === c.currency;
    return { ...c, exposure: money(adds ? new D(c.exposure).plus(adding.total) : c.exposure) };
  });
  for (const c of withAdding) {
    if (c.credit_limit === null || !new D(c.exposure).gt(c.credit_limit)) continue;
    reasons.push({
      kind: 'credit_limit',
      invoiceId: null,
      number: null,
      daysOverdue: 0,
      balance: money(new D(c.exposure).minus(c.credit_limit)),
      currency: c.currency as Currency,
      dueDate: null,
      contractId: c.id,
    });
  }
  return { reasons, contracts: withAdding };
}

/** The reasons as the viewer may read them: an invoice they may not open keeps its amount, not its id or number. */
async function forViewer(db: Db, user: AuthUser, reasons: RawReason[]): Promise<CreditReason[]> {
  const ids = reasons.flatMap((r) => (r.invoiceId ? [r.invoiceId] : []));
  const seen = await namesAmong(db, user, 'invoice', ids);
  return reasons.map((r) =>
    r.invoiceId && !seen.has(r.invoiceId) ? { ...r, invoiceId: null, number: null, hidden: true } : { ...r, hidden: false },
  );
}

function summary(contracts: Awaited<ReturnType<typeof evaluate>>['contracts']) {
  // The main contract: the latest in force with a limit, else the latest in force.
  const main = contracts.find((c) => c.credit_limit !== null) ?? contracts[0];
  return {
    creditLimit: main?.credit_limit ?? null,
    exposure: main?.exposure ?? '0.00',
    currency: (main?.currency as Currency | undefined) ?? null,
    contracts: contracts.map((c) => ({
      contractId: c.id,
      number: c.number,
      legalEntityId: c.legal_entity_id,
      currency: c.currency as Currency,
      creditLimit: c.credit_limit,
      exposure: c.exposure,
      available: c.credit_limit === null ? null : money(D.max(0, new D(c.credit_limit).minus(c.exposure))),
      paymentTermDays: c.payment_term_days,
    })),
  };
}

async function visibleCompanyOrThrow(db: Db, user: AuthUser, companyId: string) {
  if (!(await findVisibleCompany(db, user, companyId))) throw CompanyErrors.COMPANY_NOT_FOUND();
}

/** `GET /companies/:id/credit`: whether the client is on hold, why, its limit and exposure. */
export async function creditOf(db: Db, user: AuthUser, companyId: string): Promise<Credit> {
  await visibleCompanyOrThrow(db, user, companyId);
  const today = todayFor(user);
  const [state, openOverrides] = await Promise.all([
    evaluate(db, user.workspaceId, companyId, today),
    repo.openPassCount(db, user.workspaceId, companyId),
  ]);
  return {
    companyId,
    onHold: state.reasons.length > 0,
    reasons: await forViewer(db, user, state.reasons),
    ...summary(state.contracts),
    openOverrides,
    asOf: today,
  };
}

/** Which of the given clients (those the caller may see) are on hold today. */
export async function holds(db: Db, user: AuthUser, companyIds: string[]): Promise<{ onHold: string[] }> {
  return { onHold: await repo.holdsAmong(db, user, [...new Set(companyIds)], todayFor(user)) };
}

const toPass = (r: Awaited<ReturnType<typeof repo.passesOf>>[number]): CreditOverride => ({
  id: r.id,
  companyId: r.company_id,
  reason: r.reason,
  grantedBy: r.granted_by,
  grantedAt: r.granted_at.toISOString(),
  usedAt: r.used_at ? r.used_at.toISOString() : null,
  usedBy: r.used_by,
  usedForKind: r.used_for_kind,
  usedForId: r.used_for_id,
});

/** Grants one pass through the client's hold (finance, director, admin), used by the next blocked action. */
export async function grantPass(db: Db, user: AuthUser, companyId: string, reason: string): Promise<CreditOverride> {
  if (!canManageCredit(user)) throw PlatformErrors.FORBIDDEN({ fields: [{ path: 'reason', code: 'contracts.overrideForbidden' }] });
  await visibleCompanyOrThrow(db, user, companyId);
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertPass(trx, { workspace_id: user.workspaceId, company_id: companyId, reason, granted_by: user.id });
    await recordAudit(trx, user, { entity: 'company', entityId: companyId, action: 'credit_override', after: { granted: toPass(row) } });
    return toPass(row);
  });
}

/** The passes granted for a client, the newest first (who granted, who used them and for what). */
export async function passes(db: Db, user: AuthUser, companyId: string): Promise<{ items: CreditOverride[] }> {
  await visibleCompanyOrThrow(db, user, companyId);
  return { items: (await repo.passesOf(db, user.workspaceId, companyId)).map(toPass) };
}

type Target = { kind: 'invoice' | 'deal'; id: string; companyId: string; adding?: Adding; overrideReason?: string };

/**
 * Refuses the action while the client is on hold (409 CREDIT_HOLD naming the overdue invoices the
 * caller may open), unless a pass lets it through: the reason given with the request by finance,
 * the director or admin, or a pass granted before. Runs in the action's transaction.
 */
export async function assertClear(trx: Db, user: AuthUser, t: Target): Promise<void> {
  await repo.lockClient(trx, user.workspaceId, t.companyId);
  const today = todayFor(user);
  const state = await evaluate(trx, user.workspaceId, t.companyId, today, t.adding);
  if (!state.reasons.length) return;
  const used = { by: user.id, kind: t.kind, forId: t.id };
  let pass: CreditOverride | undefined;
  if (t.overrideReason !== undefined) {
    if (!canManageCredit(user))
      throw PlatformErrors.FORBIDDEN({ fields: [{ path: 'creditOverrideReason', code: 'contracts.overrideForbidden' }] });
    const row = await repo.insertPass(
      trx,
      { workspace_id: user.workspaceId, company_id: t.companyId, reason: t.overrideReason, granted_by: user.id },
      used,
    );
    pass = toPass(row);
  } else {
    const open = await repo.takeOpenPass(trx, user.workspaceId, t.companyId);
    if (open) pass = toPass(await repo.markPassUsed(trx, open.id, user.id, t.kind, t.id));
  }
  if (pass) {
    await recordAudit(trx, user, {
      entity: 'company',
      entityId: t.companyId,
      action: 'credit_override',
      after: {
        used: { id: pass.id, reason: pass.reason, grantedBy: pass.grantedBy, kind: t.kind, recordId: t.id, reasons: state.reasons },
      },
    });
    return;
  }
  const reasons = await forViewer(trx, user, state.reasons);
  const overdue = reasons.filter((r) => r.kind === 'overdue');
  const s = summary(state.contracts);
  throw CreditErrors.CREDIT_HOLD({
    params: {
      invoices: overdue.length ? overdue.map((r) => `${r.number ?? '…'} (${r.daysOverdue})`).join(', ') : '—',
      exposure: s.currency ? `${s.exposure} ${s.currency}` : '—',
      creditLimit: s.creditLimit && s.currency ? `${s.creditLimit} ${s.currency}` : '—',
    },
    details: { companyId: t.companyId, reasons, creditLimit: s.creditLimit, exposure: s.exposure, currency: s.currency },
  });
}
