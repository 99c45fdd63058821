/**
 * `npm run bench:import [-- contacts]`: 100,000 contacts (default) with their 20,000 companies
 * from one CSV, the way a company moving in brings them: cp1251 with semicolons as Excel on a
 * Russian Windows saves it, names, patronymics, mobile and work phones in every format, e-mails,
 * positions, the company's name and INN (valid checksums) on each row. Through the real app (the
 * upload with app.inject, the import as the job it always is, on a job runner) over an embedded
 * PostgreSQL in a temporary folder (or DATABASE_URL's server, in a database of its own). Prints
 * the time from the upload to the import's end, rows/s, statements, and checks what was stored.
 */
import fs from 'node:fs';
import os from 'node:os';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { startJobRunner } from '../server/platform/jobs.js';
import { createLogger } from '../server/platform/logger.js';
import { startInProcessBench } from './in-process.js';
import { ruFemaleFirst, ruMaleFirst, ruPatronymics, ruPositions, ruSurnames, ruCompanyStems, ruLegalForms } from './names.js';
import { Rand } from './rand.js';
import { inn10 } from './requisites.js';

const N = Number(process.argv[2] ?? 100_000);
const COMPANIES = Math.max(1, Math.round(N / 5));
const log = createLogger('warn');

/** The CSV: one row per contact, its company (name and INN) repeated on each of its people's rows. */
function generate(): Buffer {
  const r = new Rand(20261202);
  const companies = Array.from({ length: COMPANIES }, (_, i) => ({
    name: `${r.pick(ruLegalForms)} «${r.pick(ruCompanyStems)} ${i + 1}»`,
    inn: inn10(String(100_000_000 + i * 7)),
  }));
  const lines = ['Фамилия;Имя;Отчество;Мобильный телефон;Рабочий телефон;Рабочий email;Должность;Компания;ИНН'];
  for (let i = 0; i < N; i++) {
    const male = r.chance(0.5);
    const [pm, pf] = r.pick(ruPatronymics);
    const surname = r.pickSkewed(ruSurnames);
    const c = companies[i % COMPANIES];
    const mobile = String(9_000_000_000 + i * 13);
    const formatted =
      i % 3 === 0
        ? `+7 ${mobile.slice(0, 3)} ${mobile.slice(3, 6)}-${mobile.slice(6, 8)}-${mobile.slice(8)}`
        : i % 3 === 1
          ? `8${mobile}`
          : `+7${mobile}`;
    const w = String(2_000_000 + i);
    const work = r.chance(0.3) ? `+7 (495) ${w.slice(0, 3)}-${w.slice(3, 5)}-${w.slice(5)}` : '';
    lines.push(
      [
        male ? surname : surname.endsWith('ий') ? `${surname.slice(0, -2)}ая` : /(ов|ев|ин)$/.test(surname) ? `${surname}а` : surname,
        male ? r.pickSkewed(ruMaleFirst) : r.pickSkewed(ruFemaleFirst),
        male ? pm : pf,
        formatted,
        work,
        `person${i}@client${i % COMPANIES}.bench.test`,
        r.pick(ruPositions),
        `"${c.name.replace(/"/g, '""')}"`,
        c.inn,
      ].join(';'),
    );
  }
  return iconv.encode(lines.join('\r\n'), 'cp1251');
}

/**
 * CPU seconds used so far by the embedded PostgreSQL of a data folder (its postmaster, named by the
 * folder, and the backends under it): on a machine shared with other work the wall time says
 * little, the CPU the import cost says what it would take alone (the job runs one batch at a time,
 * so the app's and the database's work alternate).
 */
function postgresTree(dataDir: string | undefined): number | null {
  if (!dataDir) return null;
  const pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const parent = new Map<string, string>();
  const roots = new Set<string>();
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir)) roots.add(pid);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  for (const pid of pids) {
    let p: string | undefined = pid;
    let inside = false;
    for (let depth = 0; p && depth < 5 && !inside; depth++, p = parent.get(p)) inside = roots.has(p);
    if (!inside) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function main() {
  const bench = await startInProcessBench('import');
  const { db, app, url, config } = bench;
  const dir = bench.dataDir;
  try {
    const jobs = await startJobRunner({ url, db, log, concurrency: config.jobsConcurrency, pollIntervalMs: 200 });
    const { cookies, headers } = await bench.workspace('Переезд', 'admin@import.bench.test');

    const t0 = performance.now();
    const file = generate();
    console.log(
      `generated ${N} rows (${COMPANIES} companies): ${(file.length / 1048576).toFixed(1)} MB cp1251 in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const b = 'benchboundary';
    const payload = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="entity"\r\n\r\ncontacts\r\n`),
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="base.csv"\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    const before = bench.statements();
    const cpuBefore = process.cpuUsage();
    const pgBefore = postgresTree(dir);
    const started = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload,
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${b}` },
      cookies,
    });
    if (res.statusCode !== 202) throw new Error(res.body);
    const accepted = performance.now();
    const { id } = res.json() as { id: string };
    let result: Record<string, unknown>;
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const g = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, cookies });
      result = g.json();
      if (['done', 'failed', 'cancelled'].includes(String(result.status))) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const nodeCpu = (cpu.user + cpu.system) / 1e6;
    const pgAfter = postgresTree(dir);
    const pgCpu = pgBefore !== null && pgAfter !== null ? pgAfter - pgBefore : null;
    const stored = await sql<{ contacts: string; companies: string; audit: string; timeline: string; memberships: string }>`
      select (select count(*) from contacts) as contacts, (select count(*) from companies) as companies,
        (select count(*) from audit_log where action = 'create') as audit, (select count(*) from timeline_events) as timeline,
        (select count(*) from contact_companies) as memberships`.execute(db);
    console.log(
      `import ${result.status}: ${N} rows in ${seconds.toFixed(1)} s (${Math.round(N / seconds)} rows/s; upload accepted in ${((accepted - started) / 1000).toFixed(1)} s), ` +
        `${bench.statements() - before} statements (${((bench.statements() - before) / N).toFixed(2)} per row)`,
    );
    console.log(
      `CPU: this process (app, job, generator) ${nodeCpu.toFixed(1)} s` +
        (pgCpu !== null
          ? `, PostgreSQL ${pgCpu.toFixed(1)} s: ${(nodeCpu + pgCpu).toFixed(1)} s in all`
          : ' (PostgreSQL not measured: DATABASE_URL)') +
        `; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    );
    console.log(
      `result: created ${result.created}, companies ${result.linkedCreated}, rejected ${result.rejected}, skipped ${result.skipped}; ` +
        `stored ${JSON.stringify(stored.rows[0])}`,
    );
    await jobs.stop();
  } finally {
    await bench.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
