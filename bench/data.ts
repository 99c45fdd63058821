import crypto from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { migrations } from '../server/migrations/index.js';
import type { Db } from '../server/platform/database.js';
import { migrateToLatest } from '../server/platform/migrate.js';
import { createWorkspaceWithAdmin, hashPassword } from '../server/modules/users/index.js';
import { ensureDefaultPipeline } from '../server/modules/pipelines/index.js';
import { dropForeignKeys, dropSecondaryIndexes, recreateForeignKeys, recreateIndexes } from './copy.js';
import { loadCounterparties, type BenchUsers, type Counterparties, type TableLoad } from './gen-counterparties.js';
import { deriveContactStats, loadSales } from './gen-sales.js';
import { checkMoney, ensureFinanceUser, FINANCE_EMAIL_LOCAL, loadMoney } from './gen-money.js';

/** Bump when the generated data changes shape, so an old data set is regenerated rather than reused. */
const VERSIONS = { counterparties: 3, sales: 2, money: 2 } as const;
type Part = keyof typeof VERSIONS;

export const BENCH_PASSWORD = 'bench-password-2026';
export const EMAIL_DOMAIN = 'bench.orbita.test';
export type BenchRole = 'manager' | 'head' | 'director' | 'finance';
/** Who each measured screen is seen as: manager 7 (team 1), the head of team 1, the director, finance. */
export const benchEmail = (role: BenchRole) =>
  role === 'manager'
    ? `manager07@${EMAIL_DOMAIN}`
    : role === 'head'
      ? `head1@${EMAIL_DOMAIN}`
      : role === 'finance'
        ? `${FINANCE_EMAIL_LOCAL}@${EMAIL_DOMAIN}`
        : `director@${EMAIL_DOMAIN}`;
const MANAGERS = 50;
const TEAMS = 5;

export type PartReport = {
  part: Part;
  /** Hash of each migration's code when the part was generated: an edited migration means regenerate. */
  schema?: Record<string, string>;
  reused: boolean;
  generatedAt: string;
  loads: TableLoad[];
  copySeconds: number;
  indexSeconds: number;
  analyzeSeconds: number;
  rows: number;
};

const COUNTERPARTY_TABLES = ['companies', 'contacts', 'contact_companies', 'record_shares'];
const SALES_TABLES = ['deals', 'deal_lines', 'deal_contacts', 'deal_stage_moves', 'activities', 'contact_activity_stats'];
const MONEY_TABLES = ['contracts', 'invoices', 'invoice_lines', 'payments', 'payment_allocations'];
/** The money part's tables, each before those it references. */
const MONEY_DELETE_ORDER = [
  'payment_allocations',
  'payments',
  'invoice_mailings',
  'invoice_lines',
  'invoices',
  'invoice_counters',
  'invoice_numbering',
  'contract_prices',
  'credit_overrides',
  'contracts',
  'legal_entity_images',
  'legal_entities',
];

export const sizes = (scale: number) => ({
  companies: Math.max(100, Math.round(100_000 * scale)),
  contacts: Math.max(1_000, Math.round(1_000_000 * scale)),
  deals: Math.max(300, Math.round(300_000 * scale)),
  activities: Math.max(5_000, Math.round(5_000_000 * scale)),
  invoices: Math.max(500, Math.round(500_000 * scale)),
  payments: Math.max(400, Math.round(400_000 * scale)),
});

async function tableExists(client: pg.ClientBase, name: string): Promise<boolean> {
  const r = await client.query('select to_regclass($1) as t', [name]);
  return r.rows[0].t !== null;
}

/**
 * Refuses to touch a database that holds anything but bench data: with DATABASE_URL the bench
 * could otherwise load millions of rows into (or wipe) a real installation.
 */
