import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Import, ImportForm, ImportIssue, ImportPreview } from '../../../contracts/imports.js';
import { translate, type Lang, type RuleCode } from '../../../contracts/i18n/index.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { enqueueJob } from '../../platform/jobs.js';
import { ImportErrors } from './imports.errors.js';
import { openFile, UnreadableFile, type OpenedFile } from './imports.files.js';
import { listPipelines } from '../pipelines/index.js';
import { reviveImports } from './imports.job.js';
import { ENTITY_FIELDS, MULTI_FIELDS, isEntityField, suggestMapping, type Preset } from './imports.presets.js';
import * as repo from './imports.repository.js';
import type { ImportEntity } from './imports.table.js';

export type ImportUpload = { fileName: string; bytes: Buffer };

/** Entities whose rows this version reads. */
const READY: ImportEntity[] = ['contacts', 'companies', 'deals', 'activities'];
/** Distinct values per column the preview lists for the stage mapping step. */
const PREVIEW_VALUES = 200;

const fileIssue = (code: RuleCode, params?: Record<string, unknown>) =>
  ImportErrors.IMPORT_FILE_UNREADABLE({ fields: [{ path: 'file', code, params }] });

async function open(upload: ImportUpload, form: ImportForm): Promise<OpenedFile> {
  try {
    const file = await openFile(upload.bytes, form);
    if (file.format === 'vcf' && form.entity !== 'contacts')
      throw PlatformErrors.VALIDATION({ fields: [{ path: 'entity', code: 'imports.rules.vcfContactsOnly' }] });
    return file;
  } catch (e) {
    if (e instanceof UnreadableFile) throw fileIssue(`imports.rules.${e.reason}`);
    throw e;
  }
}

async function countRows(file: OpenedFile): Promise<number> {
  let last = 0;
  for await (const row of file.rows(0)) last = row.n;
  return last;
}

/** The mapping as sent (JSON column -> field), checked against the file's columns and the entity's fields. */
function parseMapping(raw: string, entity: ImportEntity, columns: string[]): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw mappingError([{ path: 'mapping', code: 'imports.rules.mappingJson' }]);
  const issues: FieldIssue[] = [];
  const out: Record<string, string> = {};
  const taken = new Set<string>();
  const known = new Set(columns);
  for (const [column, field] of Object.entries(value as Record<string, unknown>)) {
    if (typeof field !== 'string') {
      issues.push({ path: 'mapping', code: 'imports.rules.mappingJson' });
      continue;
    }
    if (!known.has(column)) issues.push({ path: 'mapping', code: 'imports.rules.unknownColumn', params: { column: column.slice(0, 100) } });
    else if (field && !isEntityField(entity, field))
      issues.push({ path: 'mapping', code: 'imports.rules.unknownField', params: { field: field.slice(0, 100) } });
    else if (field && !MULTI_FIELDS.has(field) && taken.has(field))
      issues.push({ path: 'mapping', code: 'imports.rules.fieldTwice', params: { field } });
    else if (field) {
      taken.add(field);
      out[column] = field;
    }
  }
  if (issues.length) throw mappingError(issues);
  return out;
}

const mappingError = (fields: FieldIssue[]) => ImportErrors.IMPORT_MAPPING_INVALID({ fields });

