// Working-time arithmetic of the SLA: due times counted in the workspace's working hours, in its
// zone, skipping days off and holidays. Each local day's intervals are turned into UTC instants by
// zonedToUtc, so a day across a DST switch counts the hours the clock really shows.
import { addDays, ymdOf, zonedToUtc, type Ymd } from '../../../contracts/time.js';
import type { SlaRule, SlaSegment, TicketPriority, WorkingInterval } from '../../../contracts/tickets.js';

export type WorkCalendar = {
  timeZone: string;
  /** Monday first. */
  week: WorkingInterval[][];
  holidays: ReadonlySet<Ymd>;
};

const NINE_TO_SIX = [{ from: '09:00', to: '18:00' }];
/** Monday to Friday 09:00-18:00, no holidays: the calendar until the workspace sets its own. */
export const DEFAULT_WEEK: WorkingInterval[][] = [NINE_TO_SIX, NINE_TO_SIX, NINE_TO_SIX, NINE_TO_SIX, NINE_TO_SIX, [], []];

const H = 60;
/**
 * The rules until the workspace sets its own: hours to the first answer and to the resolution per
 * priority, quicker for the A clients and slower for C (and for clients without a segment, as B).
 */
const DEFAULT_HOURS: Record<TicketPriority, [number, number]> = {
  urgent: [1, 4],
  high: [2, 8],
  normal: [4, 18],
  low: [8, 45],
};
const SEGMENT_FACTOR: Record<SlaSegment, number> = { A: 0.5, B: 1, C: 1.5, none: 1 };

export const DEFAULT_RULES: SlaRule[] = (Object.keys(DEFAULT_HOURS) as TicketPriority[]).flatMap((priority) =>
  (Object.keys(SEGMENT_FACTOR) as SlaSegment[]).map((segment) => ({
    priority,
    segment,
    responseMinutes: Math.round(DEFAULT_HOURS[priority][0] * H * SEGMENT_FACTOR[segment]),
    resolutionMinutes: Math.round(DEFAULT_HOURS[priority][1] * H * SEGMENT_FACTOR[segment]),
  })),
);

/** The rule for a priority and segment among the workspace's, else the default one. */
export function ruleFor(rules: readonly SlaRule[], priority: TicketPriority, segment: SlaSegment): SlaRule {
  return (
    rules.find((r) => r.priority === priority && r.segment === segment) ??
    DEFAULT_RULES.find((r) => r.priority === priority && r.segment === segment)!
  );
}

/** A company's segment as the SLA reads it: A, B or C (any case, first letter), else none. */
export function segmentOf(companySegment: string | null | undefined): SlaSegment {
  const s = companySegment?.trim().toUpperCase();
  return s === 'A' || s === 'B' || s === 'C' ? s : 'none';
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The working spans of one local day as UTC instants, in order. */
function spansOf(day: Ymd, cal: WorkCalendar): [number, number][] {
  if (cal.holidays.has(day)) return [];
  const [y, m, d] = day.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  const at = (min: number) => {
    // 24:00 is the next day's midnight, which zonedToUtc reads from that day.
    const next = min >= 24 * 60;
    const [yy, mm, dd] = (next ? addDays(day, 1) : day).split('-').map(Number);
    return zonedToUtc(yy, mm, dd, next ? 0 : Math.floor(min / 60), next ? 0 : min % 60, cal.timeZone).getTime();
  };
  return cal.week[weekday].map((i) => [at(minutesOf(i.from)), at(minutesOf(i.to))] as [number, number]).filter(([a, b]) => b > a);
}

/** Whether the calendar has any working time at all (a week of days off has none). */
export function hasWorkingTime(week: WorkingInterval[][]): boolean {
  return week.some((day) => day.some((i) => minutesOf(i.to) > minutesOf(i.from)));
}

// Ten years of days: past that a calendar of holidays only has no working time to find.
const MAX_DAYS = 3660;

/**
 * The instant `minutes` working minutes after `start`. Zero minutes outside working hours is the
 * start of the next working span: a ticket that comes in at night is due when work begins.
 */
export function addWorkingMinutes(start: Date, minutes: number, cal: WorkCalendar): Date {
  let left = minutes * 60_000;
  const from = start.getTime();
  // The day before too: its spans may run past midnight into `start`'s day in another zone's terms.
  let day = addDays(ymdOf(start, cal.timeZone), -1);
  for (let i = 0; i < MAX_DAYS; i++, day = addDays(day, 1)) {
    for (const [a, b] of spansOf(day, cal)) {
      const s = Math.max(a, from);
      if (b <= s) continue;
      if (left <= b - s) return new Date(s + left);
      left -= b - s;
    }
  }
  throw new Error('the working calendar has no working time');
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: Date, to: Date, cal: WorkCalendar): number {
  const a0 = from.getTime();
  const b0 = to.getTime();
  if (b0 <= a0) return 0;
  let ms = 0;
  const last = ymdOf(to, cal.timeZone);
  for (let day = addDays(ymdOf(from, cal.timeZone), -1), i = 0; day <= last && i < MAX_DAYS; day = addDays(day, 1), i++) {
    for (const [a, b] of spansOf(day, cal)) ms += Math.max(0, Math.min(b, b0) - Math.max(a, a0));
  }
  return Math.floor(ms / 60_000);
}