async function assertBenchDatabase(client: pg.ClientBase): Promise<void> {
  if (await tableExists(client, 'bench_meta')) return;
  if (!(await tableExists(client, 'users'))) return;
  const r = await client.query('select count(*)::int as n from users');
  if (r.rows[0].n > 0)
    throw new Error('DATABASE_URL points at a database with users but no bench data: the bench only runs on an empty database or its own');
}

async function wipe(client: pg.ClientBase): Promise<void> {
  await client.query('drop schema public cascade; create schema public');
}

async function createUsers(db: Db): Promise<BenchUsers> {
  const { workspaceId, user: admin } = await createWorkspaceWithAdmin(db, {
    workspaceName: 'Orbita Bench',
    email: `admin@${EMAIL_DOMAIN}`,
    name: 'Администратор',
    password: BENCH_PASSWORD,
  });
  // One argon2id hash for everyone: hashing 57 passwords would only slow the set-up.
  const hash = await hashPassword(BENCH_PASSWORD);
  const user = (email: string, name: string, role: 'director' | 'head_of_sales' | 'manager', teamId: string | null, sofia: boolean) => ({
    workspace_id: workspaceId,
    email,
    name,
    password_hash: hash,
    role,
    team_id: teamId,
    language: sofia ? ('bg' as const) : ('ru' as const),
    time_zone: sofia ? 'Europe/Sofia' : 'Europe/Moscow',
    capacity: role === 'manager' ? 25_000 : null,
    calendar_token: null,
    deleted_at: null,
  });
  const director = await db
    .insertInto('users')
    .values(user(`director@${EMAIL_DOMAIN}`, 'Директоров Игорь', 'director', null, false))
    .returning('id')
    .executeTakeFirstOrThrow();
  const headIds: string[] = [];
  const managerIds: string[] = [];
  for (let t = 0; t < TEAMS; t++) {
    const sofia = t === TEAMS - 1;
    const team = await db
      .insertInto('teams')
      .values({ workspace_id: workspaceId, name: sofia ? 'Екип София' : `Отдел продаж ${t + 1}`, lead_id: null, deleted_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const head = await db
      .insertInto('users')
      .values(user(`head${t + 1}@${EMAIL_DOMAIN}`, `Руководитель ${t + 1}`, 'head_of_sales', team.id, sofia))
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('teams').set({ lead_id: head.id }).where('id', '=', team.id).execute();
    headIds.push(head.id);
    const rows = [];
    for (let m = 0; m < MANAGERS / TEAMS; m++) {
      const n = t * (MANAGERS / TEAMS) + m + 1;
      rows.push(user(`manager${String(n).padStart(2, '0')}@${EMAIL_DOMAIN}`, `Менеджер ${n}`, 'manager', team.id, sofia));
    }
    const ids = await db.insertInto('users').values(rows).returning(['id', 'email']).execute();
    ids.sort((a, b) => a.email.localeCompare(b.email));
    managerIds.push(...ids.map((r) => r.id));
  }
  return { workspaceId, adminId: admin.id, directorId: director.id, headIds, managerIds };
}

/** The bench users of an existing data set, in the same order createUsers made them. */
export async function readUsers(db: Db): Promise<BenchUsers> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'workspace_id'])
    .where('email', 'like', `%@${EMAIL_DOMAIN}`)
    .orderBy('email')
    .execute();
  const one = (email: string) => {
    const r = rows.find((x) => x.email === email);
    if (!r) throw new Error(`bench user ${email} is missing`);
    return r;
  };
  const admin = one(`admin@${EMAIL_DOMAIN}`);
  return {
    workspaceId: admin.workspace_id,
    adminId: admin.id,
    directorId: one(`director@${EMAIL_DOMAIN}`).id,
    headIds: Array.from({ length: TEAMS }, (_, t) => one(`head${t + 1}@${EMAIL_DOMAIN}`).id),
    managerIds: Array.from({ length: MANAGERS }, (_, m) => one(`manager${String(m + 1).padStart(2, '0')}@${EMAIL_DOMAIN}`).id),
  };
}

