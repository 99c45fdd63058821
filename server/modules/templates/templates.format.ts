// How numbers and dates are written on paper in each language. Pure string work on the decimal
// strings of the model (no float ever touches an amount): ru and bg group thousands with a
// no-break space and use a decimal comma, en groups with commas and uses a decimal point.
import type { DocumentLanguage } from '../../../contracts/templates.js';

const NBSP = '\u00a0';

function group(whole: string, sep: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function split(value: string): { sign: string; whole: string; frac: string } {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return { sign: '', whole: value, frac: '' };
  return { sign: m[1], whole: m[2].replace(/^0+(?=\d)/, ''), frac: m[3] ?? '' };
}

function join(lang: DocumentLanguage, sign: string, whole: string, frac: string): string {
  const [thousands, point] = lang === 'en' ? [',', '.'] : [NBSP, ','];
  return `${sign}${group(whole, thousands)}${frac ? point + frac : ''}`;
}

/** "1234567.5" -> "1 234 567,50" (ru, bg) or "1,234,567.50" (en): always two decimals. */
export function formatMoney(value: string, lang: DocumentLanguage): string {
  const { sign, whole, frac } = split(value);
  return join(lang, sign, whole, (frac + '00').slice(0, 2));
}

/** Quantities and rates without trailing zeros: "2.5000" -> "2,5" (ru, bg) or "2.5" (en). */
export function formatNumber(value: string, lang: DocumentLanguage): string {
  const { sign, whole, frac } = split(value);
  return join(lang, sign, whole, frac.replace(/0+$/, ''));
}

const locales: Record<DocumentLanguage, string> = { ru: 'ru-RU', bg: 'bg-BG', en: 'en-GB' };

/**
 * A calendar day as each country writes it on documents: «1 декабря 2026 г.» in Russian,
 * «01.12.2026 г.» in Bulgarian, «1 December 2026» in English. The day is a date, not an
 * instant: it is formatted in UTC so no time zone moves it.
 */
export function formatDate(isoDay: string, lang: DocumentLanguage): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) return isoDay;
  if (lang === 'bg') return `${m[3]}.${m[2]}.${m[1]} г.`;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locales[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** «01.12.2026» (ru, bg) or «01/12/2026» (en): for narrow cells. */
export function formatShortDate(isoDay: string, lang: DocumentLanguage): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) return isoDay;
  return lang === 'en' ? `${m[3]}/${m[2]}/${m[1]}` : `${m[3]}.${m[2]}.${m[1]}`;
}
