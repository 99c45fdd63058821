import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RuleCode } from '../../../contracts/i18n/index.js';
import {
  IMPORT_MAX_BYTES,
  importCreatedSchema,
  importFormSchema,
  importListSchema,
  importPreviewSchema,
  importSchema,
  rejectedQuery,
  type ImportForm,
} from '../../../contracts/imports.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { AppError, fromZodIssue, PlatformErrors } from '../../platform/errors.js';
import { ImportErrors } from './imports.errors.js';
import * as service from './imports.service.js';

const idParams = z.object({ id: z.uuid() });

const badBody = (path: string, code: RuleCode) => PlatformErrors.MALFORMED({ fields: [{ path, code }] });
const tooLarge = () =>
  ImportErrors.IMPORT_TOO_LARGE({
    fields: [{ path: 'file', code: 'imports.rules.tooLarge', params: { max: IMPORT_MAX_BYTES } }],
    params: { max: IMPORT_MAX_BYTES },
  });

/** One `file` part and the form's fields; every malformed body is a 4xx naming the field. */
async function readUpload(req: FastifyRequest): Promise<{ upload: service.ImportUpload; form: ImportForm }> {
  if (Number(req.headers['content-length'] ?? 0) > IMPORT_MAX_BYTES + 256 * 1024) throw tooLarge();
  if (!req.isMultipart()) throw badBody('body', 'imports.rules.notMultipart');
  const fields: Record<string, string> = {};
  let upload: service.ImportUpload | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 12, fieldSize: 100_000, parts: 14 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file') upload = { fileName: cleanName(part.filename), bytes };
      } else if (typeof part.value === 'string') {
        if (part.valueTruncated) throw badBody(part.fieldname.slice(0, 50), 'too_big_string');
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw badBody('body', 'too_big_array');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw badBody('body', 'imports.rules.notMultipart');
    req.log.debug({ err: e }, 'malformed multipart body');
    throw badBody('body', 'invalid');
  }
  const parsed = importFormSchema.safeParse(fields);
  if (!parsed.success)
    throw PlatformErrors.MALFORMED({ fields: parsed.error.issues.flatMap((i) => fromZodIssue(i as Parameters<typeof fromZodIssue>[0])) });
  if (!upload || upload.bytes.length === 0)
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'file', code: 'imports.rules.fileRequired' }] });
  return { upload, form: parsed.data };
}

/** The client's file name without folders or control characters. */
function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return clean || 'import.csv';
}

/** RFC 6266/5987: an ASCII fallback and the exact UTF-8 name. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const form =
  'multipart: `file` (CSV or XLSX), `entity` (companies|contacts), optional `preset` (amocrm|bitrix24|hubspot|pipedrive), `mapping` (JSON column -> field), `dryRun`, `duplicates` (skip|update|create), `encoding`, `delimiter`, `sheet`, `unmappedToNotes`';

/** Imports of records from files: preview, run as a job, progress, rejected rows, cancel, undo. */
export function importsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    await app.register(multipart);
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['imports'];

    r.post(
      '/imports/preview',
      {
        schema: {
          tags,
          summary: `How a file reads (format, encoding, delimiter, first rows) and the mapping proposed for it: ${form}`,
          consumes: ['multipart/form-data'],
          response: { 200: importPreviewSchema },
        },
      },
      async (req) => {
        const user = requireUser(req);
        const { upload, form: f } = await readUpload(req);
        return service.previewImport(db, user, upload, f, req.lang);
      },
    );
    r.post(
      '/imports',
      {
        schema: {
          tags,
          summary: `Import a file as a background job (a dry run stores nothing but its report): ${form}`,
          consumes: ['multipart/form-data'],
          response: { 202: importCreatedSchema },
        },
      },
      async (req, reply) => {
        const user = requireUser(req);
        const { upload, form: f } = await readUpload(req);
        return reply.status(202).send(await service.createImport(db, user, upload, f));
      },
    );
    r.get('/imports', { schema: { tags, summary: "The caller's latest imports", response: { 200: importListSchema } } }, async (req) =>
      service.listImports(db, requireUser(req), req.lang),
    );
    r.get(
      '/imports/:id',
      {
        schema: {
          tags,
          summary: 'Progress and result of an import, with the first page of its problems',
          params: idParams,
          response: { 200: importSchema },
        },
      },
      async (req) => service.getImport(db, requireUser(req), req.params.id, req.lang),
    );
    r.get(
      '/imports/:id/rejected',
      {
        schema: {
          tags,
          summary: 'Every rejected row as in the file, with its row number and problems (CSV or XLSX)',
          params: idParams,
          querystring: rejectedQuery,
        },
      },
      async (req, reply) => {
        const file = await service.rejectedFile(db, requireUser(req), req.params.id, req.query.format, req.lang);
        return reply
          .header('content-type', file.mimeType)
          .header('content-disposition', contentDisposition(file.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(file.bytes);
      },
    );
    r.post(
      '/imports/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Stop an import after its current batch (committed batches stay; undo removes them)',
          params: idParams,
          response: { 200: importSchema },
        },
      },
      async (req) => service.cancelImport(db, requireUser(req), req.params.id, req.lang),
    );
    r.post(
      '/imports/:id/undo',
      {
        schema: {
          tags,
          summary: 'Remove what an import created and revert what it updated, except records changed since (a job)',
          params: idParams,
          response: { 200: importSchema },
        },
      },
      async (req) => service.undoImport(db, requireUser(req), req.params.id, req.lang),
    );
  };
}