/** Reads back what the sales generator needs when the counterparties were generated in an earlier run. */
async function readCounterparties(client: pg.ClientBase, users: BenchUsers): Promise<Counterparties> {
  const managerIndex = new Map(users.managerIds.map((id, i) => [id, i]));
  const comp = await client.query({
    text: 'select id, owner_id, country from companies where workspace_id = $1 order by id',
    values: [users.workspaceId],
    rowMode: 'array',
  });
  const companyIds = comp.rows.map((r) => r[0] as string);
  const companyIndex = new Map(companyIds.map((id, i) => [id, i]));
  const companyOwner = Uint8Array.from(comp.rows, (r) => managerIndex.get(r[1]) ?? 0);
  const companyIsRu = Uint8Array.from(comp.rows, (r) => (r[2] === 'RU' ? 1 : 0));
  const cont = await client.query({
    text: 'select id, owner_id, company_id from contacts where workspace_id = $1 order by id',
    values: [users.workspaceId],
    rowMode: 'array',
  });
  return {
    companyIds,
    companyOwner,
    companyIsRu,
    contactIds: cont.rows.map((r) => r[0] as string),
    contactOwner: Uint8Array.from(cont.rows, (r) => managerIndex.get(r[1]) ?? 0),
    contactCompany: Int32Array.from(cont.rows, (r) => companyIndex.get(r[2]) ?? 0),
  };
}

function schemaHashes(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(migrations).map(([name, m]) => [name, crypto.createHash('sha1').update(String(m.up)).digest('hex').slice(0, 12)]),
  );
}

/** Migrations that changed since a part was generated (new migrations are fine: they apply on top). */
function changedMigrations(report: PartReport): string[] {
  const now = schemaHashes();
  return Object.entries(report.schema ?? {})
    .filter(([name, h]) => now[name] !== h)
    .map(([name]) => name);
}

type Marker = { part: Part; scale: number; version: number; generated_at: Date; report: PartReport };

async function markers(client: pg.ClientBase): Promise<Map<Part, Marker>> {
  await client.query(`create table if not exists bench_meta (
    part text primary key, scale double precision not null, version integer not null,
    generated_at timestamptz not null default now(), report jsonb not null)`);
  const r = await client.query<Marker>('select part, scale, version, generated_at, report from bench_meta');
  return new Map(r.rows.map((m) => [m.part, m]));
}

/**
 * Loads tables with their secondary indexes and foreign keys dropped (PostgreSQL's own advice for
 * populating a database), then rebuilds the indexes from their definitions, re-adds and so
 * validates the foreign keys, and vacuums and analyzes.
 */
