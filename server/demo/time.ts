// Dates relative to "now", placed in a user's local working hours, so the agenda of every
// demo user has items today whatever day the demo is run.

const DAY = 86_400_000;

/** The offset of a time zone from UTC at an instant, in minutes (Europe/Moscow -> 180). */
function offsetMinutes(timeZone: string, at: Date): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')
      ?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** The calendar date ('YYYY-MM-DD') of an instant in a time zone. */
export function localDate(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The instant of a local wall-clock time `dayOffset` days from the local today of `now`. */
export function atLocal(timeZone: string, now: Date, dayOffset: number, hour: number, minute = 0): Date {
  const [y, mo, d] = localDate(timeZone, now).split('-').map(Number);
  const wall = Date.UTC(y, mo - 1, d + dayOffset, hour, minute);
  // Two passes settle the offset even on the day a daylight-saving change happens.
  let t = wall - offsetMinutes(timeZone, new Date(wall)) * 60_000;
  t = wall - offsetMinutes(timeZone, new Date(t)) * 60_000;
  return new Date(t);
}

/** Day of the week (0 = Sunday) of the local date `dayOffset` days from today. */
export function localWeekday(timeZone: string, now: Date, dayOffset: number): number {
  const [y, mo, d] = localDate(timeZone, now).split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, d + dayOffset)).getUTCDay();
}

/** A 'YYYY-MM-DD' date `days` away from the UTC date of `now`. */
export function isoDay(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY).toISOString().slice(0, 10);
}
