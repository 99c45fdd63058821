// The import as a background job: the file is read again from its row, rows after the last
// committed batch are taken in batches, and each batch commits its records, its problems and the
// import's progress together. So a job killed with its instance (kill -9) loses at most the batch
// it was in, which the next job repeats from the same row: no row twice, no half row. A job holds
// the import by a heartbeat; one that stopped beating is replaced (see reviveImports), since
// graphile-worker leaves a dead worker's job locked for hours.
import type { Logger } from 'pino';
import type { Lang } from '../../../contracts/i18n/index.js';
import { IMPORT_BATCH_ROWS } from '../../../contracts/imports.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import type { Role } from '../../platform/platform.table.js';
import { enqueueJob, registerJobTask, registerRecurringTask } from '../../platform/jobs.js';
import { MERGE_KINDS, onMerge } from '../../platform/merge.js';
import { regionOf, workspaceRegion } from '../../platform/search/index.js';
import { safeTimeZone } from '../../platform/time.js';
import { binCompaniesAtVersion, getCompany, updateCompany } from '../companies/index.js';
import { binContactsAtVersion, getContact, updateContact } from '../contacts/index.js';
import { newRunState, processBatch, type BatchOutcome } from './imports.batch.js';
import { openFile, type DataRow, type FileNotice } from './imports.files.js';
import { processSalesBatch, undoSalesRecord } from './imports.sales.js';
import { isEntityField, type ImportField, type Preset } from './imports.presets.js';
import * as repo from './imports.repository.js';
import type { RowContext } from './imports.rows.js';

declare module '../../platform/jobs.js' {
  interface JobTasks {
    'imports.run': { importId: string };
    'imports.undo': { importId: string };
  }
}

/** Seconds without a heartbeat after which an import's job counts as dead and is replaced. */
export const IMPORT_LEASE_SECONDS = 15;
const HEARTBEAT_MS = 3_000;

/** Thrown to roll a batch back when another job has taken the import over meanwhile. */
class LostLease extends Error {}

async function authUser(db: Db, userId: string, via: AuthUser['via']): Promise<AuthUser | null> {
  const u = await repo.importer(db, userId);
  if (!u || !u.is_active || u.deleted_at) return null;
  return {
    id: u.id,
    workspaceId: u.workspace_id,
    role: u.role as Role,
    teamId: u.team_id,
    name: u.name,
    email: u.email,
    language: u.language as Lang,
    timeZone: safeTimeZone(u.time_zone),
    via,
  };
}

