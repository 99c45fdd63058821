import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayStartUtc,
  startOfLocalDay,
  startOfLocalWeek,
  startOfWeek,
  wallParts,
  weekdayOf,
  ymdOf,
  zoneOr,
  zonedToUtc,
} from './time';

const iso = (d: Date) => d.toISOString();
const HOUR = 3_600_000;

// Monday 10 March 2025, 20:30 UTC: 22:30 Monday in Sofia (UTC+2), 06:30 Tuesday in Vladivostok (UTC+10).
const NOW = new Date('2025-03-10T20:30:00Z');

describe('zones and wall-clock fields', () => {
  it('keeps a zone the runtime knows and falls back otherwise', () => {
    expect(zoneOr('Asia/Vladivostok', 'UTC')).toBe('Asia/Vladivostok');
    expect(zoneOr('Europe/Sofia', 'UTC')).toBe('Europe/Sofia');
    expect(zoneOr('Europe/Sofija', 'UTC')).toBe('UTC');
    expect(zoneOr('', 'Europe/Sofia')).toBe('Europe/Sofia');
    expect(zoneOr(null, 'Europe/Sofia')).toBe('Europe/Sofia');
    expect(zoneOr(undefined, 'Asia/Vladivostok')).toBe('Asia/Vladivostok');
  });

  it('reads the wall clock of an instant, with a Monday-based weekday', () => {
    expect(wallParts(NOW, 'Asia/Vladivostok')).toEqual({ year: 2025, month: 3, day: 11, hour: 6, minute: 30, second: 0, weekday: 1 });
    expect(wallParts('2025-03-10T20:30:00Z', 'Europe/Sofia')).toEqual({
      year: 2025,
      month: 3,
      day: 10,
      hour: 22,
      minute: 30,
      second: 0,
      weekday: 0,
    });
    // Midnight is hour 0, not 24.
    expect(wallParts('2025-03-15T22:00:00Z', 'Europe/Sofia')).toMatchObject({ day: 16, hour: 0, weekday: 6 });
  });

  it('says which calendar day an instant falls on for the user', () => {
    expect(ymdOf('2026-01-14T23:30:00.000Z', 'Asia/Vladivostok')).toBe('2026-01-15');
    expect(ymdOf('2026-01-14T23:30:00.000Z', 'Europe/Sofia')).toBe('2026-01-15');
    expect(ymdOf('2026-01-14T23:30:00.000Z', 'America/New_York')).toBe('2026-01-14');
    expect(ymdOf(new Date('2026-12-31T14:00:00Z'), 'Asia/Vladivostok')).toBe('2027-01-01');
  });
});

