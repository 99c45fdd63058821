// Pure rules of invoices: line arithmetic in exact decimal, VAT rates per country, the status an
// invoice's amounts give, and how numbers are written. No database here, so each rule is tested
// on its own (invoices.money.test.ts) and every path (create, patch, deal, credit note) shares it.
import { D, lineAmounts, money, plain, sumLines, vatBreakdown as breakdown, type Dec, type LineAmounts } from '../money/index.js';
import { vatRatesByCountry, type InvoiceKind, type InvoiceStatus } from '../../../contracts/invoices.js';

// The line arithmetic is the money module's, shared with deals and printed documents.
export { D, lineAmounts, money, plain, type Dec, type LineAmounts };

export type Country = keyof typeof vatRatesByCountry;

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

/** Invoice totals: sums of the already rounded line amounts (never recomputed from the sums). */
export const invoiceTotals = (lines: LineAmounts[]): LineAmounts => sumLines(lines);

/** The VAT block: taxable base and VAT per rate, highest rate first, «без НДС» last. */
export const vatBreakdown = (lines: { vatRate: string; subtotal: string; vatAmount: string }[]) =>
  breakdown(lines).map(({ rate, base, vat }) => ({ vatRate: rate, base, vat }));

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