/** The deals' options: a pipeline of the workspace, and a stage mapping onto stages of its pipelines. */
async function salesOptions(
  db: Db,
  user: AuthUser,
  form: ImportForm,
): Promise<{ pipelineId: string | null; stageMapping: Record<string, string> }> {
  const pipelines = await listPipelines(db, user);
  if (form.pipelineId && !pipelines.some((p) => p.id === form.pipelineId))
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'pipelineId', code: 'imports.rules.pipelineNotFound' }] });
  if (!form.stageMapping) return { pipelineId: form.pipelineId ?? null, stageMapping: {} };
  let value: unknown;
  try {
    value = JSON.parse(form.stageMapping);
  } catch {
    value = null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw mappingError([{ path: 'stageMapping', code: 'imports.rules.stageMappingJson' }]);
  const stages = new Set(pipelines.flatMap((p) => p.stages.map((s) => s.id)));
  const out: Record<string, string> = {};
  const issues: FieldIssue[] = [];
  for (const [stage, id] of Object.entries(value as Record<string, unknown>)) {
    if (id === '' || id === null) continue;
    if (typeof id !== 'string' || !stages.has(id))
      issues.push({ path: 'stageMapping', code: 'imports.rules.stageMappingUnknown', params: { value: stage.slice(0, 100) } });
    else out[stage] = id;
  }
  if (issues.length) throw mappingError(issues);
  return { pipelineId: form.pipelineId ?? null, stageMapping: out };
}

function requireReady(entity: ImportEntity) {
  if (!READY.includes(entity)) throw PlatformErrors.VALIDATION({ fields: [{ path: 'entity', code: 'imports.rules.entityUnsupported' }] });
}

/** The mapping this user chose last time for a file with these very columns, if any. */
async function savedMapping(db: Db, user: AuthUser, entity: ImportEntity, columns: string[]) {
  const wanted = JSON.stringify([...columns].sort());
  for (const r of await repo.recentMappings(db, user, entity)) {
    if (JSON.stringify([...r.columns].sort()) === wanted && Object.keys(r.mapping).length) return r.mapping;
  }
  return null;
}

/** How the file reads: format, encoding, delimiter, the first rows, and the mapping proposed for it. */
export async function previewImport(db: Db, user: AuthUser, upload: ImportUpload, form: ImportForm, lang: Lang): Promise<ImportPreview> {
  requireReady(form.entity);
  const file = await open(upload, form);
  const rows: string[][] = [];
  let total = 0;
  const distinct = form.entity === 'deals' ? file.columns.map(() => new Set<string>()) : [];
  for await (const row of file.rows(0)) {
    if (rows.length < 10) rows.push(file.columns.map((_, i) => row.cells[i] ?? ''));
    distinct.forEach((set, i) => {
      const v = row.cells[i]?.trim();
      if (v && set.size <= PREVIEW_VALUES) set.add(v);
    });
    total = row.n;
  }
  const values: Record<string, string[]> = {};
  distinct.forEach((set, i) => {
    if (set.size && set.size <= PREVIEW_VALUES) values[file.columns[i]] = [...set];
  });
  const saved = form.preset ? null : await savedMapping(db, user, form.entity, file.columns);
  return {
    format: file.format,
    encoding: file.encoding,
    delimiter: file.delimiter,
    sheets: file.sheets,
    sheet: file.sheet,
    columns: file.columns,
    rows,
    total,
    mapping: saved ?? suggestMapping(form.entity, file.columns, form.preset as Preset | undefined),
    savedMapping: Boolean(saved),
    fields: ENTITY_FIELDS[form.entity].map((f) => ({
      field: f,
      label: translate(lang, `imports.fields.${f}`),
      multiple: MULTI_FIELDS.has(f),
    })),
    values,
  };
}

