import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMeQuery } from './session';

// Interface language -> formatting locale. English uses day-month order: our users are in Europe.
const localeTags: Record<string, string> = { ru: 'ru-RU', bg: 'bg-BG', en: 'en-GB' };
export const localeTag = (lang: string) => localeTags[lang] ?? lang;

/** Dates and numbers in the interface language; times in the signed-in user's time zone. */
export function makeFormat(lang: string, timeZone?: string) {
  const tag = localeTag(lang);
  const tz = timeZone || undefined;
  const dateTimeFmt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: tz });
  const dateFmt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: tz });
  const timeFmt = new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone: tz });
  // Calendar days (birthdays, dates to remember) are not instants: never shift them by a time zone.
  const dayFmt = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dayMonthFmt = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', timeZone: 'UTC' });
  const ymdFmt = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: tz });
  const numberFmt = new Intl.NumberFormat(tag);
  const rel = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });

  const parseDay = (ymd: string) => new Date(`${ymd.slice(0, 10)}T00:00:00Z`);
  const valid = (d: Date) => !Number.isNaN(d.getTime());

  return {
    locale: tag,
    timeZone: tz,
    dateTime: (iso: string | null | undefined) => (iso && valid(new Date(iso)) ? dateTimeFmt.format(new Date(iso)) : ''),
    date: (iso: string | null | undefined) => (iso && valid(new Date(iso)) ? dateFmt.format(new Date(iso)) : ''),
    time: (iso: string | null | undefined) => (iso && valid(new Date(iso)) ? timeFmt.format(new Date(iso)) : ''),
    /** A calendar day `YYYY-MM-DD` (birthday), with or without the year. */
    day: (ymd: string | null | undefined, withYear = true) => {
      if (!ymd || !valid(parseDay(ymd))) return ymd ?? '';
      return (withYear ? dayFmt : dayMonthFmt).format(parseDay(ymd));
    },
    /** Today as `YYYY-MM-DD` in the user's time zone. */
    today: () => ymdFmt.format(new Date()),
    number: (n: number | string | null | undefined) => (n === null || n === undefined || n === '' ? '' : numberFmt.format(Number(n))),
    /** "5 minutes ago", "yesterday"; falls back to the date after a week. */
    relative: (iso: string) => {
      const diffSec = (new Date(iso).getTime() - Date.now()) / 1000;
      const abs = Math.abs(diffSec);
      if (abs < 45) return rel.format(0, 'second');
      if (abs < 3600) return rel.format(Math.round(diffSec / 60), 'minute');
      if (abs < 86400) return rel.format(Math.round(diffSec / 3600), 'hour');
      if (abs < 7 * 86400) return rel.format(Math.round(diffSec / 86400), 'day');
      return dateFmt.format(new Date(iso));
    },
  };
}
export type Format = ReturnType<typeof makeFormat>;

export function useFormat(): Format {
  const { i18n } = useTranslation();
  const { data: me } = useMeQuery();
  const tz = me?.user.timeZone;
  return useMemo(() => makeFormat(i18n.language, tz), [i18n.language, tz]);
}

/** Days from `today` until the next yearly occurrence of `ymd` (0 = today), and the age reached then. */
export function nextAnniversary(ymd: string, today: string): { days: number; years: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  const n = /^(\d{4})-(\d{2})-(\d{2})/.exec(today);
  if (!m || !n) return null;
  const [ty, tm, td] = [Number(n[1]), Number(n[2]), Number(n[3])];
  const base = Date.UTC(ty, tm - 1, td);
  let year = ty;
  let next = Date.UTC(year, Number(m[2]) - 1, Number(m[3]));
  if (next < base) next = Date.UTC(++year, Number(m[2]) - 1, Number(m[3]));
  return { days: Math.round((next - base) / 86400000), years: year - Number(m[1]) };
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}
