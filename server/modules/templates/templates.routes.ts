import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RuleCode } from '../../../contracts/i18n/index.js';
import {
  documentModelSchema,
  placeholderListSchema,
  previewBody,
  templateListSchema,
  templateSchema,
} from '../../../contracts/templates.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { contentDisposition } from '../../platform/http.js';
import { AppError, PlatformErrors } from '../../platform/errors.js';
import { TemplateErrors } from './templates.errors.js';
import { placeholderList } from './templates.placeholders.js';
import * as service from './templates.service.js';

const idParams = z.object({ id: z.uuid() });

const badBody = (path: string, code: RuleCode) => PlatformErrors.MALFORMED({ fields: [{ path, code }] });
const tooLarge = (max: number) =>
  TemplateErrors.TEMPLATE_TOO_LARGE({ fields: [{ path: 'file', code: 'templates.rules.tooLarge', params: { max } }], params: { max } });

/** One `file` part (the .docx) and the optional `name` and `language` fields; every malformed body is a 4xx. */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<service.TemplateUpload> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
  if (!req.isMultipart()) throw badBody('body', 'templates.rules.notMultipart');
  const fields: Record<string, string> = {};
  let file: { fileName: string; bytes: Buffer } | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 4, fieldSize: 1000, parts: 6 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file') file = { fileName: cleanName(part.filename), bytes };
      } else if (typeof part.value === 'string') {
        if (part.valueTruncated) throw badBody(part.fieldname, 'too_big_string');
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw badBody('body', 'too_big_array');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw badBody('body', 'templates.rules.notMultipart');
    req.log.debug({ err: e }, 'malformed multipart body');
    throw badBody('body', 'invalid');
  }
  if (!file || file.bytes.length === 0)
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'file', code: 'templates.rules.fileRequired' }] });
  return { ...file, name: fields.name, language: fields.language };
}

/** The client's file name without folders or control characters. */
function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return clean || 'template.docx';
}

function sendFile(reply: FastifyReply, file: service.RenderedFile) {
  return reply
    .header('content-type', file.mimeType)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}

/** Document templates: the built-ins, the company's own DOCX ones, their placeholders, and a preview from a real record. */
export function templatesRoutes(db: Db, settings: service.TemplateSettings) {
  return async (app: FastifyInstance) => {
    await app.register(multipart);
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['templates'];

    r.get(
      '/templates',
      {
        schema: {
          tags,
          summary: 'Built-in and uploaded templates, with the formats each can be made in (`pdfFromDocx`: LibreOffice is installed)',
          response: { 200: templateListSchema },
        },
      },
      async (req) => service.listTemplates(db, requireUser(req), settings, req.lang),
    );
    r.get(
      '/templates/placeholders',
      { schema: { tags, summary: 'The placeholders an uploaded DOCX template may use', response: { 200: placeholderListSchema } } },
      async (req) => {
        requireUser(req);
        return { items: placeholderList(req.lang) };
      },
    );
    r.post(
      '/templates',
      {
        schema: {
          tags,
          summary:
            'Upload a DOCX template (admin, finance): multipart `file`, optional `name` and `language` (ru, bg, en); every placeholder is checked',
          consumes: ['multipart/form-data'],
          response: { 201: templateSchema },
        },
      },
      async (req, reply) => {
        const user = requireUser(req);
        const upload = await readUpload(req, settings.maxBytes);
        return reply.status(201).send(await service.uploadTemplate(db, user, upload, settings));
      },
    );
    r.get(
      '/templates/:id/content',
      { schema: { tags, summary: 'Download an uploaded template as it was stored', params: idParams } },
      async (req, reply) => {
        const c = await service.templateContent(db, requireUser(req), req.params.id);
        return sendFile(reply, { bytes: c.bytes, mimeType: service.mimeOf.docx, fileName: c.fileName });
      },
    );
    r.delete(
      '/templates/:id',
      { schema: { tags, summary: 'Delete an uploaded template (admin, finance)', params: idParams } },
      async (req, reply) => {
        await service.deleteTemplate(db, requireUser(req), req.params.id, settings);
        return reply.status(204).send();
      },
    );
    r.post(
      '/templates/preview',
      {
        schema: {
          tags,
          summary:
            'Fill a template from a real record the caller may open (404 otherwise): the PDF or DOCX file, or `json`, the document model. PDF of an uploaded template needs LibreOffice (409 TEMPLATE_PDF_UNAVAILABLE without it)',
          body: previewBody,
          response: { 200: documentModelSchema },
        },
      },
      async (req, reply) => {
        const result = await service.preview(db, requireUser(req), req.body, settings);
        if ('bytes' in result) return sendFile(reply, result);
        return result;
      },
    );
  };
}
