// The agenda's "today" is a wall-clock day of the owner somewhere (Vladivostok, Sofia); the arithmetic
// itself is shared with the web in contracts/time.ts. Only the server's choice of fallback lives here.
import { zoneOr } from '../../contracts/time.js';

export { startOfLocalDay, startOfLocalWeek } from '../../contracts/time.js';

/** The time zone if the runtime knows it, else UTC (a mistyped users.time_zone must not break the agenda). */
export function safeTimeZone(tz: string | null | undefined): string {
  return zoneOr(tz, 'UTC');
}
