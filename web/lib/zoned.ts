// Wall-clock arithmetic in the user's IANA time zone with Intl only. The browser may sit in another
// zone than the user's profile (a laptop on a trip, a test runner in UTC): pickers show and take the
// profile zone's wall time, and the API always gets UTC instants.

import { addDays, wallParts, weekdayOf, zoneOr, zonedToUtc, type Ymd } from '../../contracts/time';

// The Intl arithmetic itself lives in contracts/time.ts (shared with the server); re-exported so pages
// take every date helper from one place.
export { addDays, dayStartUtc, startOfWeek, wallParts, ymdOf, type Ymd } from '../../contracts/time';

/** The zone if the runtime knows it, else the browser's own. */
export function safeZone(tz: string | null | undefined): string {
  return zoneOr(tz, Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Instant -> "YYYY-MM-DD HH:mm:ss" in the zone (the value format of Mantine date pickers). */
export function toWall(iso: string | Date | null | undefined, tz: string): string | null {
  if (!iso) return null;
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return null;
  const p = wallParts(d, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:00`;
}

/** "YYYY-MM-DD HH:mm[:ss]" or "YYYY-MM-DDTHH:mm" wall time in the zone -> ISO instant (UTC). */
export function fromWall(wall: string | null | undefined, tz: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(wall ?? '');
  if (!m) return null;
  return zonedToUtc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), tz).toISOString();
}

/** "YYYY-MM-DD HH:mm:ss" -> "YYYY-MM-DDTHH:mm" for a native datetime-local input, and back. */
export const wallToLocalInput = (wall: string | null) => (wall ? wall.slice(0, 16).replace(' ', 'T') : '');
export const localInputToWall = (v: string) => (v ? `${v.replace('T', ' ')}:00`.slice(0, 19) : null);

/** A wall time on a given day: `ymd` at hh:mm in the zone, as "YYYY-MM-DD HH:mm:ss". */
export const wallAt = (ymd: Ymd, hour: number, minute = 0) => `${ymd} ${pad(hour)}:${pad(minute)}:00`;

/** Next working day (Mon-Fri) after `ymd`. */
export function nextWorkingDay(ymd: Ymd): Ymd {
  let d = addDays(ymd, 1);
  while (weekdayOf(d) >= 5) d = addDays(d, 1);
  return d;
}

/** "понедельник, 23 ноября" -> "Понедельник, 23 ноября" (CSS capitalize would also raise the month). */
export const capitalizeFirst = (s: string, lang: string) => s.charAt(0).toLocaleUpperCase(lang) + s.slice(1);