/** Stores the file and queues its import (or its dry run); one import of the same file at a time. */
export async function createImport(db: Db, user: AuthUser, upload: ImportUpload, form: ImportForm) {
  requireReady(form.entity);
  const file = await open(upload, form);
  const mapping = form.mapping
    ? parseMapping(form.mapping, form.entity, file.columns)
    : ((await savedMapping(db, user, form.entity, file.columns)) ??
      suggestMapping(form.entity, file.columns, form.preset as Preset | undefined));
  if (!Object.values(mapping).some(Boolean)) throw mappingError([{ path: 'mapping', code: 'imports.rules.noColumns' }]);
  const sales = form.entity === 'deals' ? await salesOptions(db, user, form) : { pipelineId: null, stageMapping: undefined };
  const total = await countRows(file);
  const sha = crypto.createHash('sha256').update(upload.bytes).digest('hex');
  const dryRun = form.dryRun === 'true';
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await repo.insertImport(trx, {
        workspace_id: user.workspaceId,
        user_id: user.id,
        entity: form.entity,
        preset: form.preset ?? null,
        file_name: upload.fileName,
        file_sha256: sha,
        file: upload.bytes,
        format: file.format,
        encoding: file.encoding,
        delimiter: file.delimiter,
        sheet: file.sheet,
        columns: JSON.stringify(file.columns),
        mapping: JSON.stringify(mapping),
        options: JSON.stringify({
          pipelineId: sales.pipelineId,
          stageMapping: sales.stageMapping,
          unmappedToNotes: form.unmappedToNotes === 'true',
          via: user.via,
        }),
        duplicates: form.duplicates ?? 'skip',
        dry_run: dryRun,
        language: user.language,
        total,
        failure: null,
        undo_status: null,
        runner: null,
        heartbeat_at: null,
        started_at: null,
        finished_at: null,
      });
      await enqueueJob(
        trx,
        'imports.run',
        { workspaceId: user.workspaceId, importId: row.id },
        { jobKey: `imports.run:${row.id}`, maxAttempts: 3 },
      );
      return { id: row.id, status: row.status };
    });
  } catch (e) {
    if ((e as { code?: string; constraint?: string }).constraint === 'imports_one_per_file') throw ImportErrors.IMPORT_ALREADY_RUNNING();
    throw e;
  }
}

const fieldMessage = (lang: Lang, code: string, params: Record<string, unknown>) =>
  translate(lang, code.includes('.') ? code : `validation.${code}`, params);

const toIssue = (
  lang: Lang,
  r: { row_no: number; column: string | null; field: string | null; code: string; params: Record<string, unknown> },
): ImportIssue => ({
  row: r.row_no,
  column: r.column,
  field: r.field,
  code: r.code,
  message: fieldMessage(lang, r.code, r.params ?? {}),
});

