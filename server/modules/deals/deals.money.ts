import Decimal from 'decimal.js';

/**
 * Decimal with enough significant digits for 16-digit amounts times 12-digit quantities, rounding
 * half-up (the rule for money): the default 20 digits would round before the cents are reached.
 */
export const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

export const money = (v: Dec) => v.toDecimalPlaces(2, D.ROUND_HALF_UP).toFixed(2);
/** "3.0000" -> "3", "12.50" -> "12.5": quantities and percentages without noise. */
export const plain = (v: string | Dec) => new D(v).toString();

export type LineAmounts = { subtotal: string; vatAmount: string; total: string };

/**
 * One line, each amount rounded half-up to cents on the line (the per-line rule of invoices):
 * net = qty x price x (1 - discount%); VAT on top of it, or carved out of it when prices include VAT.
 */
export function lineAmounts(
  l: { quantity: string; unitPrice: string; discountPercent: string; vatRate: string },
  pricesIncludeVat: boolean,
): LineAmounts {
  const gross = new D(l.quantity).mul(l.unitPrice).mul(new D(100).minus(l.discountPercent)).div(100);
  const rate = new D(l.vatRate);
  if (pricesIncludeVat) {
    const total = gross.toDecimalPlaces(2);
    const vat = total.mul(rate).div(rate.plus(100)).toDecimalPlaces(2);
    return { subtotal: money(total.minus(vat)), vatAmount: money(vat), total: money(total) };
  }
  const net = gross.toDecimalPlaces(2);
  const vat = net.mul(rate).div(100).toDecimalPlaces(2);
  return { subtotal: money(net), vatAmount: money(vat), total: money(net.plus(vat)) };
}

/** Deal totals: sums of the already rounded line amounts. */
export function dealTotals(lines: LineAmounts[]): LineAmounts {
  const sum = (k: keyof LineAmounts) => lines.reduce((acc, l) => acc.plus(l[k]), new D(0));
  return { subtotal: money(sum('subtotal')), vatAmount: money(sum('vatAmount')), total: money(sum('total')) };
}

/** amount x probability / 100, exact, rounded half-up to cents. */
export const weighted = (amount: string, probability: number) => money(new D(amount).mul(probability).div(100));
