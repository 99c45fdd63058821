import type {
  DEFAULT_PAYMENT_DAYS as DefaultDays,
  InvoiceStatus,
  paymentMethods as Methods,
  vatRatesByCountry,
} from '../../../contracts/invoices';
import { isDecimal, normalizeDecimal, toUnits } from '../../lib/money';

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
