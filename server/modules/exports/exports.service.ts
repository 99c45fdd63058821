// An export: the list's rows (its own query, the caller's access) written as CSV, XLSX or vCard
// into a stream. Up to `streamMaxRows` rows go straight into the response; a larger export is a
// job that writes the file into export_chunks, with progress, for download until it expires.
import { Writable } from 'node:stream';
import {
  activityExportQuery,
  companyExportQuery,
  contactExportQuery,
  dealExportQuery,
  type ActivityExportQuery,
  type CompanyExportQuery,
  type ContactExportQuery,
  type DealExportQuery,
  type ExportEntity,
  type ExportFormat,
  type ExportJob,
} from '../../../contracts/exports.js';
import { translate } from '../../../contracts/i18n/index.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { enqueueJob, type JobContext } from '../../platform/jobs.js';
import { formatVcard } from '../contacts/index.js';
import { ExportErrors } from './exports.errors.js';
import { contentTypes, DestinationClosed, finished, localDate, tableWriter, write, type FileOptions } from './exports.format.js';
import * as repo from './exports.repository.js';
import { chosenColumns, contactSource, pagesOf, rowsOf, specs, type Rows } from './exports.sources.js';

declare module '../../platform/jobs.js' {
  interface JobTasks {
    'exports.run': { exportId: string };
  }
}

/** Rows per query: large enough that a million rows are 500 round trips, small enough to hold. */
export const BATCH = 2000;
/** Bytes per stored chunk of a job's file. */
const CHUNK_BYTES = 1024 * 1024;

export type ExportSettings = { streamMaxRows: number; retentionHours: number };

/** A parsed export query with the list it belongs to. */
export type ParsedExport =
  | { entity: 'contacts'; q: ContactExportQuery }
  | { entity: 'companies'; q: CompanyExportQuery }
  | { entity: 'deals'; q: DealExportQuery }
  | { entity: 'activities'; q: ActivityExportQuery };

/** Reads a stored query again (a job runs it as the request would have). */
export function parseExport(entity: ExportEntity, raw: unknown): ParsedExport {
  switch (entity) {
    case 'contacts':
      return { entity, q: contactExportQuery.parse(raw) };
    case 'companies':
      return { entity, q: companyExportQuery.parse(raw) };
    case 'deals':
      return { entity, q: dealExportQuery.parse(raw) };
    case 'activities':
      return { entity, q: activityExportQuery.parse(raw) };
  }
}

function rowsFor(db: Db, user: AuthUser, p: ParsedExport): Rows {
  const columns = chosenColumns(p.entity, p.q.columns);
  switch (p.entity) {
    case 'contacts':
      return rowsOf(specs.contacts, db, user, p.q, columns);
    case 'companies':
      return rowsOf(specs.companies, db, user, p.q, columns);
    case 'deals':
      return rowsOf(specs.deals, db, user, p.q, columns);
    case 'activities':
      return rowsOf(specs.activities, db, user, p.q, columns);
  }
}

/** The file's name in the user's language (and an ASCII one for old clients). */
export function fileNames(user: AuthUser, entity: ExportEntity, format: ExportFormat, now = new Date()) {
  const day = localDate(now, user.timeZone);
  return {
    local: `${translate(user.language, `exports.fileNames.${entity}`)}-${day}.${format}`,
    ascii: `${translate('en', `exports.fileNames.${entity}`)}-${day}.${format}`,
  };
}

/** `Content-Type` of the file: CSV names its charset, as spreadsheet importers read it. */
export function contentType(p: ParsedExport): string {
  if (p.q.format === 'csv') return `${contentTypes.csv}; charset=${p.q.encoding === 'cp1251' ? 'windows-1251' : 'utf-8'}`;
  return p.q.format === 'vcf' ? `${contentTypes.vcf}; charset=utf-8` : contentTypes.xlsx;
}

/** How many rows the export will hold, counting at most `cap` (access and filters as the list's). */
export function countExport(db: Db, user: AuthUser, p: ParsedExport, cap: number): Promise<number> {
  return rowsFor(db, user, p).count(cap);
}

/**
 * Writes the whole export into `out` and ends it; returns the rows written. `progress` hears the
 * count after each batch. A destination that closes (the download was cancelled) stops the work.
 */
export async function writeExport(
  db: Db,
  user: AuthUser,
  p: ParsedExport,
  out: Writable,
  progress: (rows: number) => Promise<void> = async () => {},
): Promise<number> {
  let n = 0;
  if (p.q.format === 'vcf') {
    // contactExportQuery is the only one with vcf among its formats.
    const q = p.q as ContactExportQuery;
    for await (const { rows, names } of pagesOf(contactSource, db, user, q, BATCH)) {
      let text = '';
      for (const r of rows) {
        text += formatVcard({
          id: r.id,
          firstName: r.first_name,
          middleName: r.middle_name,
          lastName: r.last_name,
          fullName: r.full_name,
          companyName: r.company_id ? (names.refs.get(`company:${r.company_id}`) ?? null) : null,
          position: r.position,
          phones: r.phones,
          emails: r.emails,
          addresses: r.addresses,
          birthday: r.birthday,
          updatedAt: r.updated_at,
        });
      }
      await write(out, text);
      n += rows.length;
      await progress(n);
    }
    out.end();
    await finished(out);
    return n;
  }
  const rows = rowsFor(db, user, p);
  const columns = chosenColumns(p.entity, p.q.columns);
  const options: FileOptions = {
    lang: user.language,
    timeZone: user.timeZone,
    encoding: p.q.encoding,
    delimiter: p.q.delimiter,
    sheetName: translate(user.language, `exports.fileNames.${p.entity}`),
  };
  const writer = tableWriter(
    p.q.format,
    out,
    columns.map((c, i) => ({ header: translate(user.language, `exports.columns.${p.entity}.${c}`), kind: rows.kinds[i] })),
    options,
  );
  for await (const batch of rows.batches(BATCH)) {
    await writer.rows(batch);
    n += batch.length;
    await progress(n);
  }
  await writer.end();
  return n;
}

