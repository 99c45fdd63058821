import type { Insertable } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import type { FieldIssue } from '../../platform/errors.js';
import { productFacts } from '../products/index.js';
import { priceFor, todayFor } from '../contracts/index.js';
import { D, dealTotals, lineAmounts, type LineAmounts } from './deals.money.js';
import type { DealInput } from '../../../contracts/deals.js';
import * as repo from './deals.repository.js';
import type { DealLinesTable } from './deals.table.js';

export type ComputedLine = {
  productId: string | null;
  name: string;
  unit: string | null;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  vatRate: string;
} & LineAmounts;

/** numeric(20,2) holds 18 integer digits. */
const MAX_AMOUNT = new D('1e18');

/**
 * The deal's lines after a change, priced and totalled in exact decimal; undefined when the lines
 * stay as stored. Problems go into `issues` naming the line.
 */
export async function planLines(
  db: Db,
  user: AuthUser,
  current: repo.DealRow | undefined,
  input: DealInput,
  currency: string,
  link: { companyId: string | null; contractId: string | null },
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
  const today = todayFor(user);
  for (const [i, l] of input.lines.entries()) {
    const p = facts.get(l.productId);
    if (!p) {
      issues.push({ path: `lines.${i}.productId`, code: 'sales.productNotFound' });
      continue;
    }
    const unitPrice = l.unitPrice ?? (await priceFor(db, user.workspaceId, l.productId, currency, { ...link, on: today }));
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

/** Replaces the deal's lines with the computed ones, in order. */
export async function writeLines(db: Db, workspaceId: string, dealId: string, lines: ComputedLine[]) {
  const rows: Insertable<DealLinesTable>[] = lines.map((l, i) => ({
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
  }));
  await repo.replaceDealLines(db, dealId, rows);
}
