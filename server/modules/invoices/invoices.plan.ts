import type { Updateable } from 'kysely';
import type { CreateInvoice, InvoiceLineInput } from '../../../contracts/invoices.js';
import type { RuleCode } from '../../../contracts/i18n/index.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { canSeeRecord } from '../../platform/registry.js';
import { checkOwnerChange } from '../../platform/rights.js';
import { findVisibleCompany } from '../companies/index.js';
import { checkContractLink } from '../contracts/index.js';
import { visibleContactIds } from '../contacts/index.js';
import { productFacts } from '../products/index.js';
import { InvoiceRules } from './invoices.errors.js';
import {
  D,
  allowedVatRates,
  invoiceTotals,
  lineAmounts,
  needsExemptionReason,
  normaliseRate,
  plain,
  type Country,
  type LineAmounts,
} from './invoices.money.js';
import * as repo from './invoices.repository.js';
import { invoicesForOthers } from './invoices.rights.js';
import type { InvoicesTable } from './invoices.table.js';

// One planner turns a create or a change of a draft into its next row and lines, checking every
// rule against the merged result, so a create, a patch, a deal's invoice and a credit note agree.

/** The amount in words spells below 10^15; an invoice stays under it. */
const MAX_TOTAL = new D('1e15');
/** The legal basis of a Bulgarian supplier not registered for VAT (REFERENCE section 3). */
const BG_NOT_REGISTERED = 'чл. 113, ал. 9 от ЗДДС';
/** Bulgaria invoices in euro from this day (REFERENCE section 2). */
const EURO_FROM = '2026-01-01';

export type PlannedLine = {
  productId: string | null;
  name: string;
  quantity: string;
  unit: string | null;
  price: string;
  discountPercent: string;
  vatRate: string;
} & LineAmounts;

export type InvoicePlan = { values: Updateable<InvoicesTable>; lines: PlannedLine[]; entity: repo.LegalEntityFacts };

export type PlanInput = Partial<CreateInvoice>;

type Merged = {
  legalEntityId: string;
  companyId: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  pricesIncludeVat: boolean;
  vatExemptionReason: string | null;
};

const blank = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim());

/**
 * Checks the lines against the issuing entity's VAT rates and prices them; problems are named
 * `lines.<i>.<field>`. Used again at issue time, when the entity may have changed since the draft.
 */
export async function planLines(
  db: Db,
  workspaceId: string,
  lines: InvoiceLineInput[],
  entity: { country: Country; vatPayer: boolean },
  pricesIncludeVat: boolean,
  issues: FieldIssue[],
  checkProducts = true,
): Promise<PlannedLine[]> {
  // Stored lines keep their product even after it leaves the catalogue: only new lines are checked.
  const ids = checkProducts ? [...new Set(lines.map((l) => l.productId).filter((x): x is string => !!x))] : [];
  const products = await productFacts(db, workspaceId, ids);
  const allowed = allowedVatRates(entity.country, entity.vatPayer);
  const out: PlannedLine[] = [];
  for (const [i, l] of lines.entries()) {
    if (checkProducts && l.productId && !products.has(l.productId))
      issues.push({ path: `lines.${i}.productId`, code: InvoiceRules.productNotFound });
    const vatRate = normaliseRate(l.vatRate);
    if (!allowed.includes(vatRate)) {
      issues.push({ path: `lines.${i}.vatRate`, code: InvoiceRules.vatRateNotAllowed, params: { rates: allowed.join(', ') } });
      continue;
    }
    const base = { quantity: l.quantity, price: l.price, discountPercent: l.discountPercent ?? '0', vatRate };
    const amounts = lineAmounts(base, pricesIncludeVat);
    if (new D(amounts.total).gte(MAX_TOTAL)) issues.push({ path: `lines.${i}.quantity`, code: InvoiceRules.amountTooLarge });
    out.push({
      productId: l.productId ?? null,
      name: l.name.trim(),
      unit: blank(l.unit) ?? null,
      ...base,
      quantity: plain(base.quantity),
      discountPercent: plain(base.discountPercent),
      ...amounts,
    });
  }
  if (!issues.some((x) => x.path.startsWith('lines')) && new D(invoiceTotals(out).total).gte(MAX_TOTAL)) {
    issues.push({ path: 'lines', code: InvoiceRules.amountTooLarge });
  }
  return out;
}