function toImport(r: repo.ImportSummaryRow, lang: Lang, errors: ImportIssue[], warnings: ImportIssue[]): Import {
  return {
    id: r.id,
    status: r.status,
    entity: r.entity,
    preset: (r.preset as Import['preset']) ?? null,
    fileName: r.file_name,
    format: r.format,
    encoding: r.encoding,
    delimiter: r.delimiter,
    dryRun: r.dry_run,
    duplicates: r.duplicates,
    mapping: r.mapping,
    total: r.total,
    processed: r.processed,
    created: r.created,
    updated: r.updated,
    skipped: r.skipped,
    rejected: r.rejected,
    warningCount: r.warnings,
    linkedCreated: r.linked_created,
    errors,
    warnings,
    failure: r.failure ? translate(lang, `imports.failures.${r.failure}`) : null,
    undo: r.undo_status ? { status: r.undo_status, reverted: r.undo_reverted, kept: r.undo_kept } : null,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

async function visibleImport(db: Db, user: AuthUser, id: string) {
  const r = await repo.findVisibleImport(db, user, id);
  if (!r) throw ImportErrors.IMPORT_NOT_FOUND();
  return r;
}

/** An import's progress and the first page of its problems, in the caller's language. */
export async function getImport(db: Db, user: AuthUser, id: string, lang: Lang): Promise<Import> {
  const r = await visibleImport(db, user, id);
  // Someone is watching: if its job died with its instance, a new one takes over now.
  const live = r.status === 'queued' || r.status === 'running' || r.undo_status === 'queued' || r.undo_status === 'running';
  if (live) await reviveImports(db, user.workspaceId);
  const [errors, warnings] = await Promise.all([repo.issuesPage(db, id, 'error', 100), repo.issuesPage(db, id, 'warning', 100)]);
  return toImport(
    r,
    lang,
    errors.map((e) => toIssue(lang, e)),
    warnings.map((w) => toIssue(lang, w)),
  );
}

export async function listImports(db: Db, user: AuthUser, lang: Lang) {
  const rows = await repo.listImports(db, user, 50);
  return {
    items: rows.map((r) => {
      const { errors: _e, warnings: _w, ...rest } = toImport(r, lang, [], []);
      return rest;
    }),
  };
}

/** Stops a queued or running import after the batch it is in; what was committed stays (undo removes it). */
export async function cancelImport(db: Db, user: AuthUser, id: string, lang: Lang): Promise<Import> {
  const r = await visibleImport(db, user, id);
  if (r.status !== 'queued' && r.status !== 'running') throw ImportErrors.IMPORT_NOT_CANCELLABLE();
  await db.transaction().execute(async (trx) => {
    await repo.updateImport(trx, id, { cancel_requested: true });
    // Not started yet: nothing to wait for.
    await trx
      .updateTable('imports')
      .set({ status: 'cancelled', finished_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .where('runner', 'is', null)
      .execute();
  });
  return getImport(db, user, id, lang);
}

/** Queues the undo of a finished or cancelled import that stored records. */
export async function undoImport(db: Db, user: AuthUser, id: string, lang: Lang): Promise<Import> {
  const r = await visibleImport(db, user, id);
  if (r.dry_run || r.undo_status || (r.status !== 'done' && r.status !== 'cancelled' && r.status !== 'failed'))
    throw ImportErrors.IMPORT_NOT_UNDOABLE();
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('imports')
      .set({ undo_status: 'queued' })
      .where('id', '=', id)
      .where('undo_status', 'is', null)
      .executeTakeFirst();
    if (!Number(done.numUpdatedRows)) throw ImportErrors.IMPORT_NOT_UNDOABLE();
    await enqueueJob(
      trx,
      'imports.undo',
      { workspaceId: user.workspaceId, importId: id },
      { jobKey: `imports.undo:${id}`, maxAttempts: 3 },
    );
  });
  return getImport(db, user, id, lang);
}

/** RFC 4180: a field with the delimiter, a quote or a line break is quoted, quotes doubled. */
const csvField = (v: string, d: string) => (v.includes(d) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Every rejected row as it was in the file, with its row number and problems in the caller's
 * language: fix them in the file and import it again. CSV in UTF-8 with BOM, or XLSX.
 */
export async function rejectedFile(db: Db, user: AuthUser, id: string, format: 'csv' | 'xlsx', lang: Lang) {
  const r = await visibleImport(db, user, id);
  const head = [...r.columns, translate(lang, 'imports.rejectedColumns.row'), translate(lang, 'imports.rejectedColumns.message')];
  const rows: string[][] = [];
  let current: { n: number; values: string[]; messages: string[] } | null = null;
  const push = () => {
    if (current) rows.push([...r.columns.map((_, i) => current!.values[i] ?? ''), String(current.n), current.messages.join('; ')]);
  };
  for await (const page of repo.allErrors(db, id)) {
    for (const e of page) {
      if (!current || current.n !== e.row_no) {
        push();
        current = { n: e.row_no, values: e.values ?? [], messages: [] };
      }
      const where = e.column ? `${e.column}: ` : '';
      current.messages.push(where + fieldMessage(lang, e.code, e.params ?? {}));
    }
  }
  push();
  const base = r.file_name.replace(/\.[^.]+$/, '') || 'import';
  if (format === 'xlsx') {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Rejected');
    ws.addRow(head);
    for (const row of rows) ws.addRow(row);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    return { bytes, fileName: `${base}-rejected.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  }
  const d = r.delimiter ?? ';';
  const text = [head, ...rows].map((row) => row.map((v) => csvField(v, d)).join(d)).join('\r\n') + '\r\n';
  return {
    bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
    fileName: `${base}-rejected.csv`,
    mimeType: 'text/csv; charset=utf-8',
  };
}
