import type { Insertable, Updateable } from 'kysely';
import { ymdOf, zoneOr } from '../../../contracts/time.js';
import { isMoney, type Currency } from '../../../contracts/products.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { checkOwnerChange } from '../../platform/rights.js';
import { findWorkspaceSettings } from '../../platform/settings.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { findVisibleCompany } from '../companies/index.js';
import { checkContractLink } from '../contracts/index.js';
import { visibleContactIds } from '../contacts/index.js';
import { defaultPipeline, findLostReason, findStage, getPipeline, type StageFacts } from '../pipelines/index.js';
import { DealErrors } from './deals.errors.js';
import { planLines, type ComputedLine } from './deals.lines.js';
import { D, dealTotals, money } from './deals.money.js';
import type * as repo from './deals.repository.js';
import type { DealsTable } from './deals.table.js';

// ---------------------------------------------------------------------------------------------
// Writing: one planner turns any change (create, patch, move, close, reopen) into the next state,
// so the closing rules, probability defaults and totals are the same on every path.
// ---------------------------------------------------------------------------------------------

import type { DealInput } from '../../../contracts/deals.js';

/** How the closing fields are named in the request (PATCH uses deal fields, /close its own). */
export type ClosingNames = { reason: string; comment: string; amount: string; date: string };
export const patchNames: ClosingNames = { reason: 'lostReasonId', comment: 'lostComment', amount: 'wonAmount', date: 'wonDate' };
export const closeNames: ClosingNames = { reason: 'reasonId', comment: 'comment', amount: 'amount', date: 'date' };

export type Plan = {
  values: Updateable<DealsTable>;
  stage: StageFacts;
  stageChanged: boolean;
  status: 'open' | 'won' | 'lost';
  lines?: ComputedLine[];
  contacts?: { contactId: string; role: string | null; isDecisionMaker: boolean }[];
};

/** Today's date where the user is (a deal won "today" in Sofia is not yesterday in UTC). */
export function todayIn(timeZone: string): string {
  return ymdOf(new Date(), zoneOr(timeZone, 'UTC'));
}

