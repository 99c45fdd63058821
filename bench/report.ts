import fs from 'node:fs';
import os from 'node:os';
import type { PartReport } from './data.js';
import type { Measurement } from './load.js';
import type { Target } from './scenarios.js';

export type Row = {
  name: string;
  /** Mean size of the endpoint's JSON answer. */
  responseKb: number;
  /** The app answered from its own result cache; the baseline is the SQL of a computation. */
  cachedInApp: boolean;
  /** The API with one connection: the cost of a request without queueing. */
  single: Measurement;
  api: Measurement;
  sql: Measurement;
  target: Target;
  appRssMax: number;
  /** V8 heap reserved by the app right after the endpoint's load. */
  heapTotal: number;
  queries: number;
  verdict: { ok: boolean; text: string };
};

export type RunFacts = {
  date: string;
  /** 1-minute load average when the measurements started and when they ended (the machine is shared). */
  load: { before: number; after: number };
  /** `select 1` through the baseline's pool: the round-trip ceiling of this machine during the run. */
  calibration: Measurement;
  scale: number;
  seconds: number;
  warmup: number;
  connections: number;
  pgVersion: string;
  database: string;
  commit: string;
  parts: PartReport[];
  appRssIdle: number;
  appRssMax: number;
  rssLimit: number;
  rows: Row[];
  explains: { name: string; sql: string; plan: string; planningMs: number; executionMs: number }[];
  notes: string[];
};

const CACHED_NOTE =
  "* answered from the app's own result cache after the first request; its baseline is the SQL of one computation, so API/SQL is not a like-for-like ratio.";
const clip = (lines: string[], max: number) =>
  (lines.length > max ? [...lines.slice(0, max), `… ${lines.length - max} more lines (printed in full on the terminal)`] : lines).join(
    '\n',
  );
const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : '-');
const int = (v: number) => Math.round(v).toLocaleString('en');

