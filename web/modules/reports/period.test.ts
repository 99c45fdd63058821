import { describe, expect, it } from 'vitest';
import { presetPeriod } from './period';

describe('report periods', () => {
  it('gives inclusive calendar periods around today', () => {
    expect(presetPeriod('thisMonth', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('thisQuarter', '2026-11-23')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetPeriod('nextQuarter', '2026-11-23')).toEqual({ from: '2027-01-01', to: '2027-03-31' });
    expect(presetPeriod('last12', '2026-05-10')).toEqual({ from: '2025-06-01', to: '2026-05-31' });
    expect(presetPeriod('last12', '2026-12-10')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetPeriod('next12', '2026-01-10')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetPeriod('next12', '2026-05-10')).toEqual({ from: '2026-05-01', to: '2027-04-30' });
  });
});