// ---------------------------------------------------------------- large exports as jobs

type ExportRecord = NonNullable<Awaited<ReturnType<typeof repo.findExport>>>;

export function toExportJob(r: ExportRecord): ExportJob {
  return {
    id: r.id,
    entity: r.entity,
    format: r.format,
    status: r.status,
    total: r.total,
    processed: r.processed,
    fileName: r.file_name,
    size: r.size === null ? null : Number(r.size),
    downloadUrl: r.status === 'done' ? `/api/v1/exports/${r.id}/file` : null,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    expiresAt: r.expires_at.toISOString(),
  };
}

/** Starts a job for an export too large for the request; the query is kept as sent. */
export async function startExportJob(
  db: Db,
  user: AuthUser,
  p: ParsedExport,
  rawQuery: Record<string, unknown>,
  settings: ExportSettings,
  total: number,
): Promise<ExportJob> {
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await repo.insertExport(trx, {
      workspace_id: user.workspaceId,
      user_id: user.id,
      entity: p.entity,
      format: p.q.format,
      query: JSON.stringify(rawQuery),
      total,
      file_name: fileNames(user, p.entity, p.q.format).local,
      content_type: contentType(p),
      expires_at: new Date(Date.now() + settings.retentionHours * 3600_000),
    });
    await enqueueJob(trx, 'exports.run', { workspaceId: user.workspaceId, exportId: id }, { maxAttempts: 3 });
    return id;
  });
  return getExportJob(db, user, id);
}

/** One of the caller's exports (404 for anyone else's, and once it expired). */
export async function getExportJob(db: Db, user: AuthUser, id: string): Promise<ExportJob> {
  const r = await repo.findExport(db, user, id);
  if (!r) throw ExportErrors.EXPORT_NOT_FOUND();
  return toExportJob(r);
}

/** The finished file of one of the caller's exports, read chunk by chunk. */
export async function exportFile(db: Db, user: AuthUser, id: string) {
  const r = await repo.findExport(db, user, id);
  if (!r) throw ExportErrors.EXPORT_NOT_FOUND();
  if (r.status === 'failed') throw ExportErrors.EXPORT_FAILED();
  if (r.status !== 'done') throw ExportErrors.EXPORT_NOT_READY();
  async function* chunks() {
    for (let seq = 0; ;) {
      const batch = await repo.chunksFrom(db, r!.id, seq, 4);
      if (!batch.length) return;
      for (const c of batch) yield c.bytes;
      seq = batch[batch.length - 1].seq + 1;
    }
  }
  return { fileName: r.file_name, contentType: r.content_type, size: r.size === null ? null : Number(r.size), chunks: chunks() };
}

/** A Writable that stores what it is given as numbered chunks of about CHUNK_BYTES. */
function chunkStore(db: Db, exportId: string) {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let size = 0;
  const flush = async () => {
    if (!pendingBytes) return;
    const bytes = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    await repo.insertChunk(db, exportId, seq++, bytes);
  };
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      size += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) flush().then(() => cb(), cb);
      else cb();
    },
    final(cb) {
      flush().then(() => cb(), cb);
    },
  });
  return { stream, size: () => size };
}

/** The job: counts again, writes the file into chunks with progress, and marks the export done. */
export async function runExportJob(payload: { workspaceId: string; exportId: string }, ctx: JobContext): Promise<void> {
  const { db } = ctx;
  const row = await repo.findExportForJob(db, payload.workspaceId, payload.exportId);
  if (!row || row.status === 'done') return;
  const user = await repo.activeAuthUser(db, row.workspace_id, row.user_id);
  if (!user) {
    await repo.setExportState(db, row.id, { status: 'failed', error: 'USER_INACTIVE', finished_at: new Date() });
    return;
  }
  try {
    const p = parseExport(row.entity, row.query);
    await repo.clearChunks(db, row.id);
    const total = await countExport(db, user, p, 100_000_000);
    await repo.setExportState(db, row.id, { status: 'running', processed: 0, total, error: null });
    const store = chunkStore(db, row.id);
    const n = await writeExport(db, user, p, store.stream, async (processed) => {
      if (ctx.signal?.aborted) throw new DestinationClosed();
      await repo.setExportState(db, row.id, { processed });
    });
    await repo.setExportState(db, row.id, {
      status: 'done',
      processed: n,
      total: Math.max(total, n),
      size: store.size(),
      finished_at: new Date(),
    });
  } catch (e) {
    ctx.log.warn({ err: e, exportId: row.id }, 'export failed');
    if (ctx.isLastAttempt)
      await repo.setExportState(db, row.id, {
        status: 'failed',
        error: String((e as Error).message ?? e).slice(0, 500),
        finished_at: new Date(),
      });
    else await repo.setExportState(db, row.id, { status: 'queued' });
    throw e;
  }
}

/** The hourly pruning: expired exports go with their files; returns how many. */
export async function pruneExports(db: Db, now = new Date()): Promise<number> {
  return repo.deleteExpiredExports(db, now);
}
