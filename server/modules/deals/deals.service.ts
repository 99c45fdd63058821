import { sql } from 'kysely';
import { ymdOf, zoneOr } from '../../../contracts/time.js';
import type { Board, CloseDeal, CreateDeal, Deal, DealListItem, ListDealsQuery, MoveDeal, UpdateDeal } from '../../../contracts/deals.js';
import { isMoney, type Currency } from '../../../contracts/products.js';
import { linkedRecord, optionalLink } from '../../../contracts/records.js';
import { canEditRecord, type AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { checkOwnerChange } from '../../platform/rights.js';
import { AppError, invalidFields, notFound, versionConflict, type FieldIssue } from '../../platform/errors.js';
import { recordAudit, type AuditAction } from '../../platform/audit.js';
import { publishDealMove } from './deals.events.js';
import { findVisibleCompany } from '../companies/index.js';
import { visibleContactIds } from '../contacts/index.js';
import { listTimeline } from '../../platform/timeline.js';
import { defaultPipeline, findLostReason, findStage, getPipeline, type StageFacts } from '../pipelines/index.js';
import { priceFor, productFacts } from '../products/index.js';
import { DealErrors } from './deals.errors.js';
import { D, dealTotals, lineAmounts, money, plain, weighted, type LineAmounts } from './deals.money.js';
import * as repo from './deals.repository.js';
import { addDealEvents } from './deals.timeline.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const pct = (v: string) => plain(v);

function flags(r: { no_next_step: boolean; rotting: boolean; overdue_next_step: boolean }) {
  return { noNextStep: r.no_next_step, rotting: r.rotting, overdueNextStep: r.overdue_next_step };
}
const nextStep = (r: { next_step_text: string | null; next_step_due_at: Date | null }) =>
  r.next_step_text && r.next_step_due_at ? { text: r.next_step_text, dueAt: r.next_step_due_at.toISOString() } : null;

function toListItem(r: repo.DealSummaryRow): DealListItem {
  return {
    id: r.id,
    title: r.title,
    companyId: r.company_id,
    companyName: r.company_name,
    company: optionalLink(r.company_id, r.company_name),
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    stageName: r.stage_name,
    status: r.status,
    amount: r.amount,
    currency: r.currency as Currency,
    probability: r.probability,
    weightedAmount: weighted(r.amount, r.probability),
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    expectedCloseDate: r.expected_close_date,
    nextStep: nextStep(r),
    wonAmount: r.won_amount,
    wonDate: r.won_date,
    closedAt: iso(r.closed_at),
    stageEnteredAt: r.stage_entered_at.toISOString(),
    flags: flags(r),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
  };
}

function toDeal(r: repo.DealRow, contacts: repo.DealContactRow[], lines: repo.DealLineRow[]): Deal {
  return {
    ...toListItem(r),
    contacts: contacts.map((c) => {
      const { name, hidden } = linkedRecord(c.contact_id, c.name);
      return { contactId: c.contact_id, name, hidden, role: c.role, isDecisionMaker: c.is_decision_maker };
    }),
    contactIds: contacts.map((c) => c.contact_id),
    probabilityOverridden: r.probability_overridden,
    source: r.source,
    expectedPaymentDate: r.expected_payment_date,
    pricesIncludeVat: r.prices_include_vat,
    lines: lines.map((l) => ({
      id: l.id,
      productId: l.product_id,
      name: l.name,
      unit: l.unit,
      quantity: plain(l.quantity),
      unitPrice: l.unit_price,
      discountPercent: pct(l.discount_percent),
      vatRate: pct(l.vat_rate),
      subtotal: l.subtotal,
      vatAmount: l.vat_amount,
      total: l.total,
    })),
    subtotal: r.subtotal,
    vatTotal: r.vat_total,
    total: r.total,
    qualification: r.qualification ?? {},
    proposals: r.proposals ?? [],
    contract: r.contract,
    paymentSchedule: r.payment_schedule ?? [],
    fulfilmentNotes: r.fulfilment_notes,
    lostReasonId: r.lost_reason_id,
    lostReasonName: r.lost_reason_name,
    lostComment: r.lost_comment,
  };
}

async function loadRow(db: Db, user: AuthUser, id: string): Promise<repo.DealRow> {
  const row = await repo.findDealRow(db, user, id);
  if (!row) throw notFound(DealErrors.notFound);
  return row;
}

/** One deal the caller may see (404 otherwise, as for a deal that does not exist). */
export async function getDeal(db: Db, user: AuthUser, id: string): Promise<Deal> {
  const deal = await readDeal(db, user, id, true);
  // In the bin: found only through the list of deleted deals (and restored from there).
  if (deal.deletedAt) throw notFound(DealErrors.notFound);
  return deal;
}

/** After a write the caller may no longer see the deal (they gave it away): read it unchecked. */
async function readDeal(db: Db, user: AuthUser, id: string, checkAccess: boolean): Promise<Deal> {
  const row = await repo.findDealRow(db, user, id, checkAccess);
  if (!row) throw notFound(DealErrors.notFound);
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

// ---------------------------------------------------------------------------------------------
// Writing: one planner turns any change (create, patch, move, close, reopen) into the next state,
// so the closing rules, probability defaults and totals are the same on every path.
// ---------------------------------------------------------------------------------------------

type DealInput = Omit<UpdateDeal, 'version' | 'title'> & { title?: string };

/** How the closing fields are named in the request (PATCH uses deal fields, /close its own). */
type ClosingNames = { reason: string; comment: string; amount: string; date: string };
const patchNames: ClosingNames = { reason: 'lostReasonId', comment: 'lostComment', amount: 'wonAmount', date: 'wonDate' };
const closeNames: ClosingNames = { reason: 'reasonId', comment: 'comment', amount: 'amount', date: 'date' };

type ComputedLine = {
  productId: string | null;
  name: string;
  unit: string | null;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  vatRate: string;
} & LineAmounts;

type Plan = {
  values: Record<string, unknown>;
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
async function workspaceCurrency(db: Db, workspaceId: string): Promise<Currency> {
  const hit = currencyCache.get(workspaceId);
  if (hit && hit.until > Date.now()) return hit.currency;
  const w = await db.selectFrom('workspaces').select('default_currency').where('id', '=', workspaceId).executeTakeFirst();
  const currency = (['RUB', 'EUR', 'USD', 'BGN'].includes(w?.default_currency ?? '') ? w!.default_currency : 'RUB') as Currency;
  if (currencyCache.size > 10_000) currencyCache.clear();
  currencyCache.set(workspaceId, { currency, until: Date.now() + 60_000 });
  return currency;
}

/** numeric(20,2) holds 18 integer digits. */
const MAX_AMOUNT = new D('1e18');

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
  };
}

async function planLines(
  db: Db,
  user: AuthUser,
  current: repo.DealRow | undefined,
  input: DealInput,
  currency: string,
  companyId: string | null,
  issues: FieldIssue[],
): Promise<ComputedLine[] | undefined> {
  const includeVat = input.pricesIncludeVat ?? current?.prices_include_vat ?? false;
  if (input.lines === undefined) {
    // Switching between VAT-inclusive and VAT-exclusive prices recomputes the stored lines.
    if (!current || input.pricesIncludeVat === undefined || input.pricesIncludeVat === current.prices_include_vat) return undefined;
    const stored = await repo.dealLines(db, current.id);
    return stored.map((l) => {
      const base = { quantity: l.quantity, unitPrice: l.unit_price, discountPercent: l.discount_percent, vatRate: l.vat_rate };
      return { productId: l.product_id, name: l.name, unit: l.unit, ...base, ...lineAmounts(base, includeVat) };
    });
  }
  const facts = await productFacts(db, user.workspaceId, [...new Set(input.lines.map((l) => l.productId))]);
  const out: ComputedLine[] = [];
  for (const [i, l] of input.lines.entries()) {
    const p = facts.get(l.productId);
    if (!p) {
      issues.push({ path: `lines.${i}.productId`, code: 'sales.productNotFound' });
      continue;
    }
    const unitPrice = l.unitPrice ?? (await priceFor(db, user.workspaceId, l.productId, currency, companyId));
    if (unitPrice == null) {
      issues.push({ path: `lines.${i}.unitPrice`, code: 'sales.noPrice', params: { currency } });
      continue;
    }
    const base = { quantity: l.quantity, unitPrice, discountPercent: l.discountPercent ?? '0', vatRate: l.vatRate ?? p.vatRate };
    const amounts = lineAmounts(base, includeVat);
    if (new D(amounts.total).gte(MAX_AMOUNT)) issues.push({ path: `lines.${i}.quantity`, code: 'sales.amountTooLarge' });
    out.push({ productId: l.productId, name: p.name, unit: p.unit, ...base, ...amounts });
  }
  if (issues.length === 0 && new D(dealTotals(out).total).gte(MAX_AMOUNT)) issues.push({ path: 'lines', code: 'sales.amountTooLarge' });
  return out;
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
async function planDeal(
  db: Db,
  user: AuthUser,
  current: repo.DealRow | undefined,
  input: DealInput,
  names: ClosingNames,
  issues: FieldIssue[] = [],
): Promise<Plan> {
  const stage = await resolveStage(db, user, current, input, issues);
  const values: Record<string, unknown> = {};
  const set = <T>(column: string, value: T | undefined) => {
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
  const companyId = (values.company_id as string | null | undefined) ?? current?.company_id ?? null;
  const currency = input.currency ?? (current?.currency as Currency | undefined) ?? (await workspaceCurrency(db, user.workspaceId));
  if (!current || input.currency) values.currency = currency;

  const contacts = await planContacts(db, user, input, issues);
  const lines = await planLines(db, user, current, input, currency, companyId, issues);
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

  if (!stage) throw invalidFields(issues);
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
    throw invalidFields([...issues, ...closingIssues], closingIssues.length ? DealErrors.closeInvalid : 'VALIDATION');
  }
  return { values, stage, stageChanged, status, lines, contacts };
}

async function writeLines(db: Db, workspaceId: string, dealId: string, lines: ComputedLine[]) {
  await db.deleteFrom('deal_lines').where('deal_id', '=', dealId).execute();
  if (lines.length === 0) return;
  await db
    .insertInto('deal_lines')
    .values(
      lines.map((l, i) => ({
        workspace_id: workspaceId,
        deal_id: dealId,
        position: i,
        product_id: l.productId,
        name: l.name,
        unit: l.unit,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        discount_percent: l.discountPercent,
        vat_rate: l.vatRate,
        subtotal: l.subtotal,
        vat_amount: l.vatAmount,
        total: l.total,
      })),
    )
    .execute();
}

async function writeContacts(db: Db, workspaceId: string, dealId: string, contacts: NonNullable<Plan['contacts']>) {
  await db.deleteFrom('deal_contacts').where('deal_id', '=', dealId).execute();
  if (contacts.length === 0) return;
  await db
    .insertInto('deal_contacts')
    .values(
      contacts.map((c, i) => ({
        workspace_id: workspaceId,
        deal_id: dealId,
        contact_id: c.contactId,
        role: c.role,
        is_decision_maker: c.isDecisionMaker,
        position: i,
      })),
    )
    .execute();
}

/** Records a stage move (who, when, from, to) and shows it on the deal's, company's and contacts' timelines. */
async function recordMove(db: Db, user: AuthUser, before: Deal | undefined, after: Deal) {
  await db
    .insertInto('deal_stage_moves')
    .values({
      workspace_id: user.workspaceId,
      deal_id: after.id,
      from_pipeline_id: before?.pipelineId ?? null,
      from_stage_id: before?.stageId ?? null,
      from_status: before?.status ?? null,
      to_pipeline_id: after.pipelineId,
      to_stage_id: after.stageId,
      to_status: after.status,
      user_id: user.id,
    })
    .execute();
  if (!before) return;
  await publishDealMove(db, user, before, after);
  await addDealEvents(db, user, after, 'deal_stage', after.title, {
    title: after.title,
    fromStageId: before.stageId,
    fromStageName: before.stageName,
    fromStatus: before.status,
    toStageId: after.stageId,
    toStageName: after.stageName,
    toStatus: after.status,
    amount: after.amount,
    currency: after.currency,
    ...(after.status === 'won' ? { wonAmount: after.wonAmount, wonDate: after.wonDate } : {}),
    ...(after.status === 'lost'
      ? { lostReasonId: after.lostReasonId, lostReasonName: after.lostReasonName, lostComment: after.lostComment }
      : {}),
  });
}

export async function createDeal(db: Db, user: AuthUser, input: CreateDeal): Promise<Deal> {
  const plan = await planDeal(db, user, undefined, input, patchNames);
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('deals')
      .values({
        ...(plan.values as object),
        workspace_id: user.workspaceId,
        created_by: user.id,
        deleted_at: null,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    if (plan.lines) await writeLines(trx, user.workspaceId, id, plan.lines);
    if (plan.contacts) await writeContacts(trx, user.workspaceId, id, plan.contacts);
    const deal = await readDeal(trx, user, id, false);
    await recordMove(trx, user, undefined, deal);
    await addDealEvents(trx, user, deal, 'deal_created', deal.title, {
      title: deal.title,
      stageId: deal.stageId,
      stageName: deal.stageName,
      amount: deal.amount,
      currency: deal.currency,
    });
    await recordAudit(trx, user, { entity: 'deal', entityId: id, action: 'create', after: deal });
    return deal;
  });
}

/** Applies a planned change under optimistic concurrency, recording the move and the audit entry. */
async function applyChange(
  db: Db,
  user: AuthUser,
  id: string,
  version: number | undefined,
  input: DealInput,
  names: ClosingNames,
  action: AuditAction,
  extra: (plan: Plan, current: repo.DealRow, trx: Db) => Promise<void> = async () => {},
): Promise<Deal> {
  const current = await loadRow(db, user, id);
  if (current.deleted_at) throw notFound(DealErrors.notFound);
  if (!canEditRecord(user, current.owner_id, current.shared_with_caller)) throw new AppError('forbidden', 'FORBIDDEN');
  const before = await getDeal(db, user, id);
  const plan = await planDeal(db, user, current, input, names);
  return db.transaction().execute(async (trx) => {
    await extra(plan, current, trx);
    const updated = await trx
      .updateTable('deals')
      .set({
        ...(plan.values as object),
        version: sql`version + 1`,
        updated_at: new Date(),
      } as never)
      .where('id', '=', id)
      .where('workspace_id', '=', user.workspaceId)
      .where('deleted_at', 'is', null)
      .where('version', '=', version ?? current.version)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw versionConflict();
    if (plan.lines) await writeLines(trx, user.workspaceId, id, plan.lines);
    if (plan.contacts) await writeContacts(trx, user.workspaceId, id, plan.contacts);
    const after = await readDeal(trx, user, id, false);
    if (plan.stageChanged) await recordMove(trx, user, before, after);
    await recordAudit(trx, user, { entity: 'deal', entityId: id, action, before, after });
    return after;
  });
}

export async function updateDeal(db: Db, user: AuthUser, id: string, input: UpdateDeal): Promise<Deal> {
  const { version, ...change } = input;
  return applyChange(db, user, id, version, change, patchNames, 'update');
}

/** Checks the loosely typed closing fields of /close and /move, so bad values answer 422 naming them. */
function closingInput(body: {
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
  if (issues.length) throw invalidFields(issues, DealErrors.closeInvalid);
  return {
    lostReasonId: body.reasonId === undefined ? undefined : body.reasonId?.trim() || null,
    lostComment: body.comment === undefined ? undefined : body.comment,
    wonAmount: amount || undefined,
    wonDate: date || undefined,
  };
}

/** Closes an open deal as won (actual amount and date) or lost (active reason and a comment). */
export async function closeDeal(db: Db, user: AuthUser, id: string, body: CloseDeal): Promise<Deal> {
  const current = await loadRow(db, user, id);
  if (current.deleted_at) throw notFound(DealErrors.notFound);
  if (current.status !== 'open') throw new AppError('conflict', DealErrors.notOpen);
  const closing = closingInput(body);
  const pipeline = await getPipeline(db, user, current.pipeline_id);
  const target = pipeline.stages.find((s) => s.kind === body.outcome)!;
  const input: DealInput =
    body.outcome === 'lost'
      ? { stageId: target.id, lostReasonId: closing.lostReasonId ?? null, lostComment: closing.lostComment ?? null }
      : { stageId: target.id, wonAmount: closing.wonAmount, wonDate: closing.wonDate };
  return applyChange(db, user, id, body.version, input, closeNames, 'close');
}

/** Moves a deal to a stage (the board's drag and drop); won/lost stages go through the closing rules. */
export async function moveDeal(db: Db, user: AuthUser, id: string, body: MoveDeal): Promise<Deal> {
  const closing = closingInput(body);
  const current = await loadRow(db, user, id);
  // A drop back where the card came from changes nothing and records no move.
  if (!current.deleted_at && current.stage_id === body.stageId && body.position === undefined) return getDeal(db, user, id);
  return applyChange(db, user, id, body.version, { stageId: body.stageId, ...closing }, closeNames, 'stage', async (plan, current, trx) => {
    if (body.position !== undefined && plan.status === 'open') {
      plan.values.board_rank = await repo.rankAt(trx, user, plan.stage.id, body.position, current.id);
    }
  });
}

/** Reopens a won or lost deal into the open stage it came from (or the one given). */
export async function reopenDeal(db: Db, user: AuthUser, id: string, body: { stageId?: string; version?: number } = {}): Promise<Deal> {
  const current = await loadRow(db, user, id);
  if (current.deleted_at) throw notFound(DealErrors.notFound);
  if (current.status === 'open') throw new AppError('conflict', DealErrors.notClosed);
  let stageId = body.stageId ?? (await repo.lastOpenStage(db, user.workspaceId, id));
  if (!stageId) {
    const p = await getPipeline(db, user, current.pipeline_id).catch(() => defaultPipeline(db, user.workspaceId));
    stageId = p.stages.find((s) => s.kind === 'open')!.id;
  }
  const target = await findStage(db, user.workspaceId, stageId);
  if (!target || target.kind !== 'open') throw invalidFields([{ path: 'stageId', code: 'sales.stageNotInPipeline' }]);
  return applyChange(db, user, id, body.version, { stageId }, closeNames, 'stage');
}

export async function deleteDeal(db: Db, user: AuthUser, id: string): Promise<void> {
  const current = await loadRow(db, user, id);
  if (current.deleted_at) throw notFound(DealErrors.notFound);
  if (!canEditRecord(user, current.owner_id, current.shared_with_caller)) throw new AppError('forbidden', 'FORBIDDEN');
  const before = await getDeal(db, user, id);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('deals')
      .set({ deleted_at: new Date(), version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .where('workspace_id', '=', user.workspaceId)
      .execute();
    await addDealEvents(trx, user, before, 'deal_deleted', before.title, { title: before.title });
    await recordAudit(trx, user, { entity: 'deal', entityId: id, action: 'delete', before });
  });
}

/**
 * Brings a deal back from the bin. If its stage was removed meanwhile, it lands in the live stage of
 * the same kind (or the first open one) of its pipeline, or of the default pipeline.
 */
export async function restoreDeal(db: Db, user: AuthUser, id: string): Promise<Deal> {
  const current = await loadRow(db, user, id);
  if (!canEditRecord(user, current.owner_id, current.shared_with_caller)) throw new AppError('forbidden', 'FORBIDDEN');
  const before = await readDeal(db, user, id, true);
  if (!current.deleted_at) return before;
  const live = await findStage(db, user.workspaceId, current.stage_id);
  let stage: { id: string; pipelineId: string } | undefined = live;
  if (!live) {
    const p = await getPipeline(db, user, current.pipeline_id).catch(() => defaultPipeline(db, user.workspaceId));
    const s = p.stages.find((x) => x.kind === current.status) ?? p.stages.find((x) => x.kind === 'open')!;
    stage = { id: s.id, pipelineId: p.id };
  }
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('deals')
      .set({
        deleted_at: null,
        version: sql`version + 1`,
        updated_at: new Date(),
        ...(live ? {} : { stage_id: stage!.id, pipeline_id: stage!.pipelineId, stage_entered_at: new Date() }),
      })
      .where('id', '=', id)
      .where('workspace_id', '=', user.workspaceId)
      .execute();
    const after = await readDeal(trx, user, id, false);
    if (!live) await recordMove(trx, user, before, after);
    await addDealEvents(trx, user, after, 'deal_restored', after.title, { title: after.title });
    await recordAudit(trx, user, { entity: 'deal', entityId: id, action: 'restore', before, after });
    return after;
  });
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

/** The kanban board of one pipeline: open columns with counts, sums per currency and top cards. */
export async function board(db: Db, user: AuthUser, q: { pipelineId?: string; ownerId?: string; limit: number }): Promise<Board> {
  // With the pipeline named, its stages, the cards and the sums are fetched at once.
  const pipelineId = q.pipelineId ?? (await defaultPipeline(db, user.workspaceId)).id;
  const [pipeline, rows, currency] = await Promise.all([
    getPipeline(db, user, pipelineId),
    repo.boardRows(db, user, pipelineId, q.ownerId, q.limit),
    workspaceCurrency(db, user.workspaceId),
  ]);
  const columns = pipeline.stages
    .filter((s) => s.kind === 'open')
    .map((s) => {
      const aggs = rows.aggs.filter((a) => a.stage_id === s.id).sort((a, b) => a.currency.localeCompare(b.currency));
      const cards = rows.cards.filter((c) => c.stage_id === s.id);
      const home = aggs.find((a) => a.currency === currency);
      return {
        stageId: s.id,
        name: s.name,
        kind: s.kind,
        probability: s.probability,
        rottingDays: s.rottingDays,
        count: aggs.reduce((n, a) => n + a.n, 0),
        sum: home ? money(new D(home.sum)) : '0.00',
        weightedSum: home ? home.weighted : '0.00',
        sums: aggs.map((a) => ({ currency: a.currency as Currency, sum: money(new D(a.sum)), weightedSum: a.weighted })),
        hasMore: cards.length > q.limit,
        deals: cards.slice(0, q.limit).map((c) => ({
          id: c.id,
          title: c.title,
          companyId: c.company_id,
          companyName: c.company_name,
          company: optionalLink(c.company_id, c.company_name),
          amount: c.amount,
          currency: c.currency as Currency,
          probability: c.probability,
          ownerId: c.owner_id,
          ownerName: c.owner_name,
          nextStep: nextStep(c),
          expectedCloseDate: c.expected_close_date,
          stageEnteredAt: c.stage_entered_at.toISOString(),
          flags: flags(c),
          version: c.version,
        })),
      };
    });
  return {
    pipelineId: pipeline.id,
    pipelineName: pipeline.name,
    currency,
    stages: columns,
    closedStages: pipeline.stages
      .filter((s) => s.kind !== 'open')
      .map((s) => ({ stageId: s.id, name: s.name, kind: s.kind as 'won' | 'lost' })),
  };
}

/** The deal's own timeline (stage moves, creation, and what other modules put there), newest first. */
export async function dealTimeline(db: Db, user: AuthUser, id: string, q: { limit: number; cursor?: string }) {
  await loadRow(db, user, id);
  return listTimeline(db, user, 'deal', id, q);
}
