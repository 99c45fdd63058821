import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localeTag } from './format';
import { unitsToString } from './decimal';

export * from './decimal';

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
        f = new Intl.NumberFormat(
          tag,
          compact
            ? { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }
            : { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 },
        );
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
