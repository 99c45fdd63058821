import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

// Our clients' usual neighbours first; Intl names them in the interface language.
const codes = [
  'RU',
  'BG',
  'BY',
  'KZ',
  'UZ',
  'AM',
  'GE',
  'AZ',
  'KG',
  'RS',
  'MK',
  'GR',
  'RO',
  'TR',
  'MD',
  'UA',
  'DE',
  'AT',
  'CH',
  'IT',
  'FR',
  'ES',
  'PT',
  'NL',
  'BE',
  'PL',
  'CZ',
  'SK',
  'HU',
  'SI',
  'HR',
  'CY',
  'LT',
  'LV',
  'EE',
  'FI',
  'SE',
  'NO',
  'DK',
  'IE',
  'GB',
  'US',
  'CA',
  'AE',
  'IL',
  'IN',
  'CN',
  'JP',
  'KR',
];

export function useCountryOptions() {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    const [first, rest] = [codes.slice(0, 2), codes.slice(2)];
    const label = (c: string) => names.of(c) ?? c;
    return [
      ...first.map((c) => ({ value: c, label: label(c) })),
      ...rest.map((c) => ({ value: c, label: label(c) })).sort((a, b) => a.label.localeCompare(b.label, i18n.language)),
    ];
  }, [i18n.language]);
}

export function countryName(code: string | null | undefined, lang: string): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
