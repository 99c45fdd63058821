/**
 * `npx tsx bench/invoice-issue.ts [invoices]` (default 2,000): issuing invoices with 32 concurrent
 * clients over HTTP against the real app in a child process, on the bench data set of
 * BENCH_SCALE (default 1; generated first if missing, as `npm run bench` does) in the embedded
 * PostgreSQL of .bench-data/ or DATABASE_URL's.
 *
 * 32 managers (24 of the Russian teams, 8 of the Sofia team), each signed in on a connection of
 * their own, first create drafts for their own clients without a contract (RU clients from the
 * ООО in RUB, BG clients from the ЕООД in EUR: two series at once), then issue them, each client
 * in a closed loop: invoices/s and p50/p95/p99 of the issue request. Afterwards SQL checks that
 * every issued draft got a number, that each entity's series (and year) continues from where it
 * stood without a gap or a repeat, and the money part's own consistency checks; any miss fails the
 * run (exit 1). The issued invoices stay in the data set, numbered on like any other.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { toolEnv } from '../server/platform/config.js';
import { createDb, ensureDatabase, startEmbeddedPostgres, type Db, type RunningDatabase } from '../server/platform/database.js';
import { createLogger } from '../server/platform/logger.js';
import { AppProcess } from './app-process.js';
import { BENCH_PASSWORD, prepareData } from './data.js';
import { checkMoney } from './gen-money.js';
import { AppClient } from './http.js';
import { Rand } from './rand.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const CLIENTS = 32;
const N = Number(process.argv[2] ?? 2_000);
if (!(Number.isInteger(N) && N >= CLIENTS && N <= 100_000))
  throw new Error(`invoices: an integer from ${CLIENTS} to 100000, got ${process.argv[2]}`);
const SCALE = toolEnv.bench.scale === undefined ? 1 : Number(toolEnv.bench.scale);
if (!(SCALE > 0 && SCALE <= 10)) throw new Error(`BENCH_SCALE must be a number in (0, 10], got ${toolEnv.bench.scale}`);

const t0 = Date.now();
const log = (m: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}\n`);

const started: { server?: RunningDatabase; db?: Db; app?: AppProcess; http?: AppClient; client?: pg.Client } = {};
let stopping: Promise<void> | undefined;
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    await started.http?.close().catch(() => {});
    await started.app?.stop().catch(() => {});
    await started.client?.end().catch(() => {});
    await started.db?.destroy().catch(() => {});
    if (started.server?.embedded) await started.server.stop().catch(() => {});
  })();
  return stopping;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    log(`${sig}: stopping everything the bench started`);
    void stopAll().finally(() => process.exit(130));
  });
process.on('exit', () => started.app?.killNow());

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

type Draft = { id: string; entity: 'RU' | 'BG' };
type Series = { legal_entity_id: string; country: string; year: number; n: number; lo: number; hi: number; distinct: number };

/** Numbered invoices per entity and series year: how many, the lowest and highest sequence, how many distinct. */
async function series(client: pg.Client, ws: string): Promise<Map<string, Series>> {
  const r = await client.query<Series>(
    `select i.legal_entity_id, e.country, i.series_year as year, count(*)::int as n, min(i.sequence)::int as lo,
       max(i.sequence)::int as hi, count(distinct i.sequence)::int as distinct
     from invoices i join legal_entities e on e.id = i.legal_entity_id
     where i.workspace_id = $1 and i.sequence is not null group by 1, 2, 3`,
    [ws],
  );
  return new Map(r.rows.map((s) => [`${s.legal_entity_id}|${s.year}`, s]));
}

