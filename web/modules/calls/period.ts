import { addDays, dayStartUtc } from '../../../contracts/time';

/** The instant a calendar day (`YYYY-MM-DD`, or a date picker's value) begins in the zone, `days` later. */
export const dayStartIso = (day: string, tz: string, days = 0) => dayStartUtc(addDays(day.slice(0, 10), days), tz).toISOString();

/** `YYYY-MM-DD` of `today` moved by `days`. */
export const shiftDay = (today: string, days: number) => addDays(today, days);
