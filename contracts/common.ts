// Bounded building blocks for every contract. Whatever zod lets through reaches PostgreSQL, so each
// value must already fit its column: integers within int32, dates within sane years (PostgreSQL
// has no year 0000, and a year 20000 is a typo), time zones the runtime and the database know.
// NUL and broken characters are refused for every field at once by the server (platform/input.ts).
import { z } from 'zod';

/** The years a business date may fall in; outside them it is a typo (0000, 20266), not a plan. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

const yearOf = (v: string) => Number(v.slice(0, 4));
const inYears = (v: string) => yearOf(v) >= MIN_YEAR && yearOf(v) <= MAX_YEAR;
const yearRange = { params: { code: 'date_out_of_range', min: MIN_YEAR, max: MAX_YEAR } };

/** An integer that fits PostgreSQL `integer` (version, position, counts). */
export const int32 = () => z.int32();

/** A calendar day `YYYY-MM-DD` between MIN_YEAR and MAX_YEAR. */
export const isoDate = () => z.iso.date().refine(inYears, yearRange);

/** An instant in ISO 8601 with an offset (`2026-12-01T09:30:00Z`), between MIN_YEAR and MAX_YEAR. */
export const isoDateTime = () => z.iso.datetime({ offset: true }).refine(inYears, yearRange);

/** Trimmed text of at most `max` characters. */
export const text = (max: number) => z.string().trim().max(max);

let zones: Set<string> | undefined;
// IANA spelling: `Europe/Sofia`, `America/Argentina/Buenos_Aires`, `Etc/GMT+3`, `UTC`. Intl also takes
// `europe/sofia` or offsets, which PostgreSQL reads differently or not at all.
const IANA_NAME = /^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z0-9][A-Za-z0-9_+-]*)*$/;

/**
 * Whether the runtime knows the zone: one of `Intl.supportedValuesOf('timeZone')`, `UTC`, or an
 * alias the runtime resolves (`Europe/Kiev`, `US/Eastern`), spelled as IANA spells it.
 */
export function isKnownTimeZone(tz: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (zones.has(tz)) return true;
  if (!IANA_NAME.test(tz)) return false;
  try {
    return zones.has(new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

/** An IANA time zone the runtime knows (400 `invalid_time_zone` otherwise). */
export const timeZone = () =>
  z
    .string()
    .max(64)
    .refine(isKnownTimeZone, { params: { code: 'invalid_time_zone' } });
