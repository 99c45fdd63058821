/**
 * A small seeded PRNG (mulberry32): the same scale always yields the same data, so a re-run
 * measures the same thing and a slow case can be reproduced.
 */
export class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** Skewed towards the head of the list, as real name frequencies are (Ivanov is common, Kudryavtsev rare). */
  pickSkewed<T>(xs: readonly T[]): T {
    const r = this.next();
    return xs[Math.floor(xs.length * r * r)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
}

const HEX = '0123456789abcdef';

/**
 * Time-ordered UUIDs (version 7 layout) from a per-table base and the row number, so primary-key
 * inserts during the bulk load append to the index instead of splitting random pages.
 */
export function orderedUuid(base: number, n: number, rand: Rand): string {
  const ms = base + n;
  let ts = ms.toString(16).padStart(12, '0');
  ts = ts.slice(-12);
  let tail = '';
  for (let i = 0; i < 15; i++) tail += HEX[rand.int(16)];
  const variant = HEX[8 + rand.int(4)];
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${tail.slice(0, 3)}-${variant}${tail.slice(3, 6)}-${tail.slice(6, 15)}${HEX[rand.int(16)]}${HEX[rand.int(16)]}${HEX[rand.int(16)]}`;
}
