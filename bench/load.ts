import { performance } from 'node:perf_hooks';

export type Measurement = {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  firstError?: string;
};

/** Percentile (nearest rank) of a sorted array of milliseconds. */
function pct(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * Closed-loop load: `concurrency` workers each send one request, wait for the full answer, and
 * send the next, for `warmupMs` (not recorded) and then `durationMs` (recorded). Every request's
 * latency is kept, so the percentiles are exact rather than bucketed. `op(i)` gets a running
 * number to pick its variant (which id, which search term).
 */
export async function measure(
  op: (i: number) => Promise<void>,
  opts: { concurrency: number; warmupMs: number; durationMs: number; minRequests?: number; maxMs?: number },
): Promise<Measurement> {
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  // A slow endpoint may finish nothing within the planned window: the window then stretches until
  // `minRequests` requests are recorded (at most `maxMs`), so it still gets figures, not blanks.
  const plannedEnd = measureFrom + opts.durationMs;
  const hardEnd = measureFrom + Math.max(opts.durationMs, opts.maxMs ?? 60_000);
  const minRequests = opts.minRequests ?? opts.concurrency;
  let end = plannedEnd;
  let lastStart = measureFrom;
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  let errors = 0;
  let firstError: string | undefined;
  let seq = 0;
  const record = (ms: number) => {
    if (n === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[n++] = ms;
  };
  const worker = async () => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) {
        if (n + errors >= minRequests || t0 >= hardEnd) return;
        end = Math.min(hardEnd, t0 + 1000);
      }
      if (t0 >= measureFrom) lastStart = t0;
      let failed = false;
      try {
        await op(seq++);
      } catch (e) {
        failed = true;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
      const t1 = performance.now();
      // A request counts in the window it started in; one that ends after the window still counts
      // so slow tails are not cut off.
      if (t0 >= measureFrom) {
        if (failed) errors++;
        else record(t1 - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const sorted = latencies.slice(0, n).sort();
  const seconds = Math.max(opts.durationMs, lastStart - measureFrom) / 1000;
  return {
    requests: n,
    errors,
    seconds,
    rps: n / seconds,
    p50: pct(sorted, 50),
    p90: pct(sorted, 90),
    p99: pct(sorted, 99),
    max: n ? sorted[n - 1] : NaN,
    firstError,
  };
}