/** Pass or fail of one measured endpoint against its targets. */
export function verdict(api: Measurement, sql: Measurement, t: Target): { ok: boolean; text: string } {
  const parts: string[] = [];
  let ok = api.errors === 0 && api.requests > 0;
  if (api.errors) parts.push(`${api.errors} errors`);
  const p99ok = api.p99 < t.p99;
  ok &&= p99ok;
  parts.push(`p99 < ${t.p99} ms ${p99ok ? 'PASS' : 'FAIL'}`);
  if (t.minRatio !== undefined) {
    const ratio = api.rps / sql.rps;
    const rok = ratio >= t.minRatio;
    ok &&= rok;
    parts.push(`rps >= ${t.minRatio} x SQL ${rok ? 'PASS' : 'FAIL'}`);
  }
  return { ok, text: parts.join('; ') };
}

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores; RAM ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB; ${os.type()} ${os.release()}`,
    `Node ${process.version}`,
  ];
}

function loadLines(parts: PartReport[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    const total = p.copySeconds + p.indexSeconds;
    out.push(
      `${p.part}: ${int(p.rows)} rows${p.reused ? ` (reused, generated ${p.generatedAt.slice(0, 16).replace('T', ' ')} UTC)` : ''}; COPY ${p.copySeconds.toFixed(1)} s = ${int(p.rows / Math.max(p.copySeconds, 0.001))} rows/s; with index rebuild (${p.indexSeconds.toFixed(1)} s) ${int(p.rows / Math.max(total, 0.001))} rows/s; vacuum analyze ${p.analyzeSeconds.toFixed(1)} s`,
    );
    for (const l of p.loads)
      out.push(`  ${l.table}: ${int(l.rows)} rows, ${l.seconds.toFixed(1)} s, ${int(l.rows / Math.max(l.seconds, 0.001))} rows/s`);
  }
  return out;
}

/** The result table for the terminal. */
export function printTable(f: RunFacts): string {
  const head = [
    'endpoint',
    'alone p50',
    'API req/s',
    'API p50',
    'API p99',
    'SQL req/s',
    'SQL p50',
    'SQL p99',
    'API/SQL',
    'RSS max',
    'V8 heap',
    'verdict',
  ];
  const rows = f.rows.map((r) => [
    r.cachedInApp ? `${r.name} *` : r.name,
    ms(r.single.p50),
    int(r.api.rps),
    ms(r.api.p50),
    ms(r.api.p99),
    int(r.sql.rps),
    ms(r.sql.p50),
    ms(r.sql.p99),
    (r.api.rps / r.sql.rps).toFixed(2),
    mb(r.appRssMax),
    mb(r.heapTotal),
    r.verdict.text,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rssOk = f.appRssMax < f.rssLimit;
  return [
    '',
    `Orbita bench, scale ${f.scale}, ${f.connections} connections, ${f.seconds} s per measurement (after ${f.warmup} s warm-up); latencies in ms; "alone" = the API with one connection`,
    ...machine(),
    `PostgreSQL ${f.pgVersion} (${f.database}); load average ${f.load.before.toFixed(1)} at the start of the measurements, ${f.load.after.toFixed(1)} at the end (own load included)`,
    `Calibration, select 1 through the pool: ${int(f.calibration.rps)} req/s, p50 ${ms(f.calibration.p50)}, p99 ${ms(f.calibration.p99)}`,
    ...loadLines(f.parts),
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `App process RSS: ${mb(f.appRssIdle)} after start, ${mb(f.appRssMax)} max during the run; target < ${mb(f.rssLimit)}: ${rssOk ? 'PASS' : 'FAIL'}`,
    ...(f.rows.some((r) => r.cachedInApp) ? [CACHED_NOTE] : []),
    ...f.notes,
    '',
  ].join('\n');
}

/** Appends a dated section to bench/RESULTS.md. */
export function appendResults(file: string, f: RunFacts): void {
  const rssOk = f.appRssMax < f.rssLimit;
  const md: string[] = [
    `## ${f.date} — scale ${f.scale}`,
    '',
    ...machine().map((l) => `- ${l}`),
    `- PostgreSQL ${f.pgVersion} (${f.database}); commit ${f.commit}`,
    `- Load average (1 min, 2 cores, shared with other work): ${f.load.before.toFixed(1)} when the measurements started (${f.load.after.toFixed(1)} at the end, the bench's own load included)`,
    `- Calibration: \`select 1\` through the same pool of ${f.connections}: ${int(f.calibration.rps)} req/s, p50 ${ms(f.calibration.p50)} ms, p99 ${ms(f.calibration.p99)} ms (the ceiling of any baseline here)`,
    `- Load: ${f.connections} concurrent connections over loopback, closed loop, ${f.warmup} s warm-up then ${f.seconds} s measured per endpoint; the baseline replays through a pg.Pool of ${f.connections} the exact SQL the API ran for the same request; "alone" is the API's p50 with a single connection (the cost of one request without queueing)`,
    '',
    'Bulk load (COPY FROM STDIN; secondary indexes and foreign keys dropped during the load, then rebuilt and validated; rows/s over COPY alone and including the rebuild):',
    '',
    ...loadLines(f.parts).map((l) => (l.startsWith('  ') ? `  - ${l.trim()}` : `- ${l}`)),
    '',
    '| endpoint | response KB | alone p50 ms | API req/s | API p50 ms | API p99 ms | SQL req/s | SQL p50 ms | SQL p99 ms | API/SQL req/s | queries/request | app RSS max | target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...f.rows.map(
      (r) =>
        `| ${r.name}${r.cachedInApp ? ' \\*' : ''} | ${r.responseKb.toFixed(1)} | ${ms(r.single.p50)} | ${int(r.api.rps)} | ${ms(r.api.p50)} | ${ms(r.api.p99)} | ${int(r.sql.rps)} | ${ms(r.sql.p50)} | ${ms(r.sql.p99)} | ${(r.api.rps / r.sql.rps).toFixed(2)} | ${r.queries} | ${mb(r.appRssMax)} | ${r.verdict.text} |`,
    ),
    '',
    `App process RSS: ${mb(f.appRssIdle)} after start, **${mb(f.appRssMax)}** max during the run (target < ${mb(f.rssLimit)}: ${rssOk ? 'PASS' : 'FAIL'}).`,
    '',
    ...(f.rows.some((r) => r.cachedInApp) ? [`\\${CACHED_NOTE}`, ''] : []),
    ...f.notes.map((n) => `${n}`),
  ];
  if (f.explains.length) {
    md.push(
      '',
      '<details><summary>Where the time goes in endpoints that missed a target (EXPLAIN ANALYZE, run alone after the load)</summary>',
      '',
    );
    for (const name of [...new Set(f.explains.map((e) => e.name))]) {
      const mine = f.explains.filter((e) => e.name === name);
      md.push(`**${name}**`, '', '| statement | planning ms | execution ms |', '|---|---:|---:|');
      for (const e of mine)
        md.push(`| \`${oneLine(e.sql).slice(0, 90).replace(/\|/g, '\\|')}…\` | ${ms(e.planningMs)} | ${ms(e.executionMs)} |`);
      // The full plan of the costliest statement; every plan is printed on the terminal.
      const top = mine.reduce((a, b) => (b.planningMs + b.executionMs > a.planningMs + a.executionMs ? b : a));
      md.push(
        '',
        'Costliest statement:',
        '',
        '```sql',
        clip(top.sql.split('\n'), 40),
        '```',
        '',
        '```',
        clip(top.plan.split('\n'), 60),
        '```',
        '',
      );
    }
    md.push('</details>');
  }
  md.push('', '');
  const header = '# Benchmark results\n\nAppended by `npm run bench` (see bench/README.md); newest last.\n\n';
  if (!fs.existsSync(file)) fs.writeFileSync(file, header);
  fs.appendFileSync(file, md.join('\n'));
}
