import type {
  DEFAULT_PAYMENT_DAYS as DefaultDays,
  Invoice,
  InvoiceStatus,
  paymentMethods as Methods,
  vatRatesByCountry,
} from '../../../contracts/invoices';
import { isDecimal, normalizeDecimal, toUnits } from '../../lib/decimal';

// The browser takes only types from the contracts (zod stays out of the bundle); these copies of
// the invoice rules are checked against the contract's own constants at compile time.

/** VAT rates by the country of the issuing legal entity; `none` is «Без НДС». */
export const VAT_RATES = { RU: ['22', '10', '0', 'none'], BG: ['20', '9', '0'] } as const satisfies typeof vatRatesByCountry;
export const PAYMENT_DAYS = 10 satisfies typeof DefaultDays;
export const PAYMENT_METHODS = ['bank_transfer', 'cash', 'card', 'other'] as const satisfies typeof Methods;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'cancelled'] as const satisfies readonly InvoiceStatus[];

type Country = keyof typeof VAT_RATES;

/** The rates an entity may charge: one only when it is no VAT payer (the server's rule). */
export function allowedVatRates(country: Country, vatPayer: boolean | null): readonly string[] {
  if (vatPayer === false) return country === 'RU' ? ['none'] : ['0'];
  return VAT_RATES[country];
}

/** Lines at this rate need the reason: «Без НДС» in Russia, the legal basis of 0 % in Bulgaria. */
export const needsExemptionReason = (country: Country, rate: string) => (country === 'RU' ? rate === 'none' : rate === '0');

/** An i18n key when the typed amount is not a positive decimal with at most `decimals` places ("1 234,5" is fine). */
export function decimalError(value: string, opts: { decimals: number; positive?: boolean; max?: string }): string | null {
  const v = normalizeDecimal(value);
  if (v === '') return 'moneyUi.rules.required';
  if (!isDecimal(v, opts.decimals)) return opts.decimals === 2 ? 'moneyUi.rules.money' : 'moneyUi.rules.quantity';
  if (opts.positive && /^0+(\.0*)?$/.test(v)) return 'moneyUi.rules.positive';
  if (opts.max !== undefined && toUnits(v) > toUnits(opts.max)) return 'moneyUi.rules.percent';
  return null;
}

/** True when a decimal string is above zero. */
export const isPositive = (amount: string | null | undefined) => !!amount && /[1-9]/.test(amount) && !amount.startsWith('-');

export type LineValues = {
  key: string;
  productId: string | null;
  name: string;
  quantity: string;
  unit: string;
  price: string;
  discountPercent: string;
  vatRate: string;
};

/** A saved decimal as people of the language type it: "1500,50" in Russian and Bulgarian. */
export const typed = (v: string, lang: string) => (lang === 'en' ? v : v.replace('.', ','));

export const lineFromSaved = (l: Invoice['lines'][number], lang: string): LineValues => ({
  key: l.id,
  productId: l.productId,
  name: l.name,
  quantity: typed(l.quantity, lang),
  unit: l.unit ?? '',
  price: typed(l.price, lang),
  discountPercent: typed(l.discountPercent, lang),
  vatRate: l.vatRate,
});

/** The lines as PATCH /invoices takes them: decimals typed with commas or spaces normalised. */
export const linesBody = (lines: LineValues[]) =>
  lines.map((l) => ({
    productId: l.productId,
    name: l.name.trim(),
    quantity: normalizeDecimal(l.quantity),
    unit: l.unit.trim() || null,
    price: normalizeDecimal(l.price),
    discountPercent: normalizeDecimal(l.discountPercent) || '0',
    vatRate: l.vatRate,
  }));

/** Field rules of one line, as i18n keys (the server checks again and names its own). */
export function validateLine(l: LineValues, rates: readonly string[]): Partial<Record<keyof LineValues, string>> {
  const out: Partial<Record<keyof LineValues, string>> = {};
  if (!l.name.trim()) out.name = 'moneyUi.rules.required';
  const q = decimalError(l.quantity, { decimals: 4, positive: true });
  if (q) out.quantity = q;
  const p = decimalError(l.price, { decimals: 2 });
  if (p) out.price = p;
  if (l.discountPercent.trim()) {
    const d = decimalError(l.discountPercent, { decimals: 2, max: '100' });
    if (d) out.discountPercent = d === 'moneyUi.rules.money' ? 'moneyUi.rules.percent' : d;
  }
  if (!rates.includes(l.vatRate)) out.vatRate = 'moneyUi.rules.vatRate';
  return out;
}
