// Amounts travel as decimal strings ("1234.50"). Sums shown in the interface (board columns,
// totals) are computed in BigInt ten-thousandths, so amount x probability% stays exact: never floats.
const SCALE = 10_000n;

/** "1234.5" -> 12345000n (ten-thousandths); anything unparsable counts as zero. */
export function toUnits(value: string | null | undefined): bigint {
  const m = /^(-)?(\d+)(?:\.(\d{0,4})\d*)?$/.exec((value ?? '').trim());
  if (!m) return 0n;
  const units = BigInt(m[2]) * SCALE + BigInt((m[3] ?? '').padEnd(4, '0'));
  return m[1] ? -units : units;
}

/** Ten-thousandths -> decimal string with `decimals` places, rounded half away from zero. */
export function unitsToString(units: bigint, decimals = 2): string {
  const negative = units < 0n;
  let abs = negative ? -units : units;
  const drop = 10n ** BigInt(4 - decimals);
  abs = (abs + drop / 2n) / drop;
  const base = 10n ** BigInt(decimals);
  const int = abs / base;
  const frac = abs % base;
  const s = decimals > 0 ? `${int}.${frac.toString().padStart(decimals, '0')}` : `${int}`;
  return negative && abs !== 0n ? `-${s}` : s;
}

/** amount x probability / 100, exact (probability is a whole percent). */
export function weightedUnits(amount: string, probability: number): bigint {
  return (toUnits(amount) * BigInt(Math.round(probability))) / 100n;
}

/** Per-currency accumulator for column sums, forecast totals and the like. */
export class CurrencyTotals {
  private readonly map = new Map<string, bigint>();
  add(currency: string, units: bigint): this {
    this.map.set(currency, (this.map.get(currency) ?? 0n) + units);
    return this;
  }
  entries(): [string, bigint][] {
    return [...this.map.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
  get size() {
    return this.map.size;
  }
}

/** What people type ("1 234,50", "1234.5 ") -> "1234.50"-style decimal string, or the trimmed input if not a number. */
export function normalizeDecimal(input: string | number | null | undefined): string {
  const s = String(input ?? '')
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(',', '.');
  return s;
}

/** True for a non-negative decimal with at most `decimals` places. */
export const isDecimal = (s: string, decimals = 2) => new RegExp(`^\\d{1,16}(\\.\\d{1,${decimals}})?$`).test(s);

function roundHalfUp(num: bigint, den: bigint): bigint {
  const neg = num < 0n;
  const a = neg ? -num : num;
  const q = (a * 2n + den) / (2n * den);
  return neg ? -q : q;
}

/** Digits of a decimal string at a fixed scale: ("12.5", 2) -> 1250n. */
function scaled(value: string, decimals: number): bigint {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (!m) return 0n;
  return BigInt(m[1] + (m[2] ?? '').padEnd(decimals, '0').slice(0, decimals));
}
const cents = (c: bigint) => unitsToString(c * 100n);

/**
 * The preview of a line before it is saved, by the server's rule (each amount rounded half-up to
 * cents on the line; VAT on top, or carved out when prices include VAT). The saved deal's figures
 * come from the server; this only keeps the table honest while the user types.
 */
export function linePreview(
  l: { quantity: string; unitPrice: string; discountPercent: string; vatRate: string },
  pricesIncludeVat: boolean,
) {
  const q = scaled(normalizeDecimal(l.quantity), 4);
  const p = scaled(normalizeDecimal(l.unitPrice), 2);
  const keep = 10000n - scaled(normalizeDecimal(l.discountPercent || '0'), 2);
  const r = scaled(normalizeDecimal(l.vatRate || '0'), 2);
  const gross = roundHalfUp(q * p * keep, 10n ** 8n);
  if (pricesIncludeVat) {
    const vat = roundHalfUp(gross * r, r + 10000n);
    return { subtotal: cents(gross - vat), vatAmount: cents(vat), total: cents(gross) };
  }
  const vat = roundHalfUp(gross * r, 10000n);
  return { subtotal: cents(gross), vatAmount: cents(vat), total: cents(gross + vat) };
}

/**
 * What someone typed in the interface language -> a decimal string ("1234.50"), or null if it is not
 * a number. Spaces (as ru and bg group digits, also no-break ones) and apostrophes are dropped; in
 * ru and bg both "," and "." mark the decimals, in English "," groups thousands and "." marks them.
 */
export function parseDecimalInput(input: string, lang: string): string | null {
  let s = input.replace(/[\s\u00a0\u202f']/g, '');
  if (lang === 'en') s = s.replace(/,/g, '');
  else s = s.replace(',', '.');
  return /^\d+(\.\d+)?$/.test(s) ? s.replace(/^0+(?=\d)/, '') : null;
}

/** A decimal string as the interface language writes it: grouped, with its decimal mark, at least `minDecimals` places. */
export function formatDecimalInput(value: string, locale: string, minDecimals: number, maxDecimals: number): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: minDecimals, maximumFractionDigits: maxDecimals }).format(
    value as Intl.StringNumericLiteral,
  );
}
