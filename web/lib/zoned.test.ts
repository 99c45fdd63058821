import { describe, expect, it } from 'vitest';
import { fromWall, localInputToWall, nextWorkingDay, safeZone, toWall, wallAt, wallToLocalInput } from './zoned';

// The zone arithmetic itself is tested in contracts/time.test.ts; these cover the picker formats on top.
describe('wall-clock values of the pickers', () => {
  it("falls back to the browser's zone, not UTC, for an unknown profile zone", () => {
    expect(safeZone('Asia/Vladivostok')).toBe('Asia/Vladivostok');
    expect(safeZone('Europe/Sofija')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(safeZone(null)).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('round-trips a picker value through a UTC instant in zones on both sides of Greenwich', () => {
    for (const tz of ['Europe/Sofia', 'Europe/Moscow', 'Asia/Vladivostok', 'America/New_York', 'UTC']) {
      const iso = fromWall('2026-07-15 09:30:00', tz)!;
      expect(toWall(iso, tz)).toBe('2026-07-15 09:30:00');
    }
    expect(fromWall('2026-07-15 09:30', 'Europe/Sofia')).toBe('2026-07-15T06:30:00.000Z');
    expect(fromWall('2026-01-15T09:30', 'Europe/Sofia')).toBe('2026-01-15T07:30:00.000Z');
    expect(fromWall('2026-01-15 09:30', 'Asia/Vladivostok')).toBe('2026-01-14T23:30:00.000Z');
    expect(toWall('2026-01-14T23:30:00.000Z', 'Asia/Vladivostok')).toBe('2026-01-15 09:30:00');
  });

  it('keeps the picker usable on the daylight-saving switch days', () => {
    expect(toWall(fromWall('2026-03-29 12:00', 'Europe/Sofia'), 'Europe/Sofia')).toBe('2026-03-29 12:00:00');
    // A time the clocks skip lands just after the jump instead of being lost.
    expect(toWall(fromWall('2026-03-29 03:30', 'Europe/Sofia'), 'Europe/Sofia')).toBe('2026-03-29 04:30:00');
    expect(toWall(fromWall('2026-10-25 03:30', 'Europe/Sofia'), 'Europe/Sofia')).toBe('2026-10-25 03:30:00');
  });

  it('rejects what is not a wall time or an instant', () => {
    expect(fromWall('15.07.2026 09:30', 'Europe/Sofia')).toBeNull();
    expect(fromWall(null, 'Europe/Sofia')).toBeNull();
    expect(toWall('not a date', 'Europe/Sofia')).toBeNull();
    expect(toWall(undefined, 'Europe/Sofia')).toBeNull();
  });

  it('builds default times on working days', () => {
    expect(wallAt('2026-11-27', 9)).toBe('2026-11-27 09:00:00');
    expect(wallAt('2026-11-27', 14, 5)).toBe('2026-11-27 14:05:00');
    expect(nextWorkingDay('2026-11-27')).toBe('2026-11-30'); // Friday -> Monday
    expect(nextWorkingDay('2026-11-28')).toBe('2026-11-30'); // Saturday -> Monday
    expect(nextWorkingDay('2026-11-23')).toBe('2026-11-24');
  });

  it('converts for the native date-time input', () => {
    expect(wallToLocalInput('2030-01-15 11:00:00')).toBe('2030-01-15T11:00');
    expect(wallToLocalInput(null)).toBe('');
    expect(localInputToWall('2030-01-15T11:00')).toBe('2030-01-15 11:00:00');
    expect(localInputToWall('')).toBeNull();
  });
});