// The home currency of a workspace changes about never; the board asks for it on every request.
const currencyCache = new Map<string, { currency: Currency; until: number }>();
export async function workspaceCurrency(db: Db, workspaceId: string): Promise<Currency> {
  const hit = currencyCache.get(workspaceId);
  if (hit && hit.until > Date.now()) return hit.currency;
  const currency = (await findWorkspaceSettings(db, workspaceId))?.defaultCurrency ?? 'RUB';
  if (currencyCache.size > 10_000) currencyCache.clear();
  currencyCache.set(workspaceId, { currency, until: Date.now() + 60_000 });
  return currency;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function resolveStage(
  db: Db,
  user: AuthUser,
  current: repo.DealRow | undefined,
  input: DealInput,
  issues: FieldIssue[],
): Promise<StageFacts | undefined> {
  const ws = user.workspaceId;
  if (input.stageId) {
    const s = await findStage(db, ws, input.stageId);
    const pipelineId = input.pipelineId ?? s?.pipelineId;
    if (!s || s.pipelineId !== pipelineId) {
      issues.push({ path: 'stageId', code: 'sales.stageNotInPipeline' });
      return undefined;
    }
    return s;
  }
  if (input.pipelineId && (!current || input.pipelineId !== current.pipeline_id)) {
    const p = await getPipeline(db, user, input.pipelineId).catch(() => undefined);
    const first = p?.stages.find((s) => s.kind === 'open');
    if (!p || !first) {
      issues.push({ path: 'pipelineId', code: 'invalid' });
      return undefined;
    }
    return {
      id: first.id,
      pipelineId: p.id,
      name: first.name,
      probability: first.probability,
      rottingDays: first.rottingDays,
      kind: first.kind,
      requiresCreditClearance: first.requiresCreditClearance,
    };
  }
  if (current) return findStage(db, ws, current.stage_id, true);
  const p = await defaultPipeline(db, ws);
  const first = p.stages.find((s) => s.kind === 'open')!;
  return {
    id: first.id,
    pipelineId: p.id,
    name: first.name,
    probability: first.probability,
    rottingDays: first.rottingDays,
    kind: first.kind,
    requiresCreditClearance: first.requiresCreditClearance,
  };
}

async function planContacts(db: Db, user: AuthUser, input: DealInput, issues: FieldIssue[]): Promise<Plan['contacts']> {
  const field = input.contacts ? 'contacts' : 'contactIds';
  const list =
    input.contacts?.map((c) => ({ contactId: c.contactId, role: c.role ?? null, isDecisionMaker: c.isDecisionMaker ?? false })) ??
    input.contactIds?.map((contactId) => ({ contactId, role: null, isDecisionMaker: false }));
  if (!list) return undefined;
  const seen = new Set<string>();
  const pathOf = (i: number) => (field === 'contacts' ? `contacts.${i}.contactId` : `contactIds.${i}`);
  list.forEach((c, i) => {
    if (seen.has(c.contactId)) issues.push({ path: pathOf(i), code: 'sales.duplicateContact' });
    seen.add(c.contactId);
  });
  if (list.filter((c) => c.isDecisionMaker).length > 1) issues.push({ path: 'contacts', code: 'sales.oneDecisionMaker' });
  // A deal may not point at a person (or company) the caller cannot see: their names would leak onto cards.
  const visible =
    seen.size === 0
      ? new Set<string>()
      : new Set(
          (
            await visibleContactIds(db, user)
              .where('c.id', 'in', [...seen])
              .execute()
          ).map((r) => r.id),
        );
  list.forEach((c, i) => {
    if (!visible.has(c.contactId)) issues.push({ path: pathOf(i), code: 'sales.contactNotFound' });
  });
  return list;
}

/**
 * Computes the next state of a deal from its current state and a change, checking every rule:
 * stage within the pipeline, lost needs an active reason and a comment, won gets its amount and
 * date, probability follows the stage unless overridden, totals from lines in exact decimal.
 */
export async function planDeal(
  db: Db,
  user: AuthUser,
  current: repo.DealRow | undefined,
  input: DealInput,
  names: ClosingNames,
  issues: FieldIssue[] = [],
): Promise<Plan> {
  const stage = await resolveStage(db, user, current, input, issues);
  const values: Updateable<DealsTable> = {};
  const set = <K extends keyof Updateable<DealsTable>>(column: K, value: Updateable<DealsTable>[K] | undefined) => {
    if (value !== undefined) values[column] = value;
  };

  set('title', input.title);
  set('source', input.source);
  set('expected_close_date', input.expectedCloseDate);
  set('expected_payment_date', input.expectedPaymentDate);
  set('prices_include_vat', input.pricesIncludeVat);
  set('fulfilment_notes', input.fulfilmentNotes);
  if (input.qualification !== undefined) values.qualification = JSON.stringify(input.qualification);
  if (input.proposals !== undefined) values.proposals = JSON.stringify(input.proposals);
  if (input.contract !== undefined) values.contract = input.contract === null ? null : JSON.stringify(input.contract);
  if (input.paymentSchedule !== undefined) values.payment_schedule = JSON.stringify(input.paymentSchedule);
  if (input.nextStep !== undefined) {
    values.next_step_text = input.nextStep?.text ?? null;
    values.next_step_due_at = input.nextStep ? new Date(input.nextStep.dueAt) : null;
  }

  if (input.ownerId !== undefined && input.ownerId !== current?.owner_id) {
    await checkOwnerChange(db, user, { from: current?.owner_id, to: input.ownerId }, issues, { invalidCode: 'sales.ownerNotFound' });
    values.owner_id = input.ownerId;
  } else if (!current) {
    values.owner_id = user.id;
  }
  if (input.companyId !== undefined && input.companyId !== current?.company_id) {
    if (input.companyId === null || (await findVisibleCompany(db, user, input.companyId))) values.company_id = input.companyId;
    else issues.push({ path: 'companyId', code: 'sales.companyNotFound' });
  }
  const companyId = values.company_id !== undefined ? values.company_id : (current?.company_id ?? null);
  if (input.contractId !== undefined) values.contract_id = input.contractId;
  const contractId = values.contract_id !== undefined ? values.contract_id : (current?.contract_id ?? null);
  // A contract is the client's: checked when either side of the link changes.
  if (contractId && (input.contractId !== undefined || values.company_id !== undefined))
    await checkContractLink(db, user.workspaceId, contractId, { companyId }, issues);
  const currency = input.currency ?? (current?.currency as Currency | undefined) ?? (await workspaceCurrency(db, user.workspaceId));
  if (!current || input.currency) values.currency = currency;

  const contacts = await planContacts(db, user, input, issues);
  const lines = await planLines(db, user, current, input, currency, { companyId, contractId }, issues);
  let amount = input.amount ?? current?.amount ?? '0.00';
  if (lines) {
    const totals = dealTotals(lines);
    values.subtotal = totals.subtotal;
    values.vat_total = totals.vatAmount;
    values.total = totals.total;
    // Lines set the amount unless the same request names it.
    if (input.amount === undefined && lines.length > 0) amount = totals.total;
  }
  if (!current || amount !== current.amount) values.amount = money(new D(amount));

  if (!stage) throw PlatformErrors.VALIDATION({ fields: issues });
  const status = stage.kind;
  const stageChanged = !current || stage.id !== current.stage_id;
  const statusChanged = !current || status !== current.status;
  if (statusChanged) values.status = status;
  if (stageChanged) {
    values.stage_id = stage.id;
    values.pipeline_id = stage.pipelineId;
    values.stage_entered_at = new Date();
    values.board_rank = Date.now() / 1000;
  }

  // Probability: fixed by the outcome when closed; otherwise the stage default unless overridden.
  if (status === 'won' || status === 'lost') {
    values.probability = status === 'won' ? 100 : 0;
    values.probability_overridden = false;
  } else if (typeof input.probability === 'number') {
    values.probability = input.probability;
    values.probability_overridden = true;
  } else if (input.probability === null || !current || current.status !== 'open' || (stageChanged && !current.probability_overridden)) {
    values.probability = stage.probability;
    values.probability_overridden = false;
  }

  const closingIssues: FieldIssue[] = [];
  if (status === 'lost') {
    const wasLost = current?.status === 'lost';
    const reasonId = input.lostReasonId !== undefined ? input.lostReasonId : wasLost ? current!.lost_reason_id : null;
    if (!reasonId) closingIssues.push({ path: names.reason, code: 'sales.lostReasonRequired' });
    else if (!wasLost || reasonId !== current!.lost_reason_id) {
      const reason = UUID.test(reasonId) ? await findLostReason(db, user.workspaceId, reasonId) : undefined;
      if (!reason || !reason.isActive) closingIssues.push({ path: names.reason, code: 'sales.lostReasonInactive' });
    }
    const comment = (input.lostComment !== undefined ? input.lostComment : wasLost ? current!.lost_comment : null)?.trim();
    if (!comment) closingIssues.push({ path: names.comment, code: 'sales.lostCommentRequired' });
    Object.assign(values, { lost_reason_id: reasonId, lost_comment: comment ?? null, won_amount: null, won_date: null });
  } else if (status === 'won') {
    const wasWon = current?.status === 'won';
    values.won_amount = input.wonAmount ?? (wasWon ? current!.won_amount : null) ?? values.amount ?? amount;
    values.won_date = input.wonDate ?? (wasWon ? current!.won_date : null) ?? todayIn(user.timeZone);
    Object.assign(values, { lost_reason_id: null, lost_comment: null });
  } else if (current && current.status !== 'open') {
    Object.assign(values, { won_amount: null, won_date: null, lost_reason_id: null, lost_comment: null, closed_at: null });
  }
  if (statusChanged && status !== 'open') values.closed_at = new Date();

  if (issues.length || closingIssues.length) {
    throw (closingIssues.length ? DealErrors.DEAL_CLOSE_INVALID : PlatformErrors.VALIDATION)({ fields: [...issues, ...closingIssues] });
  }
  return { values, stage, stageChanged, status, lines, contacts };
}

/** The planned values of a new deal as a full row: the planner sets every required column on create. */
export function newDealRow(values: Updateable<DealsTable>, extra: { workspace_id: string; created_by: string }): Insertable<DealsTable> {
  const { title, pipeline_id, stage_id, status, amount, currency, probability } = values;
  if (
    title === undefined ||
    pipeline_id === undefined ||
    stage_id === undefined ||
    status === undefined ||
    amount === undefined ||
    currency === undefined ||
    probability === undefined
  )
    throw new Error('planDeal left a required column of a new deal unset');
  return { ...values, title, pipeline_id, stage_id, status, amount, currency, probability, ...extra, deleted_at: null };
}

/** Checks the loosely typed closing fields of /close and /move, so bad values answer 422 naming them. */
export function closingInput(body: {
  reasonId?: string | null;
  comment?: string | null;
  amount?: string | null;
  date?: string | null;
}): DealInput {
  const issues: FieldIssue[] = [];
  const amount = body.amount?.trim();
  if (amount && !isMoney(amount)) issues.push({ path: 'amount', code: 'decimal' });
  const date = body.date?.trim();
  if (
    date &&
    !(
      /^\d{4}-\d{2}-\d{2}$/.test(date) &&
      !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) &&
      new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)
    )
  ) {
    issues.push({ path: 'date', code: 'sales.dateInvalid' });
  }
  if (issues.length) throw DealErrors.DEAL_CLOSE_INVALID({ fields: issues });
  return {
    lostReasonId: body.reasonId === undefined ? undefined : body.reasonId?.trim() || null,
    lostComment: body.comment === undefined ? undefined : body.comment,
    wonAmount: amount || undefined,
    wonDate: date || undefined,
  };
}
