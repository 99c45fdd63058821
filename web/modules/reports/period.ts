export type Period = { from: string; to: string };
export type PresetKey = 'thisMonth' | 'thisQuarter' | 'nextQuarter' | 'thisYear' | 'nextYear' | 'last12' | 'next12';

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Calendar periods relative to `today` ("YYYY-MM-DD" in the user's zone), inclusive. */
export function presetPeriod(key: PresetKey, today: string): Period {
  const [y, m] = today.split('-').map(Number);
  const q = Math.floor((m - 1) / 3);
  switch (key) {
    case 'thisMonth':
      return { from: ymd(y, m, 1), to: ymd(y, m, lastDay(y, m)) };
    case 'thisQuarter':
      return { from: ymd(y, q * 3 + 1, 1), to: ymd(y, q * 3 + 3, lastDay(y, q * 3 + 3)) };
    case 'nextQuarter': {
      const nq = (q + 1) % 4;
      const ny = q === 3 ? y + 1 : y;
      return { from: ymd(ny, nq * 3 + 1, 1), to: ymd(ny, nq * 3 + 3, lastDay(ny, nq * 3 + 3)) };
    }
    case 'thisYear':
      return { from: ymd(y, 1, 1), to: ymd(y, 12, 31) };
    case 'nextYear':
      return { from: ymd(y + 1, 1, 1), to: ymd(y + 1, 12, 31) };
    case 'last12':
      return { from: m === 12 ? ymd(y, 1, 1) : ymd(y - 1, m + 1, 1), to: ymd(y, m, lastDay(y, m)) };
    case 'next12': {
      const endM = m === 1 ? 12 : m - 1;
      const endY = m === 1 ? y : y + 1;
      return { from: ymd(y, m, 1), to: ymd(endY, endM, lastDay(endY, endM)) };
    }
  }
}

export const presetKeys: PresetKey[] = ['thisMonth', 'thisQuarter', 'nextQuarter', 'thisYear', 'nextYear', 'last12', 'next12'];