async function main() {
  const logger = createLogger('warn');
  started.server = toolEnv.databaseUrl
    ? { url: toolEnv.databaseUrl, stop: async () => {}, embedded: false }
    : await startEmbeddedPostgres(path.join(root, '.bench-data'), logger);
  let url = started.server.url;
  if (started.server.embedded) {
    const name = `bench_${String(SCALE).replace('.', '_')}`;
    const admin = new URL(url);
    admin.pathname = '/postgres';
    await ensureDatabase(admin.toString(), name);
    const own = new URL(url);
    own.pathname = `/${name}`;
    url = own.toString();
  }
  started.db = createDb(url, 4);
  const { users, moneyReady } = await prepareData(started.db, url, { scale: SCALE, fresh: false }, log);
  if (!moneyReady) throw new Error('the money part (contracts, invoices) is not in the migrations: nothing to issue');
  const ws = users.workspaceId;
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  started.client = client;
  await client.connect();

  // 24 managers of the Russian teams and 8 of the Sofia team (managers 41-50).
  const issuers = [...users.managerIds.slice(0, 24), ...users.managerIds.slice(40, 48)];
  const emails = (await client.query<{ id: string; email: string }>('select id, email from users where id = any($1::uuid[])', [issuers]))
    .rows;
  const emailOf = new Map(emails.map((u) => [u.id, u.email]));
  const entities = (
    await client.query<{ id: string; country: 'RU' | 'BG' }>(
      'select id, country from legal_entities where workspace_id = $1 and deleted_at is null',
      [ws],
    )
  ).rows;
  const entityOf = (country: string) => entities.find((e) => e.country === country);
  const products = (
    await client.query<{ id: string; name: string; rub: string; eur: string }>(
      `select p.id, p.name, r.amount::text as rub, e.amount::text as eur from products p
       join product_prices r on r.product_id = p.id and r.currency = 'RUB' join product_prices e on e.product_id = p.id and e.currency = 'EUR'
       where p.workspace_id = $1 and p.deleted_at is null order by p.id limit 50`,
      [ws],
    )
  ).rows;
  const perClient = Math.ceil(N / CLIENTS);
  // Each manager's clients without a contract: no credit hold stands in the way (the check still runs).
  const clientsOf = new Map<string, { id: string; country: string }[]>();
  for (const m of issuers) {
    const r = await client.query<{ id: string; country: string }>(
      `select c.id, c.country from companies c where c.workspace_id = $1 and c.owner_id = $2 and c.deleted_at is null
         and c.country in ('RU', 'BG') and not exists (select 1 from contracts k where k.company_id = c.id and k.deleted_at is null)
       order by md5(c.id::text) limit $3`,
      [ws, m, perClient],
    );
    if (!r.rows.length) throw new Error(`manager ${emailOf.get(m)} has no client without a contract`);
    clientsOf.set(m, r.rows);
  }

  log('starting the app');
  started.app = await AppProcess.start(url, path.join(root, '.bench-data', 'app-issue.log'));
  started.http = new AppClient(`http://127.0.0.1:${started.app.port}`, CLIENTS);
  const http = started.http;
  const sessions: { cookie: string; csrf: string }[] = [];
  for (const m of issuers) sessions.push(await http.session(emailOf.get(m)!, BENCH_PASSWORD));

  // Drafts, dated today (a Bulgarian number may not be dated before the last one: today never is).
  const today = new Date().toISOString().slice(0, 10);
  const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const drafts: Draft[][] = issuers.map(() => []);
  let tDrafts = performance.now();
  await Promise.all(
    issuers.map(async (m, c) => {
      const rand = new Rand(7000 + c);
      const own = clientsOf.get(m)!;
      for (let k = 0; k < perClient && c * perClient + k < N; k++) {
        const co = own[k % own.length];
        const ru = co.country === 'RU';
        const e = entityOf(co.country);
        if (!e) throw new Error(`no legal entity of ${co.country}`);
        const lines = Array.from({ length: 1 + rand.int(3) }, () => {
          const p = products[rand.int(products.length)];
          return {
            productId: p.id,
            name: p.name,
            quantity: String(1 + rand.int(10)),
            unit: 'шт',
            price: ru ? p.rub : p.eur,
            vatRate: ru ? '22' : '20',
          };
        });
        const r = await http.post('/api/v1/invoices', sessions[c], {
          legalEntityId: e.id,
          companyId: co.id,
          currency: ru ? 'RUB' : 'EUR',
          issueDate: today,
          dueDate: due,
          lines,
        });
        if (r.status !== 200 && r.status !== 201)
          throw new Error(`draft for ${co.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        drafts[c].push({ id: (r.body as { id: string }).id, entity: e.country });
      }
    }),
  );
  tDrafts = (performance.now() - tDrafts) / 1000;
  const all = drafts.flat();
  const ru = all.filter((d) => d.entity === 'RU').length;
  log(
    `${all.length} drafts created by ${CLIENTS} clients in ${tDrafts.toFixed(1)} s (${Math.round(all.length / tDrafts)}/s): ${ru} RU, ${all.length - ru} BG`,
  );

  const before = await series(client, ws);
  const loadBefore = os.loadavg();
  const latencies: number[] = [];
  const failures: string[] = [];
  const tIssue = performance.now();
  await Promise.all(
    drafts.map(async (mine, c) => {
      for (const d of mine) {
        const t = performance.now();
        const r = await http.post(`/api/v1/invoices/${d.id}/issue`, sessions[c], {});
        latencies.push(performance.now() - t);
        if (r.status !== 200) failures.push(`${d.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      }
    }),
  );
  const seconds = (performance.now() - tIssue) / 1000;
  const loadAfter = os.loadavg();
  latencies.sort((a, b) => a - b);
  const ok = all.length - failures.length;
  log(
    `issued ${ok} of ${all.length} with ${CLIENTS} clients in ${seconds.toFixed(1)} s: ${(ok / seconds).toFixed(1)} invoices/s, p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`,
  );
  log(`load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(1)).join(' ')} after`);

  // The numbers: every draft numbered once, each series continuing from where it stood, no gap, no repeat.
  const problems = failures.slice(0, 5).map((f) => `issue failed: ${f}`);
  const numbered = await client.query<{ n: number }>(
    `select count(*)::int as n from invoices where id = any($1::uuid[]) and status = 'issued' and number is not null and sequence is not null`,
    [all.map((d) => d.id)],
  );
  if (numbered.rows[0].n !== ok)
    problems.push(`${ok} issue requests succeeded but ${numbered.rows[0].n} of the drafts are issued with a number`);
  const after = await series(client, ws);
  let added = 0;
  for (const [key, s] of after) {
    const b = before.get(key);
    const e = entities.find((x) => x.id === s.legal_entity_id);
    const where = `${e?.country ?? s.legal_entity_id} ${s.year || 'series'}`;
    if (s.distinct !== s.n) problems.push(`${where}: ${s.n - s.distinct} repeated numbers`);
    if (s.hi - s.lo + 1 !== s.n) problems.push(`${where}: ${s.hi - s.lo + 1 - s.n} gaps between ${s.lo} and ${s.hi}`);
    if (b && s.lo !== b.lo) problems.push(`${where}: the lowest number moved from ${b.lo} to ${s.lo}`);
    added += s.n - (b?.n ?? 0);
    log(
      `  ${where}: ${b ? `${b.lo}..${b.hi}` : 'empty'} -> ${s.lo}..${s.hi}, +${s.n - (b?.n ?? 0)}, ${s.n} numbers, no gap, no repeat: ${s.distinct === s.n && s.hi - s.lo + 1 === s.n ? 'yes' : 'NO'}`,
    );
  }
  if (added !== ok) problems.push(`${ok} issued but the series grew by ${added}`);
  try {
    await checkMoney(client, ws);
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
  }
  if (problems.length) throw new Error(`numbering check FAILED:\n  ${problems.join('\n  ')}`);
  log(`numbering check passed: ${ok} new numbers, every series gapless and without repeats, counters at the last number`);
}

main()
  .then(() => stopAll())
  .then(() => process.exit(0))
  .catch(async (e) => {
    process.stderr.write(`invoice-issue bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    await stopAll();
    process.exit(1);
  });
