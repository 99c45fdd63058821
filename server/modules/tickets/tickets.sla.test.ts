import { describe, expect, it } from 'vitest';
import { zonedToUtc } from '../../../contracts/time.js';
import {
  addWorkingMinutes,
  DEFAULT_RULES,
  DEFAULT_WEEK,
  ruleFor,
  segmentOf,
  workingMinutesBetween,
  type WorkCalendar,
} from './tickets.sla.js';

const cal = (timeZone: string, holidays: string[] = []): WorkCalendar => ({ timeZone, week: DEFAULT_WEEK, holidays: new Set(holidays) });
const sofia = cal('Europe/Sofia');
/** A wall-clock time in a zone: `at('2026-12-07 10:00')`. */
const at = (s: string, tz = 'Europe/Sofia') => {
  const [y, m, d, h, min] = s.split(/[- :]/).map(Number);
  return zonedToUtc(y, m, d, h, min, tz);
};

describe('addWorkingMinutes', () => {
  it('counts within one working day', () => {
    expect(addWorkingMinutes(at('2026-12-07 10:00'), 240, sofia)).toEqual(at('2026-12-07 14:00'));
  });

  it('carries over the evening and the weekend', () => {
    // Friday 16:00 + 4 h: two hours on Friday, two on Monday.
    expect(addWorkingMinutes(at('2026-12-04 16:00'), 240, sofia)).toEqual(at('2026-12-07 11:00'));
    // Saturday: nothing counts until Monday 09:00.
    expect(addWorkingMinutes(at('2026-12-05 12:00'), 60, sofia)).toEqual(at('2026-12-07 10:00'));
  });

  it('starts a ticket that comes in at night when work begins', () => {
    expect(addWorkingMinutes(at('2026-12-08 20:00'), 60, sofia)).toEqual(at('2026-12-09 10:00'));
    expect(addWorkingMinutes(at('2026-12-08 06:00'), 0, sofia)).toEqual(at('2026-12-08 09:00'));
  });

  it('skips holidays', () => {
    // Thursday 24 December 16:00, with the 25th a holiday: the rest is on Monday the 28th.
    const christmas = cal('Europe/Sofia', ['2026-12-25']);
    expect(addWorkingMinutes(at('2026-12-24 16:00'), 240, christmas)).toEqual(at('2026-12-28 11:00'));
  });

  it("counts in the workspace's zone", () => {
    const moscow = cal('Europe/Moscow');
    // 06:30 UTC is 09:30 in Moscow (working) and 08:30 in Sofia (not yet).
    const start = new Date('2026-12-07T06:30:00Z');
    expect(addWorkingMinutes(start, 60, moscow).toISOString()).toBe('2026-12-07T07:30:00.000Z');
    expect(addWorkingMinutes(start, 60, sofia).toISOString()).toBe('2026-12-07T08:00:00.000Z');
  });

  it('crosses the DST switches of Europe/Sofia in local working hours', () => {
    // Spring: clocks go from +2 to +3 on Sunday 29 March 2026.
    const spring = addWorkingMinutes(at('2026-03-27 16:00'), 240, sofia);
    expect(spring).toEqual(at('2026-03-30 11:00'));
    expect(spring.toISOString()).toBe('2026-03-30T08:00:00.000Z');
    // Autumn: back from +3 to +2 on Sunday 25 October 2026.
    const autumn = addWorkingMinutes(at('2026-10-23 16:00'), 240, sofia);
    expect(autumn.toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('counts the real hours of a round-the-clock day across DST', () => {
    const always: WorkCalendar = {
      timeZone: 'Europe/Sofia',
      week: Array.from({ length: 7 }, () => [{ from: '00:00', to: '24:00' }]),
      holidays: new Set(),
    };
    expect(workingMinutesBetween(at('2026-03-29 00:00'), at('2026-03-30 00:00'), always)).toBe(23 * 60);
    expect(workingMinutesBetween(at('2026-10-25 00:00'), at('2026-10-26 00:00'), always)).toBe(25 * 60);
    expect(addWorkingMinutes(at('2026-03-29 00:00'), 23 * 60, always)).toEqual(at('2026-03-30 00:00'));
  });

  it('refuses a calendar without working time rather than looping', () => {
    const none: WorkCalendar = { timeZone: 'UTC', week: Array.from({ length: 7 }, () => []), holidays: new Set() };
    expect(() => addWorkingMinutes(new Date('2026-12-07T00:00:00Z'), 60, none)).toThrow();
  });
});

describe('workingMinutesBetween', () => {
  it('counts only working time, weekends and holidays left out', () => {
    expect(workingMinutesBetween(at('2026-12-04 17:00'), at('2026-12-07 10:00'), sofia)).toBe(120);
    expect(workingMinutesBetween(at('2026-12-24 17:00'), at('2026-12-28 10:00'), cal('Europe/Sofia', ['2026-12-25']))).toBe(120);
    expect(workingMinutesBetween(at('2026-12-07 10:00'), at('2026-12-07 09:00'), sofia)).toBe(0);
  });
});

describe('rules', () => {
  it('has a default for every priority and segment, quicker for A clients', () => {
    expect(DEFAULT_RULES).toHaveLength(16);
    expect(ruleFor([], 'urgent', 'A').resolutionMinutes).toBeLessThan(ruleFor([], 'urgent', 'B').resolutionMinutes);
    const own = { priority: 'low' as const, segment: 'C' as const, responseMinutes: 5, resolutionMinutes: 10 };
    expect(ruleFor([own], 'low', 'C')).toBe(own);
  });

  it("reads a company's segment", () => {
    expect(segmentOf(' a ')).toBe('A');
    expect(segmentOf('C')).toBe('C');
    expect(segmentOf('VIP')).toBe('none');
    expect(segmentOf(null)).toBe('none');
  });
});
