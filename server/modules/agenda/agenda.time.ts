// Local-day arithmetic in IANA time zones with Intl only: the agenda's "today" is a wall-clock day
// of a user somewhere (Vladivostok, Sofia), while every stored instant is UTC.

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

/** The time zone if the runtime knows it, else UTC (a mistyped users.time_zone must not break the agenda). */
export function safeTimeZone(tz: string | null | undefined): string {
  if (!tz) return 'UTC';
  try {
    formatter(tz);
    return tz;
  } catch {
    return 'UTC';
  }
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Wall-clock fields of an instant in a time zone. */
export function localParts(at: Date, tz: string) {
  const p: Record<string, string> = {};
  for (const part of formatter(tz).formatToParts(at)) p[part.type] = part.value;
  return {
    year: Number(p.year), month: Number(p.month), day: Number(p.day),
    hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second),
    /** 0 = Monday ... 6 = Sunday */
    weekday: WEEKDAYS.indexOf(p.weekday),
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds (Sofia in summer: +3 h). */
function offsetMs(at: Date, tz: string): number {
  const l = localParts(at, tz);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - (at.getTime() - at.getUTCMilliseconds());
}

/** The UTC instant of a wall-clock time in a zone (two passes settle DST transitions). */
function zonedToUtc(wallAsUtcMs: number, tz: string): Date {
  let utc = wallAsUtcMs - offsetMs(new Date(wallAsUtcMs), tz);
  utc = wallAsUtcMs - offsetMs(new Date(utc), tz);
  return new Date(utc);
}

/** Start (local midnight, as a UTC instant) of the local day containing `at`, moved by `addDays`. */
export function startOfLocalDay(at: Date, tz: string, addDays = 0): Date {
  const l = localParts(at, tz);
  return zonedToUtc(Date.UTC(l.year, l.month - 1, l.day + addDays), tz);
}

/** Start of the local week (Monday) containing `at`, as a UTC instant. */
export function startOfLocalWeek(at: Date, tz: string): Date {
  return startOfLocalDay(at, tz, -localParts(at, tz).weekday);
}
