// PDF from a filled DOCX by LibreOffice (`soffice --headless --convert-to pdf`), as a background
// job: the conversion is CPU-heavy and slow to start, so it runs in the job pool (bounded by
// ORBITA_JOBS_CONCURRENCY, on whichever instance takes it) with a hard timeout that kills the whole
// process group. The request that wants the PDF enqueues the job with the DOCX in a row, waits for
// the row to be done or failed, and deletes it.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { Db } from '../../platform/database.js';
import { enqueueJob, registerJobTask } from '../../platform/jobs.js';
import { TemplateErrors } from './templates.errors.js';

export type SofficeSettings = { command: string | null; timeoutMs: number };

declare module '../../platform/jobs.js' {
  interface JobTasks {
    'templates.convert': { conversionId: string };
  }
}

type Outcome = { ok: true; pdf: Buffer } | { ok: false; reason: 'timedOut' | 'converterFailed' };

/** Runs one conversion in a fresh folder with its own LibreOffice profile (parallel runs do not share one). */
export async function runSoffice(command: string, docx: Buffer, timeoutMs: number): Promise<Outcome> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orbita-soffice-'));
  try {
    const input = path.join(dir, 'document.docx');
    await fs.writeFile(input, docx);
    const args = [
      `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
      '--headless',
      '--invisible',
      '--norestore',
      '--nologo',
      '--nolockcheck',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      input,
    ];
    const code = await new Promise<number | 'timeout'>((resolve) => {
      // Its own process group: soffice starts soffice.bin, and a timeout must stop both.
      const child = spawn(command, args, { cwd: dir, detached: true, stdio: 'ignore' });
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        resolve('timeout');
      }, timeoutMs);
      child.on('error', () => {
        clearTimeout(timer);
        resolve(-1);
      });
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c ?? -1);
      });
    });
    if (code === 'timeout') return { ok: false, reason: 'timedOut' };
    const pdf = await fs.readFile(path.join(dir, 'document.pdf')).catch(() => undefined);
    if (code !== 0 || !pdf || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return { ok: false, reason: 'converterFailed' };
    return { ok: true, pdf };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Registers the conversion task (at composition, in app.ts). */
export function registerTemplateJobs(settings: SofficeSettings): void {
  registerJobTask('templates.convert', async (payload, ctx) => {
    const row = await ctx.db
      .selectFrom('template_conversions')
      .select(['id', 'docx', 'status'])
      .where('id', '=', payload.conversionId)
      .where('workspace_id', '=', payload.workspaceId)
      .executeTakeFirst();
    // Whoever asked gave up waiting and removed it.
    if (!row || row.status !== 'queued') return;
    const outcome = settings.command
      ? await runSoffice(settings.command, row.docx, settings.timeoutMs)
      : ({ ok: false, reason: 'converterFailed' } as const);
    await ctx.db
      .updateTable('template_conversions')
      .set(
        outcome.ok
          ? { status: 'done', pdf: outcome.pdf, finished_at: new Date() }
          : { status: 'failed', error: outcome.reason, finished_at: new Date() },
      )
      .where('id', '=', row.id)
      .execute();
    // Conversions nobody collected (the asker's instance stopped while waiting).
    await ctx.db
      .deleteFrom('template_conversions')
      .where('created_at', '<', sql<Date>`now() - interval '1 hour'`)
      .execute();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The PDF of a DOCX, converted by the job and awaited here; 409 when LibreOffice is not installed,
 * 422 when it fails or does not answer in time (the reason as a field rule on `format`).
 */
export async function convertDocxToPdf(db: Db, workspaceId: string, docx: Buffer, settings: SofficeSettings): Promise<Buffer> {
  if (!settings.command) throw TemplateErrors.TEMPLATE_PDF_UNAVAILABLE();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('template_conversions')
      .values({ workspace_id: workspaceId, status: 'queued', docx })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueueJob(trx, 'templates.convert', { workspaceId, conversionId: row.id }, { maxAttempts: 1 });
    return row.id;
  });
  // Room for the job to be picked up and for LibreOffice to start, beyond the conversion's own bound.
  const deadline = Date.now() + settings.timeoutMs + 30_000;
  try {
    for (let wait = 100; Date.now() < deadline; wait = Math.min(wait * 1.5, 1000)) {
      await sleep(wait);
      const row = await db.selectFrom('template_conversions').select(['status', 'pdf', 'error']).where('id', '=', id).executeTakeFirst();
      if (!row || row.status === 'queued') continue;
      if (row.status === 'done' && row.pdf) return row.pdf;
      throw failed(row.error === 'timedOut' ? 'timedOut' : 'converterFailed', settings);
    }
    throw failed('timedOut', settings);
  } finally {
    await db.deleteFrom('template_conversions').where('id', '=', id).execute();
  }
}

/** The reason is a field rule, so it is translated at the edge into the request's language. */
function failed(reason: 'timedOut' | 'converterFailed', settings: SofficeSettings) {
  const params = { seconds: Math.round(settings.timeoutMs / 1000) };
  return TemplateErrors.TEMPLATE_PDF_FAILED({ fields: [{ path: 'format', code: `templates.rules.${reason}`, params }], params });
}
