// Money arithmetic shared by every document that has lines (deals, invoices, printed documents):
// exact decimals, half-up to cents on each line, totals as sums of the rounded lines, and the VAT
// block per rate. One copy, so a deal, the invoice made from it and its PDF always agree.
import Decimal from 'decimal.js';

/**
 * Decimal with enough significant digits for 16-digit amounts times 12-digit quantities, rounding
 * half-up (the rule for money): the default 20 digits would round before the cents are reached.
 */
export const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

/** Rounded half-up to cents, as a string with two decimals. */
export const money = (v: Dec | string | number) => new D(v).toDecimalPlaces(2, D.ROUND_HALF_UP).toFixed(2);
/** "3.0000" -> "3", "12.50" -> "12.5": quantities and percentages without noise. */
export const plain = (v: string | Dec) => new D(v).toString();

export type LineAmounts = { subtotal: string; vatAmount: string; total: string };

/**
 * One line, each amount rounded half-up to cents on the line (the per-line rule of invoices):
 * net = qty x price x (1 - discount%); VAT on top of it, or carved out of the line total when prices
 * include VAT (the «в том числе НДС» of a Russian invoice). A rate of 'none' (without VAT) is 0.
 */
export function lineAmounts(
  l: { quantity: string; price: string; discountPercent: string; vatRate: string },
  pricesIncludeVat: boolean,
): LineAmounts {
  const gross = new D(l.quantity).mul(l.price).mul(new D(100).minus(l.discountPercent)).div(100);
  const rate = l.vatRate === 'none' ? new D(0) : new D(l.vatRate);
  if (pricesIncludeVat) {
    const total = gross.toDecimalPlaces(2);
    const vat = total.mul(rate).div(rate.plus(100)).toDecimalPlaces(2);
    return { subtotal: money(total.minus(vat)), vatAmount: money(vat), total: money(total) };
  }
  const net = gross.toDecimalPlaces(2);
  const vat = net.mul(rate).div(100).toDecimalPlaces(2);
  return { subtotal: money(net), vatAmount: money(vat), total: money(net.plus(vat)) };
}

/** Totals: sums of the already rounded line amounts (never recomputed from the sums). */
export function sumLines(lines: LineAmounts[]): LineAmounts {
  const sum = (k: keyof LineAmounts) => lines.reduce((acc, l) => acc.plus(l[k]), new D(0));
  return { subtotal: money(sum('subtotal')), vatAmount: money(sum('vatAmount')), total: money(sum('total')) };
}

/** The VAT block: taxable base and VAT per rate ("20.00" and "20" are one), highest first, 'none' last. */
export function vatBreakdown(
  lines: { vatRate: string; subtotal: string; vatAmount: string }[],
): { rate: string; base: string; vat: string }[] {
  const by = new Map<string, { base: Dec; vat: Dec }>();
  for (const l of lines) {
    const rate = l.vatRate === 'none' ? 'none' : plain(l.vatRate);
    const acc = by.get(rate) ?? { base: new D(0), vat: new D(0) };
    by.set(rate, { base: acc.base.plus(l.subtotal), vat: acc.vat.plus(l.vatAmount) });
  }
  const rank = (r: string) => (r === 'none' ? new D(-1) : new D(r));
  return [...by.entries()]
    .sort((a, b) => rank(b[0]).comparedTo(rank(a[0])))
    .map(([rate, v]) => ({ rate, base: money(v.base), vat: money(v.vat) }));
}