/** Beats the import's heartbeat while a job works on it. */
function heartbeat(db: Db, importId: string, runner: string): () => void {
  const timer = setInterval(() => {
    void db
      .updateTable('imports')
      .set({ heartbeat_at: new Date() })
      .where('id', '=', importId)
      .where('runner', '=', runner)
      .execute()
      .catch(() => {});
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Column index -> field, from the stored mapping (column name -> field). */
function fieldsOf(columns: string[], mapping: Record<string, string>, entity: repo.ImportRow['entity']): (ImportField | null)[] {
  return columns.map((c) => {
    const f = mapping[c];
    return f && isEntityField(entity, f) ? f : null;
  });
}

async function finish(db: Db, id: string, runner: string, changes: { status: 'done' | 'failed' | 'cancelled'; failure?: string }) {
  await db
    .updateTable('imports')
    .set({ ...changes, finished_at: new Date(), runner: null, heartbeat_at: null })
    .where('id', '=', id)
    .where('runner', '=', runner)
    .execute();
}

/** Runs (or resumes) one import. */
export async function runImport(db: Db, importId: string, runner: string, log: Logger, signal?: AbortSignal): Promise<void> {
  const imp = await repo.claimImport(db, importId, runner, IMPORT_LEASE_SECONDS, 'run');
  if (!imp) return;
  const stop = heartbeat(db, importId, runner);
  try {
    const user = await authUser(db, imp.user_id, imp.options.via);
    if (!user) return await finish(db, importId, runner, { status: 'failed', failure: 'userInactive' });
    if (imp.cancel_requested) return await finish(db, importId, runner, { status: 'cancelled' });
    let from = imp.processed;
    // A dry run keeps no records, so what it learnt about earlier rows (their phones, their
    // companies) died with the job that read them: it starts again from the first row.
    if (imp.dry_run && from > 0) {
      await db.transaction().execute(async (trx) => {
        await repo.clearIssues(trx, importId);
        await repo.updateImport(trx, importId, {
          processed: 0,
          created: 0,
          updated: 0,
          skipped: 0,
          rejected: 0,
          warnings: 0,
          linked_created: 0,
        });
      });
      from = 0;
    }
    const file = await openFile(imp.file, { encoding: imp.encoding, delimiter: imp.delimiter, sheet: imp.sheet });
    const mapped = new Set(Object.keys(imp.mapping).filter((c) => imp.mapping[c]));
    const ctx: RowContext = {
      columns: file.columns,
      fields: fieldsOf(file.columns, imp.mapping, imp.entity),
      toNotes: imp.options.unmappedToNotes ? file.columns.flatMap((c, i) => (mapped.has(c) ? [] : [i])) : [],
      preset: (imp.preset as Preset | null) ?? null,
      lang: imp.language as Lang,
      timeZone: user.timeZone,
      region: regionOf(null) ?? (await workspaceRegion(db, user.workspaceId)),
      users: new Map(),
    };
    for (const u of await repo.workspaceUsers(db, user.workspaceId)) {
      ctx.users.set(u.name.toLowerCase(), u.id);
      ctx.users.set(u.email.toLowerCase(), u.id);
    }
    const notices = new Map<number, FileNotice[]>();
    for (const n of file.notices) notices.set(n.n, [...(notices.get(n.n) ?? []), n]);
    const state = newRunState();
    const job = { importId, user, ctx, duplicates: imp.duplicates, dryRun: imp.dry_run, options: imp.options };
    let batch: DataRow[] = [];
    let last = from;
    const flush = async (): Promise<'go' | 'cancelled'> => {
      const rows = batch;
      batch = [];
      const lastRow = rows[rows.length - 1]?.n ?? last;
      const outcome = await db.transaction().execute(async (trx) => {
        const seen = await trx
          .selectFrom('imports')
          .select(['runner', 'processed', 'cancel_requested'])
          .where('id', '=', importId)
          .executeTakeFirstOrThrow();
        if (seen.runner !== runner || seen.processed !== last) throw new LostLease();
        if (seen.cancel_requested) return 'cancelled' as const;
        const o: BatchOutcome =
          imp.entity === 'contacts' || imp.entity === 'companies'
            ? await processBatch(trx, job, state, rows, imp.entity)
            : await processSalesBatch(trx, job, state, rows, imp.entity);
        addNotices(o, importId, rows, notices);
        // Locked only now, so the heartbeat is not kept waiting through the batch; the batch commits
        // only if this job still holds the import and nobody committed these rows meanwhile.
        const held = await repo.lockImport(trx, importId);
        if (held.runner !== runner || held.processed !== last) throw new LostLease();
        await repo.insertIssues(trx, o.issues);
        if (!imp.dry_run) await repo.insertImportRecords(trx, o.records);
        await trx
          .updateTable('imports')
          .set((eb) => ({
            processed: lastRow,
            created: eb('created', '+', o.created),
            updated: eb('updated', '+', o.updated),
            skipped: eb('skipped', '+', o.skipped),
            rejected: eb('rejected', '+', o.rejected),
            warnings: eb('warnings', '+', o.warnings),
            linked_created: eb('linked_created', '+', o.linkedCreated),
            heartbeat_at: new Date(),
          }))
          .where('id', '=', importId)
          .execute();
        return 'go' as const;
      });
      last = lastRow;
      return outcome;
    };
    for await (const row of file.rows(from)) {
      batch.push(row);
      if (batch.length < IMPORT_BATCH_ROWS) continue;
      if ((await flush()) === 'cancelled') return await finish(db, importId, runner, { status: 'cancelled' });
      if (signal?.aborted) return;
    }
    if (batch.length && (await flush()) === 'cancelled') return await finish(db, importId, runner, { status: 'cancelled' });
    // The last rows may have been empty ones: the file is read to its end either way.
    await db
      .updateTable('imports')
      .set({ processed: imp.total })
      .where('id', '=', importId)
      .where('runner', '=', runner)
      .where('processed', '<', imp.total)
      .execute();
    await finish(db, importId, runner, { status: 'done' });
  } catch (e) {
    if (e instanceof LostLease) return;
    log.error({ err: e, importId }, 'import failed');
    await finish(db, importId, runner, { status: 'failed', failure: 'internal' });
  } finally {
    stop();
  }
}

/** What the file's reader noticed about these rows (a vCard's dropped birthday), as the rows' warnings. */
function addNotices(o: BatchOutcome, importId: string, rows: DataRow[], notices: Map<number, FileNotice[]>) {
  const warned = new Set(o.issues.filter((i) => i.level === 'warning').map((i) => i.row_no));
  for (const row of rows) {
    const list = notices.get(row.n);
    if (!list) continue;
    if (!warned.has(row.n)) o.warnings += 1;
    for (const n of list)
      o.issues.push({
        import_id: importId,
        row_no: row.n,
        level: 'warning',
        column: n.column,
        field: null,
        code: n.code,
        params: '{}',
        values: null,
      });
  }
}

/**
 * Undoes an import in batches: what it created goes to the bin, what it updated gets its former
 * values back, each only if nobody changed the record since (its version is still the import's);
 * those are kept and counted.
 */
export async function undoImport(db: Db, importId: string, runner: string, log: Logger): Promise<void> {
  const imp = await repo.claimImport(db, importId, runner, IMPORT_LEASE_SECONDS, 'undo');
  if (!imp) return;
  const stop = heartbeat(db, importId, runner);
  try {
    const user = await authUser(db, imp.user_id, imp.options.via);
    if (!user) return;
    for (;;) {
      const done = await db.transaction().execute(async (trx) => {
        const held = await repo.lockImport(trx, importId);
        if (held.runner !== runner) throw new LostLease();
        const records = await repo.nextImportRecords(trx, importId, IMPORT_BATCH_ROWS);
        if (!records.length) return true;
        let reverted = 0;
        const created = records.filter((r) => r.action === 'created');
        const contacts = created.filter((r) => r.entity === 'contact').map((r) => ({ id: r.entity_id, version: r.version }));
        const companies = created.filter((r) => r.entity === 'company').map((r) => ({ id: r.entity_id, version: r.version }));
        reverted += (await binContactsAtVersion(trx, user, contacts)).length;
        reverted += (await binCompaniesAtVersion(trx, user, companies)).length;
        for (const r of records.filter((x) => x.entity === 'deal' || x.entity === 'activity')) {
          try {
            if (await undoSalesRecord(trx, { user }, r)) reverted += 1;
          } catch (e) {
            log.debug({ err: e, importId, id: r.entity_id }, 'import undo kept a record');
          }
        }
        for (const r of records.filter((x) => x.action === 'updated' && (x.entity === 'contact' || x.entity === 'company'))) {
          try {
            const current = r.entity === 'contact' ? await getContact(trx, user, r.entity_id) : await getCompany(trx, user, r.entity_id);
            if (current.version !== r.version || !r.before) continue;
            const body = { ...r.before, version: current.version };
            if (r.entity === 'contact') await updateContact(trx, user, r.entity_id, body, { force: true });
            else await updateCompany(trx, user, r.entity_id, body, { force: true });
            reverted += 1;
          } catch (e) {
            // Gone from the importer's sight or changed in a way the old values no longer fit: kept.
            log.debug({ err: e, importId, id: r.entity_id }, 'import undo kept a record');
          }
        }
        await repo.deleteImportRecords(
          trx,
          importId,
          records.map((r) => ({ entity: r.entity, entityId: r.entity_id })),
        );
        await trx
          .updateTable('imports')
          .set((eb) => ({
            undo_reverted: eb('undo_reverted', '+', reverted),
            undo_kept: eb('undo_kept', '+', records.length - reverted),
            heartbeat_at: new Date(),
          }))
          .where('id', '=', importId)
          .execute();
        return false;
      });
      if (done) break;
    }
    await db
      .updateTable('imports')
      .set({ undo_status: 'done', runner: null, heartbeat_at: null })
      .where('id', '=', importId)
      .where('runner', '=', runner)
      .execute();
  } catch (e) {
    if (e instanceof LostLease) return;
    throw e;
  } finally {
    stop();
  }
}

/** Enqueues a fresh job for imports whose job died; the claim makes sure only one works on each. */
export async function reviveImports(db: Db, workspaceId?: string): Promise<void> {
  const stale = await repo.staleImports(db, IMPORT_LEASE_SECONDS, workspaceId);
  for (const s of stale) {
    await db.transaction().execute(async (trx) => {
      const undo = s.undo_status === 'queued' || s.undo_status === 'running';
      const task = undo ? 'imports.undo' : 'imports.run';
      await enqueueJob(trx, task, { workspaceId: s.workspace_id, importId: s.id }, { jobKey: `${task}:${s.id}`, maxAttempts: 3 });
    });
  }
}

/**
 * Registers the import tasks (at composition, in app.ts), and what a merge does to an import's
 * list of records: the merged-away record is gone into the kept one, which the import did not
 * make, so undo forgets it (the kept one moved on in version anyway, and is kept).
 */
export function registerImports(): void {
  for (const kind of MERGE_KINDS) {
    onMerge(kind, 'imports', { covers: ['import_records.entity_id'] }, async (trx, p) => {
      await trx.deleteFrom('import_records').where('entity', '=', kind).where('entity_id', '=', p.mergedId).execute();
    });
  }
  registerJobTask('imports.run', (payload, ctx) => runImport(ctx.db, payload.importId, `job:${ctx.jobId}`, ctx.log, ctx.signal));
  registerJobTask('imports.undo', (payload, ctx) => undoImport(ctx.db, payload.importId, `job:${ctx.jobId}`, ctx.log));
  registerRecurringTask('imports.revive', '* * * * *', (ctx) => reviveImports(ctx.db));
}
