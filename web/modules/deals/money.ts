import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localeTag } from '../../ui/format';

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

export type MoneyFormat = {
  /** "1 234,50 ₽" in the interface language; accepts a decimal string or ten-thousandths. */
  money: (amount: string | bigint | null | undefined, currency: string) => string;
  /** Short form for columns and charts: "1,2 млн ₽". */
  compact: (amount: string | bigint | null | undefined, currency: string) => string;
  /** Plain decimal with grouping, no currency. */
  decimal: (amount: string | null | undefined) => string;
};

function asDecimalString(amount: string | bigint | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '0';
  return typeof amount === 'bigint' ? unitsToString(amount) : amount;
}

export function makeMoneyFormat(lang: string): MoneyFormat {
  const tag = localeTag(lang);
  const full = new Map<string, Intl.NumberFormat>();
  const short = new Map<string, Intl.NumberFormat>();
  const get = (cache: Map<string, Intl.NumberFormat>, currency: string, compact: boolean) => {
    let f = cache.get(currency);
    if (!f) {
      try {
        f = new Intl.NumberFormat(tag, compact
          ? { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }
          : { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
      } catch {
        // An unknown currency code must not break a page: show the number and the code.
        f = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      }
      cache.set(currency, f);
    }
    return f;
  };
  const plain = new Intl.NumberFormat(tag, { maximumFractionDigits: 4 });
  // Intl formats decimal strings exactly (no float conversion) in current engines.
  const fmt = (f: Intl.NumberFormat, v: string) => f.format(v as Intl.StringNumericLiteral);
  return {
    money: (amount, currency) => fmt(get(full, currency, false), asDecimalString(amount)),
    compact: (amount, currency) => fmt(get(short, currency, true), asDecimalString(amount)),
    decimal: (amount) => (amount === null || amount === undefined || amount === '' ? '' : fmt(plain, amount)),
  };
}

export function useMoneyFormat(): MoneyFormat {
  const { i18n } = useTranslation();
  return useMemo(() => makeMoneyFormat(i18n.language), [i18n.language]);
}

/** What people type ("1 234,50", "1234.5 ") -> "1234.50"-style decimal string, or the trimmed input if not a number. */
export function normalizeDecimal(input: string | number | null | undefined): string {
  const s = String(input ?? '').replace(/[\s\u00a0\u202f']/g, '').replace(',', '.');
  return s;
}

/** True for a non-negative decimal with at most `decimals` places. */
export const isDecimal = (s: string, decimals = 2) => new RegExp(`^\\d{1,16}(\\.\\d{1,${decimals}})?$`).test(s);
