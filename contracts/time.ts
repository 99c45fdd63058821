// Wall-clock arithmetic in IANA time zones with Intl only, shared by the server and the web. A user's
// "today" or "09:30" is a wall-clock time somewhere (Vladivostok, Sofia) while every stored instant is
// UTC. No imports on purpose: web pages import it too, so it must stay tiny (no zod here).

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The zone if the runtime knows it, else `fallback` (a mistyped profile zone must not break a page). */
export function zoneOr(tz: string | null | undefined, fallback: string): string {
  if (!tz) return fallback;
  try {
    formatter(tz);
    return tz;
  } catch {
    return fallback;
  }
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Wall-clock fields; weekday 0 = Monday ... 6 = Sunday. */
export type WallParts = { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number };

/** Wall-clock fields of an instant in a zone. */
export function wallParts(at: Date | string, tz: string): WallParts {
  const d = typeof at === 'string' ? new Date(at) : at;
  const p: Record<string, string> = {};
  for (const part of formatter(tz).formatToParts(d)) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: WEEKDAYS.indexOf(p.weekday),
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds (Sofia in summer: +3 h). */
function offsetMs(at: number, tz: string): number {
  const l = wallParts(new Date(at), tz);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(at / 1000) * 1000; // the formatter shows no milliseconds
}

const DAY_MS = 86_400_000;

/** The UTC instant of a wall-clock time in a zone; a repeated hour takes its first pass, a skipped one moves forward by the jump. */
export function zonedToUtc(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets a day either side bracket any DST switch near this wall time (switches are months apart).
  // Read with each, the wall time gives two candidates; a candidate fits if the zone really has that offset
  // then. Both fit in a repeated autumn hour (take the earlier, `before`); none fits in a spring gap, where
  // `before` is the wall time read with the old offset, i.e. just after the jump (Chile's 2026-09-06 starts
  // at 01:00, not at 23:00 the day before). This is Temporal's "compatible" disambiguation.
  const before = wall - offsetMs(wall - DAY_MS, tz);
  const after = wall - offsetMs(wall + DAY_MS, tz);
  const fits = (utc: number) => offsetMs(utc, tz) === wall - utc;
  return new Date(fits(before) || !fits(after) ? before : after);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar day as "YYYY-MM-DD". */
export type Ymd = string;

/** The calendar day an instant falls on in the zone. */
export function ymdOf(at: Date | string, tz: string): Ymd {
  const p = wallParts(at, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Day arithmetic on calendar days (no zone involved: a day is a day). */
export function addDays(ymd: Ymd, days: number): Ymd {
  const [y, m, d] = ymd.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Weekday of a calendar day: 0 = Monday ... 6 = Sunday. */
export function weekdayOf(ymd: Ymd): number {
  const [y, m, d] = ymd.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** First day of the week containing `ymd`; `firstDay` 1 = Monday, 0 = Sunday. */
export function startOfWeek(ymd: Ymd, firstDay: 0 | 1 = 1): Ymd {
  const wd = weekdayOf(ymd);
  const back = firstDay === 1 ? wd : (wd + 1) % 7;
  return addDays(ymd, -back);
}

/** Start of a calendar day in the zone (local midnight, or the first minute after a DST jump), as a UTC instant. */
export function dayStartUtc(ymd: Ymd, tz: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  return zonedToUtc(y, m, d, 0, 0, tz);
}

/** Start of the local day containing `at`, moved by `days` days, as a UTC instant. */
export function startOfLocalDay(at: Date, tz: string, days = 0): Date {
  return dayStartUtc(addDays(ymdOf(at, tz), days), tz);
}

/** Start of the local week (Monday) containing `at`, as a UTC instant. */
export function startOfLocalWeek(at: Date, tz: string): Date {
  return dayStartUtc(startOfWeek(ymdOf(at, tz), 1), tz);
}