/** Rules over the whole invoice that do not depend on where the values came from. */
export function checkInvoiceRules(m: Merged, entity: { country: Country }, lines: { vatRate: string }[], issues: FieldIssue[]): void {
  if (m.dueDate < m.issueDate) issues.push({ path: 'dueDate', code: InvoiceRules.dueBeforeIssue });
  if (entity.country === 'BG' && m.currency === 'BGN' && m.issueDate >= EURO_FROM)
    issues.push({ path: 'currency', code: InvoiceRules.euroOnly });
  if (lines.some((l) => needsExemptionReason(entity.country, l.vatRate)) && !m.vatExemptionReason) {
    issues.push({ path: 'vatExemptionReason', code: InvoiceRules.vatReasonRequired });
  }
}

/** Stored lines as planner input (a change that keeps the lines re-checks them). */
export const storedLinesInput = (rows: repo.LineRow[]): InvoiceLineInput[] =>
  rows.map((l) => ({
    productId: l.product_id,
    name: l.name,
    quantity: plain(l.quantity),
    unit: l.unit,
    price: l.price,
    discountPercent: plain(l.discount_percent),
    vatRate: l.vat_rate,
  }));

/**
 * The next state of a draft (or a new one): links the caller may see, our live legal entity, the
 * owner only as who may reassign sets it, VAT rates of the entity's country, dates in order, totals
 * in exact decimal. `defaultOwner` is the owner a new invoice gets when the request names none.
 */
