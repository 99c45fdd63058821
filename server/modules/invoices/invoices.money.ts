// Pure rules of invoices: line arithmetic in exact decimal, VAT rates per country, the status an
// invoice's amounts give, and how numbers are written. No database here, so each rule is tested
// on its own (invoices.money.test.ts) and every path (create, patch, deal, credit note) shares it.
import Decimal from 'decimal.js';
import { vatRatesByCountry, type InvoiceKind, type InvoiceStatus } from '../../../contracts/invoices.js';

/** Enough digits for 16-digit prices times 12-digit quantities; half-up, the rule for money. */
export const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

/** Rounded half-up to cents, as a string with two decimals. */
export const money = (v: Dec | string | number) => new D(v).toDecimalPlaces(2, D.ROUND_HALF_UP).toFixed(2);
/** "3.0000" -> "3", "7.50" -> "7.5": quantities and percentages without noise. */
export const plain = (v: string) => new D(v).toString();

export type Country = keyof typeof vatRatesByCountry;
export type LineAmounts = { subtotal: string; vatAmount: string; total: string };

/** Rates a legal entity may charge: its country's, or only «no VAT» when it is not a VAT payer. */
export function allowedVatRates(country: Country, vatPayer: boolean): readonly string[] {
  if (!vatPayer) return country === 'RU' ? ['none'] : ['0'];
  return vatRatesByCountry[country];
}

/** The rate as stored: '22', '9', '0' or 'none' ("20.00" and "20" are the same rate). */
export function normaliseRate(rate: string): string {
  const r = rate.trim().toLowerCase();
  if (r === 'none') return 'none';
  return /^\d{1,3}(\.\d{1,2})?$/.test(r) ? new D(r).toString() : r;
}

/** Whether lines at this rate need the reason/legal basis: «Без НДС» in Russia, 0 % in Bulgaria. */
export const needsExemptionReason = (country: Country, rate: string) => (country === 'RU' ? rate === 'none' : rate === '0');

/**
 * One line, every amount rounded half-up to kopecks/cents on the line, as the invoice prints it:
 * net = qty x price x (1 - discount%); VAT on top of the net, or, with prices that include VAT,
 * carved out of the line total (the «в том числе НДС» of a Russian invoice).
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

/** Invoice totals: sums of the already rounded line amounts (never recomputed from the sums). */
export function invoiceTotals(lines: LineAmounts[]): LineAmounts {
  const sum = (k: keyof LineAmounts) => lines.reduce((acc, l) => acc.plus(l[k]), new D(0));
  return { subtotal: money(sum('subtotal')), vatAmount: money(sum('vatAmount')), total: money(sum('total')) };
}

/** The VAT block: taxable base and VAT per rate, highest rate first, «без НДС» last. */
export function vatBreakdown(lines: { vatRate: string; subtotal: string; vatAmount: string }[]) {
  const by = new Map<string, { base: Dec; vat: Dec }>();
  for (const l of lines) {
    const acc = by.get(l.vatRate) ?? { base: new D(0), vat: new D(0) };
    by.set(l.vatRate, { base: acc.base.plus(l.subtotal), vat: acc.vat.plus(l.vatAmount) });
  }
  const rank = (r: string) => (r === 'none' ? -1 : Number(r));
  return [...by.entries()]
    .sort((a, b) => rank(b[0]) - rank(a[0]))
    .map(([vatRate, v]) => ({ vatRate, base: money(v.base), vat: money(v.vat) }));
}

/**
 * The status an issued document's amounts give. Drafts stay drafts and a cancelled invoice stays
 * cancelled; a credit note is a correction, never owed; an invoice credited in full is void.
 */
export function statusOf(i: {
  kind: InvoiceKind;
  status: InvoiceStatus;
  total: string;
  creditedTotal: string;
  paidTotal: string;
}): InvoiceStatus {
  if (i.status === 'draft' || i.status === 'cancelled') return i.status;
  if (i.kind === 'credit_note') return 'issued';
  const credited = new D(i.creditedTotal);
  const due = new D(i.total).minus(credited);
  if (credited.gt(0) && due.lte(0)) return 'cancelled';
  const paid = new D(i.paidTotal);
  if (paid.gte(due)) return 'paid';
  return paid.gt(0) ? 'partially_paid' : 'issued';
}

/** Bulgarian numbers: 10 Arabic digits (ППЗДДС art. 78). */
export const BG_NUMBER_MAX = 9_999_999_999;

/** The printed number: `0000000042` in Bulgaria, `СЧ-2026-000123` in Russia. */
export function formatNumber(country: Country, prefix: string, year: number, sequence: number): string {
  if (country === 'BG') return String(sequence).padStart(10, '0');
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The counter year of a number: Russian series restart every year, the Bulgarian one never does. */
export const seriesYear = (country: Country, issueDate: string) => (country === 'BG' ? 0 : Number(issueDate.slice(0, 4)));

/** A prefix of a Russian series: letters and digits only, so the number stays readable in payment orders. */
export const isValidPrefix = (prefix: string) => /^[\p{L}\p{N}]{1,10}$/u.test(prefix);
