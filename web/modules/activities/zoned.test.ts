import { describe, expect, it } from 'vitest';
import { addDays, dayStartUtc, fromWall, nextWorkingDay, startOfWeek, toWall, wallToLocalInput, localInputToWall, ymdOf } from './zoned';

describe('wall-clock time in the user\'s zone', () => {
  it('round-trips a wall time through UTC in zones on both sides of Greenwich', () => {
    for (const tz of ['Europe/Sofia', 'Europe/Moscow', 'Asia/Vladivostok', 'America/New_York', 'UTC']) {
      const iso = fromWall('2026-07-15 09:30:00', tz)!;
      expect(toWall(iso, tz)).toBe('2026-07-15 09:30:00');
    }
    expect(fromWall('2026-07-15 09:30', 'Europe/Sofia')).toBe('2026-07-15T06:30:00.000Z');
    expect(fromWall('2026-01-15T09:30', 'Europe/Sofia')).toBe('2026-01-15T07:30:00.000Z');
    expect(fromWall('2026-01-15 09:30', 'Asia/Vladivostok')).toBe('2026-01-14T23:30:00.000Z');
  });

  it('handles the daylight-saving switch days', () => {
    // Sofia moves from +2 to +3 at 03:00 on 2026-03-29: midnight is still +2.
    expect(dayStartUtc('2026-03-29', 'Europe/Sofia').toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(dayStartUtc('2026-03-30', 'Europe/Sofia').toISOString()).toBe('2026-03-29T21:00:00.000Z');
    expect(toWall(fromWall('2026-03-29 12:00', 'Europe/Sofia'), 'Europe/Sofia')).toBe('2026-03-29 12:00:00');
  });

  it('says which calendar day an instant falls on for the user', () => {
    expect(ymdOf('2026-01-14T23:30:00.000Z', 'Asia/Vladivostok')).toBe('2026-01-15');
    expect(ymdOf('2026-01-14T23:30:00.000Z', 'America/New_York')).toBe('2026-01-14');
  });

  it('does calendar-day arithmetic', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(startOfWeek('2026-11-26', 1)).toBe('2026-11-23'); // Thursday -> Monday
    expect(startOfWeek('2026-11-23', 0)).toBe('2026-11-22'); // Monday -> Sunday before
    expect(startOfWeek('2026-11-22', 0)).toBe('2026-11-22');
    expect(nextWorkingDay('2026-11-27')).toBe('2026-11-30'); // Friday -> Monday
  });

  it('converts for the native date-time input', () => {
    expect(wallToLocalInput('2030-01-15 11:00:00')).toBe('2030-01-15T11:00');
    expect(localInputToWall('2030-01-15T11:00')).toBe('2030-01-15 11:00:00');
  });
});