async function bulkLoad(
  client: pg.ClientBase,
  part: Part,
  tables: string[],
  load: () => Promise<TableLoad[]>,
  log: (m: string) => void,
): Promise<PartReport> {
  const started = Date.now();
  await client.query(`set maintenance_work_mem = '1GB'`);
  const saved = [];
  const fks = [];
  for (const t of tables) {
    saved.push(...(await dropSecondaryIndexes(client, t)));
    fks.push(...(await dropForeignKeys(client, t)));
  }
  let loads: TableLoad[];
  try {
    loads = await load();
  } catch (e) {
    // A failed load would leave the tables without their indexes and foreign keys for every later
    // run (the part is regenerated, but only indexes still there are dropped and rebuilt): empty
    // the part's tables and put them back before giving up.
    // No cascade: it would follow foreign keys into other parts (deals reference contracts).
    await client.query(`truncate ${tables.join(', ')}`).catch(() => {});
    await recreateIndexes(client, saved).catch(() => {});
    await recreateForeignKeys(client, fks).catch(() => {});
    throw e;
  }
  const copySeconds = loads.reduce((s, l) => s + l.seconds, 0);
  for (const l of loads)
    log(
      `  ${l.table}: ${l.rows.toLocaleString('en')} rows in ${l.seconds.toFixed(1)} s (${Math.round(l.rows / Math.max(l.seconds, 0.001)).toLocaleString('en')} rows/s)`,
    );
  let t = Date.now();
  await recreateIndexes(client, saved);
  await recreateForeignKeys(client, fks);
  const indexSeconds = (Date.now() - t) / 1000;
  log(`  ${saved.length} indexes rebuilt, ${fks.length} foreign keys validated in ${indexSeconds.toFixed(1)} s`);
  t = Date.now();
  // VACUUM as well as ANALYZE: it sets the visibility map, as autovacuum would soon after a real
  // import, so index-only scans behave as they do on a settled database.
  for (const tb of [...tables, 'search_lexicon']) await client.query(`vacuum (analyze) ${tb}`);
  const analyzeSeconds = (Date.now() - t) / 1000;
  log(`  vacuum analyze in ${analyzeSeconds.toFixed(1)} s; part done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const rows = loads.reduce((s, l) => s + l.rows, 0);
  return {
    part,
    schema: schemaHashes(),
    reused: false,
    generatedAt: new Date().toISOString(),
    loads,
    copySeconds,
    indexSeconds,
    analyzeSeconds,
    rows,
  };
}

/**
 * Brings the bench database to the requested scale: reuses data generated earlier at the same
 * scale and version, generates what is missing (the sales part once its tables exist), and
 * regenerates everything when asked to or when the scale changed.
 */
export async function prepareData(
  db: Db,
  url: string,
  opts: { scale: number; fresh: boolean },
  log: (m: string) => void,
): Promise<{ users: BenchUsers; parts: PartReport[]; salesReady: boolean; moneyReady: boolean }> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    await assertBenchDatabase(client);
    let marks = await markers(client);
    const cp = marks.get('counterparties');
    const changed = [...new Set([...marks.values()].flatMap((m) => changedMigrations(m.report)))];
    const cpValid = cp && cp.scale === opts.scale && cp.version === VERSIONS.counterparties && changed.length === 0;
    if (changed.length) log(`migrations edited since the data was generated: ${changed.join(', ')}`);
    if (opts.fresh || !cpValid) {
      if (await tableExists(client, 'users'))
        log(opts.fresh ? 'BENCH_FRESH=1: wiping the bench database' : 'bench data is missing or of another scale/version: regenerating');
      await wipe(client);
    }
    // Migrations that appeared since the data was generated (new tables) apply to the reused data.
    await migrateToLatest(db);
    marks = await markers(client);
    const n = sizes(opts.scale);
    const parts: PartReport[] = [];
    let users: BenchUsers;
    let facts: Counterparties | undefined;
    const now = Date.now();
    if (marks.has('counterparties')) {
      users = await readUsers(db);
      parts.push({ ...marks.get('counterparties')!.report, reused: true });
      log(`reusing counterparties generated ${marks.get('counterparties')!.generated_at.toISOString()}`);
    } else {
      log(`generating users, ${n.companies.toLocaleString('en')} companies, ${n.contacts.toLocaleString('en')} contacts`);
      users = await createUsers(db);
      const u = users;
      const report = await bulkLoad(
        client,
        'counterparties',
        COUNTERPARTY_TABLES,
        async () => {
          const r = await loadCounterparties(client, u, n.companies, n.contacts, now);
          facts = r.facts;
          return r.loads;
        },
        log,
      );
      await client.query('insert into bench_meta (part, scale, version, report) values ($1, $2, $3, $4)', [
        'counterparties',
        opts.scale,
        VERSIONS.counterparties,
        report,
      ]);
      parts.push(report);
    }
    const salesReady =
      (await tableExists(client, 'deals')) &&
      (await tableExists(client, 'activities')) &&
      (await tableExists(client, 'contact_activity_stats'));
    let salesReused = false;
    if (!salesReady) {
      log('the deals/activities tables are not in the migrations yet: only the counterparties part is generated');
    } else if (
      marks.has('sales') &&
      marks.get('sales')!.scale === opts.scale &&
      marks.get('sales')!.version === VERSIONS.sales &&
      // A money part of a1c1650 emptied the deals and activities through TRUNCATE ... CASCADE: such a data set is regenerated.
      (await client.query('select exists (select 1 from deals) as e')).rows[0].e
    ) {
      salesReused = true;
      parts.push({ ...marks.get('sales')!.report, reused: true });
      log(`reusing deals and activities generated ${marks.get('sales')!.generated_at.toISOString()}`);
    } else {
      log(`generating ${n.deals.toLocaleString('en')} deals and ${n.activities.toLocaleString('en')} activities`);
      await client.query('delete from bench_meta where part = $1', ['sales']);
      await client.query(
        'truncate activities, contact_activity_stats, deal_stage_moves, deal_lines, deal_contacts, deals, product_prices, products, pipeline_stages, pipelines, lost_reasons cascade',
      );
      await ensureDefaultPipeline(db, users.workspaceId);
      const cpFacts = facts ?? (await readCounterparties(client, users));
      const u = users;
      const second = new pg.Client({ connectionString: url });
      second.on('error', () => {});
      await second.connect();
      const report = await bulkLoad(
        client,
        'sales',
        SALES_TABLES,
        async () => {
          const loads = await loadSales([client, second], u, cpFacts, n.deals, n.activities, now);
          await second.end();
          loads.push(await deriveContactStats(client, u.workspaceId));
          return loads;
        },
        log,
      );
      await client.query('insert into bench_meta (part, scale, version, report) values ($1, $2, $3, $4)', [
        'sales',
        opts.scale,
        VERSIONS.sales,
        report,
      ]);
      parts.push(report);
    }
    const moneyReady = salesReady && (await tableExists(client, 'contracts'));
    const money = marks.get('money');
    if (!moneyReady) {
      log('the contracts table is not in the migrations yet: the money part is not generated');
    } else if (salesReused && money && money.scale === opts.scale && money.version === VERSIONS.money) {
      parts.push({ ...money.report, reused: true });
      log(`reusing invoices and payments generated ${money.generated_at.toISOString()}`);
      await ensureFinanceUser(client, users, EMAIL_DOMAIN);
    } else {
      log(`generating ${n.invoices.toLocaleString('en')} invoices and ${n.payments.toLocaleString('en')} payments`);
      await client.query('delete from bench_meta where part = $1', ['money']);
      // Everything of the money part, and whatever rows the bench scripts may have added on top.
      // Not TRUNCATE ... CASCADE: deals reference contracts, and the cascade would empty the sales
      // part (deals, their lines, contacts, moves and activities) along with them.
      await client.query('update deals set contract_id = null where contract_id is not null');
      for (const t of MONEY_DELETE_ORDER) await client.query(`delete from ${t}`);
      const u = users;
      const report = await bulkLoad(
        client,
        'money',
        MONEY_TABLES,
        () => loadMoney(client, u, EMAIL_DOMAIN, n.invoices, n.payments, now),
        log,
      );
      await checkMoney(client, u.workspaceId);
      log('  money part checked: paid totals, statuses, allocations and gapless numbers agree');
      await client.query('insert into bench_meta (part, scale, version, report) values ($1, $2, $3, $4)', [
        'money',
        opts.scale,
        VERSIONS.money,
        report,
      ]);
      parts.push(report);
    }
    // Sessions and login attempts of earlier runs would only grow: start each run clean.
    await sql`delete from sessions where user_id in (select id from users where email like ${`%@${EMAIL_DOMAIN}`})`.execute(db);
    await sql`delete from login_attempts`.execute(db);
    return { users, parts, salesReady, moneyReady };
  } finally {
    await client.end();
  }
}