describe('wall time -> UTC instant', () => {
  it('round-trips in zones on both sides of Greenwich', () => {
    for (const tz of ['Europe/Sofia', 'Europe/Moscow', 'Asia/Vladivostok', 'America/New_York', 'Asia/Kolkata', 'UTC']) {
      for (const [month, day] of [
        [1, 15],
        [7, 15],
      ]) {
        const p = wallParts(zonedToUtc(2026, month, day, 9, 30, tz), tz);
        expect([p.year, p.month, p.day, p.hour, p.minute], tz).toEqual([2026, month, day, 9, 30]);
      }
    }
    expect(iso(zonedToUtc(2026, 7, 15, 9, 30, 'Europe/Sofia'))).toBe('2026-07-15T06:30:00.000Z');
    expect(iso(zonedToUtc(2026, 1, 15, 9, 30, 'Europe/Sofia'))).toBe('2026-01-15T07:30:00.000Z');
    expect(iso(zonedToUtc(2026, 1, 15, 9, 30, 'Asia/Vladivostok'))).toBe('2026-01-14T23:30:00.000Z');
  });

  it('moves a wall time skipped by the spring jump forward by the jump (Sofia, last Sunday of March)', () => {
    // 2026-03-29 03:00 EET (+2) becomes 04:00 EEST (+3) at 01:00 UTC.
    expect(iso(zonedToUtc(2026, 3, 29, 2, 59, 'Europe/Sofia'))).toBe('2026-03-29T00:59:00.000Z');
    expect(iso(zonedToUtc(2026, 3, 29, 3, 30, 'Europe/Sofia'))).toBe('2026-03-29T01:30:00.000Z'); // = 04:30 EEST
    expect(iso(zonedToUtc(2026, 3, 29, 4, 0, 'Europe/Sofia'))).toBe('2026-03-29T01:00:00.000Z');
    // The same rule west of Greenwich: New York's 02:30 on 2026-03-08 does not exist -> 03:30 EDT.
    expect(iso(zonedToUtc(2026, 3, 8, 2, 30, 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('takes the first pass of the hour repeated in autumn (Sofia, last Sunday of October)', () => {
    // 2026-10-25 04:00 EEST (+3) becomes 03:00 EET (+2) at 01:00 UTC: 03:00-03:59 happens twice.
    expect(iso(zonedToUtc(2026, 10, 25, 2, 59, 'Europe/Sofia'))).toBe('2026-10-24T23:59:00.000Z');
    expect(iso(zonedToUtc(2026, 10, 25, 3, 30, 'Europe/Sofia'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedToUtc(2026, 10, 25, 4, 0, 'Europe/Sofia'))).toBe('2026-10-25T02:00:00.000Z');
    expect(iso(zonedToUtc(2026, 11, 1, 1, 30, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z'); // EDT pass
  });
});

describe('local day and week starts', () => {
  it('finds local midnight across zones', () => {
    expect(iso(startOfLocalDay(NOW, 'Asia/Vladivostok'))).toBe('2025-03-10T14:00:00.000Z');
    expect(iso(startOfLocalDay(NOW, 'Europe/Sofia'))).toBe('2025-03-09T22:00:00.000Z');
    expect(iso(startOfLocalDay(NOW, 'Asia/Vladivostok', 1))).toBe('2025-03-11T14:00:00.000Z');
    expect(iso(startOfLocalDay(NOW, 'Europe/Sofia', -1))).toBe('2025-03-08T22:00:00.000Z');
    expect(iso(dayStartUtc('2026-01-15', 'Asia/Vladivostok'))).toBe('2026-01-14T14:00:00.000Z');
  });

  it('makes the spring switch day 23 hours and the autumn one 25 (Sofia)', () => {
    expect(iso(dayStartUtc('2026-03-29', 'Europe/Sofia'))).toBe('2026-03-28T22:00:00.000Z');
    expect(iso(dayStartUtc('2026-03-30', 'Europe/Sofia'))).toBe('2026-03-29T21:00:00.000Z');
    expect(iso(dayStartUtc('2026-10-25', 'Europe/Sofia'))).toBe('2026-10-24T21:00:00.000Z');
    expect(iso(dayStartUtc('2026-10-26', 'Europe/Sofia'))).toBe('2026-10-25T22:00:00.000Z');
    const dst = new Date('2025-03-30T12:00:00Z');
    expect(iso(startOfLocalDay(dst, 'Europe/Sofia'))).toBe('2025-03-29T22:00:00.000Z');
    expect(startOfLocalDay(dst, 'Europe/Sofia', 1).getTime() - startOfLocalDay(dst, 'Europe/Sofia').getTime()).toBe(23 * HOUR);
    const back = new Date('2025-10-26T12:00:00Z');
    expect(startOfLocalDay(back, 'Europe/Sofia', 1).getTime() - startOfLocalDay(back, 'Europe/Sofia').getTime()).toBe(25 * HOUR);
  });

  it('starts a day at the first minute after a jump that skips midnight (Chile)', () => {
    // Santiago skips 2026-09-06 00:00-00:59 (-4 -> -3): the day starts at 01:00 -03, not on the day before.
    expect(iso(dayStartUtc('2026-09-06', 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    expect(iso(startOfLocalDay(new Date('2026-09-05T12:00:00Z'), 'America/Santiago', 1))).toBe('2026-09-06T04:00:00.000Z');
  });

  it('finds the local Monday, even where it is already next week or across a switch', () => {
    expect(iso(startOfLocalWeek(NOW, 'Asia/Vladivostok'))).toBe('2025-03-09T14:00:00.000Z');
    expect(iso(startOfLocalWeek(NOW, 'Europe/Sofia'))).toBe('2025-03-09T22:00:00.000Z');
    // Sunday 20:00 UTC is still Sunday in Sofia but already Monday morning in Vladivostok.
    const sunday = new Date('2025-03-16T20:00:00Z');
    expect(iso(startOfLocalWeek(sunday, 'Europe/Sofia'))).toBe('2025-03-09T22:00:00.000Z');
    expect(iso(startOfLocalWeek(sunday, 'Asia/Vladivostok'))).toBe('2025-03-16T14:00:00.000Z');
    // The week of a switch Sunday begins under the old offset.
    expect(iso(startOfLocalWeek(new Date('2025-03-30T12:00:00Z'), 'Europe/Sofia'))).toBe('2025-03-23T22:00:00.000Z');
    expect(iso(startOfLocalWeek(new Date('2025-10-26T12:00:00Z'), 'Europe/Sofia'))).toBe('2025-10-19T21:00:00.000Z');
  });
});

describe('calendar days', () => {
  it('does calendar-day arithmetic across months and leap years', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekdayOf('2026-11-23')).toBe(0); // Monday
    expect(weekdayOf('2026-11-29')).toBe(6); // Sunday
  });

  it('finds the first day of the week, Monday- or Sunday-based', () => {
    expect(startOfWeek('2026-11-26', 1)).toBe('2026-11-23'); // Thursday -> Monday
    expect(startOfWeek('2026-11-23')).toBe('2026-11-23');
    expect(startOfWeek('2026-11-29', 1)).toBe('2026-11-23'); // Sunday ends a Monday week
    expect(startOfWeek('2026-11-23', 0)).toBe('2026-11-22'); // Monday -> Sunday before
    expect(startOfWeek('2026-11-22', 0)).toBe('2026-11-22');
  });
});
