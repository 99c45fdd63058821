import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../app.js';
import { createTestContext, TEST_PASSWORD, type Caller, type TestContext } from '../test/harness.js';
import { BackupError, readBackupHeader, restoreBackup, writeBackup } from './backup.js';
import { childEnv, cliLanguage, loadConfig } from './config.js';
import { createDb, freePort, startEmbeddedPostgres } from './database.js';
import { createLogger } from './logger.js';

let ctx: TestContext;
let manager: Caller;
let productId: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-backup-'));
fs.chmodSync(dir, 0o755);
const cleanups: (() => Promise<void>)[] = [];

/** Schemas and bookkeeping the backup covers; the comparison reads the catalog just as it does. */
const SCHEMAS = ['public', 'graphile_worker'];
const MIGRATION_TABLES = ['public.kysely_migration', 'public.kysely_migration_lock', 'graphile_worker.migrations'];

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`set timezone = 'UTC'`);
  return c;
}

/** Every table's rows as text, ordered: what the database holds, independent of column order in COPY. */
async function dumpTables(c: pg.ClientBase): Promise<Map<string, string[]>> {
  const tables = await c.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name, n.nspname || '.' || c.relname as key
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1) and c.relkind in ('r', 'p') and not c.relispartition
       and n.nspname || '.' || c.relname <> all($2)
     order by 1`,
    [SCHEMAS, MIGRATION_TABLES],
  );
  const out = new Map<string, string[]>();
  for (const t of tables.rows) {
    const rows = await c.query<{ r: string }>(`select t::text as r from ${t.name} t order by (t::text) collate "C"`);
    out.set(
      t.name,
      rows.rows.map((x) => x.r),
    );
  }
  return out;
}

async function adminQuery(sql: string): Promise<void> {
  const c = await client(inject('pgAdminUrl'));
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** An empty database on the test server (named like the harness's, so an interrupted run's are swept). */
async function emptyDatabase(owner?: string): Promise<string> {
  const name = `orbita_tf_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}${owner ? ` owner ${owner}` : ''}`);
  cleanups.push(() => adminQuery(`drop database if exists ${name} with (force)`));
  const u = new URL(inject('pgAdminUrl'));
  u.pathname = `/${name}`;
  return u.toString();
}

/** The forecast summary as its triggers keep it, and as it follows from the deals themselves. */
async function forecastBothWays(c: pg.ClientBase): Promise<{ kept: string[]; derived: string[] }> {
  const kept = await c.query<{ r: string }>(
    `select concat_ws('|', workspace_id, owner_id, pipeline_id, currency, month, kind, probability, amount, n) as r
     from deal_forecast_months where n <> 0 or amount <> 0 order by 1`,
  );
  const derived = await c.query<{ r: string }>(
    `select concat_ws('|', workspace_id, owner_id, pipeline_id, currency, month, kind, probability, amount, n) as r from (
       select workspace_id, owner_id, pipeline_id, currency,
         date_trunc('month', (case when status = 'open' then expected_close_date else won_date end)::timestamp)::date as month,
         status as kind, (case when status = 'open' then probability else 100 end)::smallint as probability,
         sum(case when status = 'open' then amount else won_amount end)::numeric(24, 2) as amount, count(*) as n
       from deals
       where deleted_at is null and ((status = 'open' and expected_close_date is not null)
         or (status = 'won' and won_date is not null and won_amount is not null))
       group by 1, 2, 3, 4, 5, 6, 7) x order by 1`,
  );
  return { kept: kept.rows.map((x) => x.r), derived: derived.rows.map((x) => x.r) };
}

/** Deals whose amount is not the sum of their lines (the API keeps them equal when lines set it). */
async function dealsOffTheirLines(c: pg.ClientBase): Promise<string[]> {
  const r = await c.query<{ id: string }>(
    `select d.id from deals d join (select deal_id, sum(total) as total from deal_lines group by 1) l on l.deal_id = d.id
     where d.amount <> l.total`,
  );
  return r.rows.map((x) => x.id);
}

let dealNo = 0;
async function newDeal(caller: Caller, companyId?: string, contactId?: string) {
  dealNo += 1;
  const res = await caller.post('/api/v1/deals', {
    title: `Сделка ${dealNo}`,
    companyId,
    contactIds: contactId ? [contactId] : undefined,
    expectedCloseDate: `2027-0${(dealNo % 9) + 1}-15`,
    lines: [
      { productId, quantity: String(1 + (dealNo % 4)), discountPercent: '5' },
      { productId, quantity: '2.5' },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

/** One round of what users do: a deal with lines, new lines on an older deal (amount follows), an activity. */
async function writeRound(deals: { id: string; version: number }[]): Promise<void> {
  deals.push(await newDeal(manager));
  const older = deals[dealNo % deals.length];
  const res = await manager.patch(`/api/v1/deals/${older.id}`, {
    version: older.version,
    lines: [{ productId, quantity: String(3 + (dealNo % 5)) }],
  });
  expect(res.statusCode, res.body).toBe(200);
  older.version = res.json().version;
  const act = await manager.post('/api/v1/activities', {
    type: 'call',
    subject: `Звонок ${dealNo}`,
    dueAt: new Date().toISOString(),
    dealId: older.id,
  });
  expect(act.statusCode, act.body).toBe(201);
}

const seeded: { id: string; version: number }[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  manager = await ctx.userWith('manager', { name: 'Анна Смирнова' });
  const other = await ctx.userWith('manager', { name: 'Борис Петров' });
  const p = await ctx.admin.post('/api/v1/products', { name: 'Насос', prices: [{ currency: 'RUB', amount: '1234.56' }], vatRate: '20' });
  expect(p.statusCode, p.body).toBe(201);
  productId = p.json().id;
  // A webhook makes every deal change queue a delivery job: graphile-worker's tables hold rows too.
  const hook = await ctx.admin.post('/api/v1/webhooks', { url: 'https://93.184.216.34/hook', events: ['deal.*'] });
  expect(hook.statusCode, hook.body).toBe(201);
  for (let i = 0; i < 4; i++) {
    const co = await manager.post('/api/v1/companies', { name: `ООО «Ромашка ${i}»`, tags: ['опт'] });
    expect(co.statusCode, co.body).toBe(201);
    const company = co.json().id;
    const ct = await manager.post('/api/v1/contacts', { firstName: 'Иван', lastName: `Петров ${i}`, companyId: company });
    expect(ct.statusCode, ct.body).toBe(201);
    const contact = ct.json().id;
    const note = await manager.post(`/api/v1/companies/${company}/notes`, { text: `Заметка ${i}: перезвонить\tв среду\\после обеда` });
    expect(note.statusCode, note.body).toBe(201);
    expect((await manager.post(`/api/v1/contacts/${contact}/notes`, { text: 'Любит\nкороткие письма' })).statusCode).toBe(201);
    if (i % 2 === 0) expect((await manager.post(`/api/v1/companies/${company}/shares`, { userId: other.user.id })).statusCode).toBe(200);
    const deal = await newDeal(manager, company, contact);
    seeded.push(deal);
    const done = await manager.post('/api/v1/activities', {
      type: 'meeting',
      subject: `Встреча ${i}`,
      dueAt: '2026-03-01T10:00:00.000Z',
      done: true,
      doneAt: '2026-03-01T11:00:00.000Z',
      outcome: 'Договорились',
      contactId: contact,
      dealId: deal.id,
    });
    expect(done.statusCode, done.body).toBe(201);
  }
  const won = seeded[0];
  const close = await manager.post(`/api/v1/deals/${won.id}/close`, { outcome: 'won', amount: '5000.00', date: '2026-11-20' });
  expect(close.statusCode, close.body).toBe(200);
  seeded[0] = { id: won.id, version: close.json().version };
}, 120_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await ctx?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('backs up one snapshot while the app writes; the restored copy holds exactly its rows and serves the app', async () => {
    const file = path.join(dir, 'live.orbita-backup.gz');
    const snap = await client(ctx.url);
    cleanups.push(() => snap.end());
    // Users keep working during the whole backup...
    let writing = true;
    let rounds = 0;
    const writer = (async () => {
      while (writing) {
        await writeRound(seeded);
        rounds += 1;
      }
    })();
    const lines: string[] = [];
    try {
      await writeBackup({
        url: ctx.url,
        out: file,
        say: (l) => lines.push(l),
        hooks: {
          // ...the test reads the backup's own snapshot beside it...
          snapshot: async (id) => {
            await snap.query('begin isolation level repeatable read read only');
            await snap.query(`set transaction snapshot '${id}'`);
          },
          // ...and more writes land between any two tables (new deals: the writer edits the old ones).
          table: async () => void (await newDeal(manager)),
        },
      });
    } finally {
      writing = false;
      await writer;
    }
    expect(rounds).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^Backing up \d+ tables/);
    expect(lines.at(-1)).toMatch(/^Backup written to .* MB/);

    const expected = await dumpTables(snap);
    const live = await client(ctx.url);
    cleanups.push(() => live.end());
    // The source moved on while the backup ran: the snapshot is not simply the final state.
    expect((await dumpTables(live)).get('public.deals')!.length).toBeGreaterThan(expected.get('public.deals')!.length);
    await snap.query('commit');

    const header = await readBackupHeader(file);
    expect(header).toMatchObject({ format: 'orbita-backup', version: 1 });
    expect(header.migrations.length).toBeGreaterThan(0);
    // Generated columns are recomputed on load, never copied.
    expect(header.tables.find((t) => t.name === 'contacts')!.columns.map((c) => c.name)).not.toContain('search_words');
    expect(header.jobs?.migrations.length).toBeGreaterThan(0);
    expect(header.tables.find((t) => t.schema === 'graphile_worker' && t.name === '_private_jobs')!.rows).toBeGreaterThan(0);
    expect(header.tables.map((t) => `${t.schema}.${t.name}`).sort()).toEqual([...expected.keys()].map((k) => k.replace(/"/g, '')).sort());

    const copyUrl = await emptyDatabase();
    const restored = await restoreBackup({ url: copyUrl, file });
    expect(restored.triggers).toBe('replica');
    const copy = await client(copyUrl);
    cleanups.push(() => copy.end());
    const got = await dumpTables(copy);
    expect([...got.keys()]).toEqual([...expected.keys()]);
    for (const [table, rows] of expected) expect(got.get(table), table).toEqual(rows);
    // The copy is coherent: amounts match their lines, and the forecast summary was neither lost
    // nor counted twice by its triggers during the load.
    expect(await dealsOffTheirLines(copy)).toEqual([]);
    const forecast = await forecastBothWays(copy);
    expect(forecast.kept.length).toBeGreaterThan(0);
    expect(forecast.kept).toEqual(forecast.derived);
    const migrated = await copy.query<{ name: string }>('select name from kysely_migration order by name');
    expect(migrated.rows.map((r) => r.name)).toEqual(header.migrations);

    // The app runs on the copy: the same people sign in, see the same deals, and new writes get
    // fresh ids (sequences) and keep the summaries right (triggers on again).
    const db = createDb(copyUrl, 4);
    const app = await buildApp({
      config: { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), webDistDir: '/nonexistent' },
      db,
      logger: createLogger('silent'),
    });
    try {
      await app.ready();
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: ctx.admin.user.email, password: TEST_PASSWORD },
        remoteAddress: '10.9.9.9',
      });
      expect(login.statusCode, login.body).toBe(200);
      const session = { cookies: { orbita_session: login.cookies.find((c) => c.name === 'orbita_session')!.value } };
      const headers = { 'x-csrf-token': login.json().csrfToken };
      const list = await app.inject({ method: 'GET', url: '/api/v1/deals?limit=200', ...session });
      expect(list.statusCode, list.body).toBe(200);
      const liveDeals = (await copy.query('select count(*)::int as n from deals where deleted_at is null')).rows[0].n;
      expect(list.json().items.length).toBe(liveDeals);
      const before = (await copy.query('select max(id)::bigint as id from audit_log')).rows[0].id;
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/deals',
        ...session,
        headers,
        payload: { title: 'После восстановления', expectedCloseDate: '2027-05-05', lines: [{ productId, quantity: '7' }] },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect((await copy.query('select max(id)::bigint as id from audit_log')).rows[0].id).toBeGreaterThan(before);
      const after = await forecastBothWays(copy);
      expect(after.kept).toEqual(after.derived);
      expect(after.kept).not.toEqual(forecast.kept);
    } finally {
      await app.close();
      await db.destroy();
    }
  }, 120_000);

  it('refuses a target that holds data, names what is there, and replaces it with --force', async () => {
    const file = path.join(dir, 'force.orbita-backup.gz');
    await writeBackup({ url: ctx.url, out: file });
    const target = await emptyDatabase();
    await restoreBackup({ url: target, file });
    const c = await client(target);
    cleanups.push(() => c.end());
    await c.query(`insert into workspaces (name) values ('Чужой')`);
    const refused = await restoreBackup({ url: target, file }).catch((e) => e);
    expect(refused).toBeInstanceOf(BackupError);
    expect(refused.message).toMatch(/not empty: it holds data \(rows in [\w.]+, /);
    expect(refused.message).toContain('--force');
    // The same refusal as the commands print it in Russian and Bulgarian.
    expect(refused.in('ru')).toMatch(/^База назначения не пуста: в ней есть данные \(строки в [\w.]+, .*--force/);
    expect(refused.in('bg')).toMatch(/^Целевата база не е празна: в нея има данни \(редове в [\w.]+, .*--force/);
    expect((await c.query(`select count(*)::int as n from workspaces where name = 'Чужой'`)).rows[0].n).toBe(1);

    await restoreBackup({ url: target, file, force: true });
    expect((await c.query(`select count(*)::int as n from workspaces where name = 'Чужой'`)).rows[0].n).toBe(0);
    const src = await client(ctx.url);
    cleanups.push(() => src.end());
    expect(await dumpTables(c)).toEqual(await dumpTables(src));
  }, 120_000);

  it('refuses a backup made by newer code (unknown migrations) and a damaged file, touching nothing', async () => {
    const file = path.join(dir, 'base.orbita-backup.gz');
    await writeBackup({ url: ctx.url, out: file });
    const raw = zlib.gunzipSync(fs.readFileSync(file));
    const nl = raw.indexOf(10);
    const header = JSON.parse(raw.subarray(0, nl).toString());
    const future = path.join(dir, 'future.orbita-backup.gz');
    header.migrations.push('9999_from_the_future');
    fs.writeFileSync(future, zlib.gzipSync(Buffer.concat([Buffer.from(JSON.stringify(header)), raw.subarray(nl)])));
    const target = await emptyDatabase();
    const newer = await restoreBackup({ url: target, file: future }).catch((e) => e);
    expect(newer).toBeInstanceOf(BackupError);
    expect(newer.message).toMatch(/made by a newer Orbita.*9999_from_the_future/);
    expect(newer.in('bg')).toMatch(/направено от по-нова Orbita.*9999_from_the_future/);
    const c = await client(target);
    cleanups.push(() => c.end());
    expect((await c.query(`select count(*)::int as n from pg_tables where schemaname = 'public'`)).rows[0].n).toBe(0);

    // Cut inside the data: the load fails, the transaction leaves no rows behind, a retry works.
    const cut = path.join(dir, 'cut.orbita-backup.gz');
    fs.writeFileSync(cut, zlib.gzipSync(raw.subarray(0, nl + 1 + Math.floor((raw.length - nl) / 2))));
    const truncated = await restoreBackup({ url: target, file: cut }).catch((e) => e);
    expect(truncated).toBeInstanceOf(BackupError);
    expect(truncated.message).toMatch(/ends early|damaged/);
    expect((await c.query(`select count(*)::int as n from users`)).rows[0].n).toBe(0);
    await restoreBackup({ url: target, file });
    expect((await c.query(`select count(*)::int as n from users`)).rows[0].n).toBeGreaterThan(0);
  }, 120_000);

  it('an owner without superuser rights restores too: triggers disabled per table, foreign keys re-checked', async () => {
    const file = path.join(dir, 'owner.orbita-backup.gz');
    await writeBackup({ url: ctx.url, out: file });
    const role = `orbita_tf_owner_${crypto.randomBytes(4).toString('hex')}`;
    await adminQuery(`create role ${role} login password 'owner-secret'`);
    cleanups.push(() => adminQuery(`drop role if exists ${role}`));
    const target = new URL(await emptyDatabase(role));
    target.username = role;
    target.password = 'owner-secret';
    const restored = await restoreBackup({ url: target.toString(), file });
    expect(restored.triggers).toBe('disabled');
    const c = await client(target.toString());
    cleanups.push(() => c.end());
    const src = await client(ctx.url);
    cleanups.push(() => src.end());
    expect(await dumpTables(c)).toEqual(await dumpTables(src));
    const f = await forecastBothWays(c);
    expect(f.kept).toEqual(f.derived);
    const fks = await c.query(`select count(*)::int as n from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace`);
    expect(fks.rows[0].n).toBeGreaterThan(20);
    const disabled = await c.query(`select count(*)::int as n from pg_trigger where not tgisinternal and tgenabled = 'D'`);
    expect(disabled.rows[0].n).toBe(0);
  }, 120_000);
});

describe('the commands', () => {
  function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
      // English unless a test asks otherwise, whatever the locale of the machine.
      const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
        env: childEnv({ ORBITA_LANG: 'en', ...env }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      child.on('exit', (code) => resolve({ code, out }));
    });
  }

  it('npm run backup from DATABASE_URL, npm run restore into a new embedded data folder, npm start serves the copy and is backed up live', async () => {
    const file = path.join(dir, 'cli.orbita-backup.gz');
    const backup = await run(['server/backup.ts', '--out', file], { DATABASE_URL: ctx.url, LOG_LEVEL: 'warn' });
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/public\.deals: \d+ rows/);
    expect(backup.out).toContain('The backup holds no encryption key: keep ORBITA_SECRET_KEY safe apart from it');

    const usage = await run(['server/restore.ts'], { LOG_LEVEL: 'warn' });
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('--in FILE is required');
    // The locale picks the language; ORBITA_LANG overrides it.
    const ru = await run(['server/restore.ts'], { LOG_LEVEL: 'warn', ORBITA_LANG: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'ru_RU.UTF-8' });
    expect(ru.out).toContain('Нужно указать --in ФАЙЛ.');
    expect(ru.out).toContain('Запуск: npm run restore -- --in ФАЙЛ [--force]');
    const bg = await run(['server/restore.ts', '--in', path.join(dir, 'missing.gz')], { ORBITA_LANG: 'bg', LANG: 'ru_RU.UTF-8' });
    expect(bg.code).toBe(1);
    expect(bg.out).toContain(`Възстановяването не е извършено: Няма такъв файл: ${path.join(dir, 'missing.gz')}`);

    const dataDir = path.join(dir, 'restored-data');
    const restore = await run(['server/restore.ts', '--in', file], { ORBITA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toMatch(/Data loaded and committed/);
    const again = await run(['server/restore.ts', '--in', file], { ORBITA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect(again.code, again.out).toBe(1);
    expect(again.out).toMatch(/Restore failed: The target database is not empty/);

    // Compare with the source before the app touches the copy.
    const log = createLogger('silent');
    const server = await startEmbeddedPostgres(dataDir, log);
    try {
      const copy = await client(server.url);
      const src = await client(ctx.url);
      try {
        expect(await dumpTables(copy)).toEqual(await dumpTables(src));
      } finally {
        await copy.end();
        await src.end();
      }
    } finally {
      await server.stop();
    }

    const port = await freePort();
    const app = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: childEnv({ ORBITA_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let appOut = '';
    app.stdout!.on('data', (d) => (appOut += d));
    app.stderr!.on('data', (d) => (appOut += d));
    const exited = new Promise((r) => app.once('exit', r));
    cleanups.push(async () => {
      if (app.exitCode === null) app.kill('SIGTERM');
      await exited;
    });
    const base = `http://127.0.0.1:${port}`;
    for (let until = Date.now() + 60_000; ;) {
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > until || app.exitCode !== null) throw new Error(`app did not start: ${appOut}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: manager.user.email, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('orbita_session='))!
      .split(';')[0];
    const contacts = await fetch(`${base}/api/v1/contacts`, { headers: { cookie } });
    expect(contacts.status).toBe(200);
    expect((await contacts.json()).items.map((c: { lastName: string }) => c.lastName).sort()).toEqual([
      'Петров 0',
      'Петров 1',
      'Петров 2',
      'Петров 3',
    ]);

    // The embedded backup of a running Orbita reads through its server and leaves it running.
    const liveFile = path.join(dir, 'embedded-live.orbita-backup.gz');
    const live = await run(['server/backup.ts', '--out', liveFile], { ORBITA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect(live.code, live.out).toBe(0);
    expect(live.out).toContain('Backing up the running embedded PostgreSQL');
    expect((await fetch(`${base}/api/v1/contacts`, { headers: { cookie } })).status).toBe(200);
    expect((await readBackupHeader(liveFile)).tables.find((t) => t.name === 'sessions')!.rows).toBeGreaterThan(0);
    app.kill('SIGTERM');
    await exited;
  }, 180_000);
});

describe('the language of the commands', () => {
  it('is ORBITA_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else English', () => {
    expect(cliLanguage({})).toBe('en');
    expect(cliLanguage({ LANG: 'ru_RU.UTF-8' })).toBe('ru');
    expect(cliLanguage({ LANG: 'bg_BG' })).toBe('bg');
    expect(cliLanguage({ LANG: 'C.UTF-8' })).toBe('en');
    expect(cliLanguage({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(cliLanguage({ LANG: 'ru_RU.UTF-8', LC_ALL: 'bg_BG.UTF-8' })).toBe('bg');
    expect(cliLanguage({ LANG: 'ru_RU.UTF-8', ORBITA_LANG: 'en' })).toBe('en');
    expect(cliLanguage({ ORBITA_LANG: 'BG' })).toBe('bg');
  });

  it('progress lines of a restore are in the language asked for, numbers grouped as it groups them', async () => {
    const file = path.join(dir, 'lang.orbita-backup.gz');
    const en: string[] = [];
    await writeBackup({ url: ctx.url, out: file, say: (l) => en.push(l) });
    expect(en[0]).toMatch(/^Backing up \d+ tables \([\d,]+ rows\)/);
    const lines: string[] = [];
    await restoreBackup({ url: await emptyDatabase(), file, say: (l) => lines.push(l), lang: 'ru' });
    expect(lines[0]).toMatch(/^Восстанавливаю копию от .* \(таблиц: \d+, строк: [\d\s\u00a0]+, миграция \d{4}_\w+/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}public\.users: строк \d+, [\d,]+ МБ, [\d,]+ с$/));
    expect(lines.at(-1)).toMatch(/^Статистика собрана за [\d,]+ с; восстановление заняло [\d,]+ с$/);
  }, 120_000);
});
