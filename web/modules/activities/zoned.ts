// Wall-clock arithmetic in the user's IANA time zone with Intl only. The browser may sit in another
// zone than the user's profile (a laptop on a trip, a test runner in UTC): pickers show and take the
// profile zone's wall time, and the API always gets UTC instants.

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The zone if the runtime knows it, else the browser's own. */
export function safeZone(tz: string | null | undefined): string {
  const fallback = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (!tz) return fallback;
  try {
    formatter(tz);
    return tz;
  } catch {
    return fallback;
  }
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export type WallParts = { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number };

/** Wall-clock fields of an instant in a zone; weekday 0 = Monday. */
export function wallParts(at: Date | string, tz: string): WallParts {
  const d = typeof at === 'string' ? new Date(at) : at;
  const p: Record<string, string> = {};
  for (const part of formatter(tz).formatToParts(d)) p[part.type] = part.value;
  return {
    year: Number(p.year), month: Number(p.month), day: Number(p.day),
    hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second),
    weekday: WEEKDAYS.indexOf(p.weekday),
  };
}

function offsetMs(at: Date, tz: string): number {
  const l = wallParts(at, tz);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - (at.getTime() - at.getUTCMilliseconds());
}

/** The UTC instant of a wall-clock time in a zone (two passes settle DST transitions). */
export function zonedToUtc(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let utc = wall - offsetMs(new Date(wall), tz);
  utc = wall - offsetMs(new Date(utc), tz);
  return new Date(utc);
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

/** A calendar day as "YYYY-MM-DD". */
export type Ymd = string;

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

/** 0 = Monday ... 6 = Sunday */
export function weekdayOf(ymd: Ymd): number {
  const [y, m, d] = ymd.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** First day of the week containing `ymd`; `firstDay` 1 = Monday, 0 = Sunday. */
export function startOfWeek(ymd: Ymd, firstDay: 0 | 1 = 1): Ymd {
  const wd = weekdayOf(ymd); // Monday-based
  const back = firstDay === 1 ? wd : (wd + 1) % 7;
  return addDays(ymd, -back);
}

/** Local midnight of a calendar day in the zone, as a UTC instant. */
export function dayStartUtc(ymd: Ymd, tz: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  return zonedToUtc(y, m, d, 0, 0, tz);
}

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