export async function planInvoice(
  db: Db,
  user: AuthUser,
  current: repo.InvoiceRow | undefined,
  input: PlanInput,
  opts: { defaultOwner?: string | null; storedLines?: repo.LineRow[]; adaptVat?: boolean } = {},
): Promise<InvoicePlan> {
  const issues: FieldIssue[] = [];
  const ws = user.workspaceId;
  const values: Updateable<InvoicesTable> = {};
  const notFound = (path: string, code: RuleCode) => issues.push({ path, code });

  if (current?.kind === 'credit_note') {
    // A correction belongs to its invoice: the parties and the money stay the invoice's.
    const fixed = { legalEntityId: current.legal_entity_id, companyId: current.company_id, currency: current.currency };
    for (const [k, v] of Object.entries(fixed)) {
      const given = input[k as keyof typeof fixed];
      if (given !== undefined && given !== v) issues.push({ path: k, code: InvoiceRules.creditNoteFixed });
    }
  }

  const legalEntityId = input.legalEntityId ?? current!.legal_entity_id;
  const entity = await repo.findLegalEntity(db, ws, legalEntityId);
  if (!entity || (entity.deleted && legalEntityId !== current?.legal_entity_id)) {
    notFound('legalEntityId', InvoiceRules.legalEntityNotFound);
  } else if (input.legalEntityId !== undefined) values.legal_entity_id = input.legalEntityId;

  if (input.companyId !== undefined && input.companyId !== current?.company_id) {
    if (await findVisibleCompany(db, user, input.companyId)) values.company_id = input.companyId;
    else notFound('companyId', InvoiceRules.companyNotFound);
  }
  if (input.contactId !== undefined && input.contactId !== current?.contact_id) {
    const seen =
      input.contactId === null || (await visibleContactIds(db, user).where('c.id', '=', input.contactId).executeTakeFirst()) !== undefined;
    if (seen) values.contact_id = input.contactId;
    else notFound('contactId', InvoiceRules.contactNotFound);
  }
  if (input.dealId !== undefined && input.dealId !== current?.deal_id) {
    if (input.dealId === null || (await canSeeRecord(db, user, 'deal', input.dealId))) values.deal_id = input.dealId;
    else notFound('dealId', InvoiceRules.dealNotFound);
  }
  if (input.contractId !== undefined) values.contract_id = input.contractId;
  // The contract is the client's with this seller, in the invoice's currency: checked whenever a side of that changes.
  const contractId = input.contractId !== undefined ? input.contractId : (current?.contract_id ?? null);
  const partiesChanged = input.companyId !== undefined || input.legalEntityId !== undefined || input.currency !== undefined;
  if (contractId && (input.contractId !== undefined || partiesChanged)) {
    const link = {
      companyId: input.companyId ?? current?.company_id ?? null,
      legalEntityId,
      currency: input.currency ?? current?.currency,
    };
    await checkContractLink(db, ws, contractId, link, issues);
  }

  if (input.ownerId !== undefined && input.ownerId !== current?.owner_id) {
    await checkOwnerChange(db, user, { from: current?.owner_id, to: input.ownerId }, issues);
    values.owner_id = input.ownerId;
  } else if (!current) {
    const companyId = input.companyId!;
    values.owner_id =
      opts.defaultOwner !== undefined
        ? opts.defaultOwner
        : invoicesForOthers(user)
          ? ((await repo.companyOwner(db, ws, companyId)) ?? user.id)
          : user.id;
  }

  if (input.currency !== undefined) values.currency = input.currency;
  if (input.issueDate !== undefined) values.issue_date = input.issueDate;
  if (input.dueDate !== undefined) values.due_date = input.dueDate;
  if (input.supplyDate !== undefined) values.supply_date = input.supplyDate;
  if (input.pricesIncludeVat !== undefined) values.prices_include_vat = input.pricesIncludeVat;
  if (input.vatExemptionReason !== undefined) values.vat_exemption_reason = blank(input.vatExemptionReason);
  if (input.notes !== undefined) values.notes = blank(input.notes);

  const merged: Merged = {
    legalEntityId,
    companyId: input.companyId ?? current!.company_id,
    currency: input.currency ?? current!.currency,
    issueDate: input.issueDate ?? current!.issue_date,
    dueDate: input.dueDate ?? current!.due_date,
    pricesIncludeVat: input.pricesIncludeVat ?? current?.prices_include_vat ?? false,
    vatExemptionReason:
      input.vatExemptionReason !== undefined ? (blank(input.vatExemptionReason) ?? null) : (current?.vat_exemption_reason ?? null),
  };

  let lineInput = input.lines ?? storedLinesInput(opts.storedLines ?? []);
  if (opts.adaptVat && entity && !entity.vatPayer) {
    // Lines copied from a deal carry the catalogue's rates; an entity that charges no VAT bills them without.
    const [rate] = allowedVatRates(entity.country, false);
    lineInput = lineInput.map((l) => ({ ...l, vatRate: rate }));
    if (entity.country === 'BG' && !merged.vatExemptionReason) {
      merged.vatExemptionReason = values.vat_exemption_reason = BG_NOT_REGISTERED;
    }
  }
  const lines = entity ? await planLines(db, ws, lineInput, entity, merged.pricesIncludeVat, issues, input.lines !== undefined) : [];
  if (entity) checkInvoiceRules(merged, entity, lines, issues);
  if (issues.length || !entity) throw PlatformErrors.VALIDATION({ fields: issues });

  const totals = invoiceTotals(lines);
  values.subtotal = totals.subtotal;
  values.vat_total = totals.vatAmount;
  values.total = totals.total;
  return { values, lines, entity };
}

/** Rows of the planned lines, in order. */
export const lineRows = (workspaceId: string, invoiceId: string, lines: PlannedLine[]) =>
  lines.map((l, i) => ({
    workspace_id: workspaceId,
    invoice_id: invoiceId,
    position: i,
    product_id: l.productId,
    name: l.name,
    unit: l.unit,
    quantity: l.quantity,
    price: l.price,
    discount_percent: l.discountPercent,
    vat_rate: l.vatRate,
    subtotal: l.subtotal,
    vat_amount: l.vatAmount,
    total: l.total,
  }));
