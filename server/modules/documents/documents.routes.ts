import type { RuleCode } from '../../../contracts/i18n/index.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  contentQuery,
  documentListResponse,
  documentSchema,
  linkBody,
  listDocumentsQuery,
  type LinkBody,
} from '../../../contracts/documents.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { contentDisposition } from '../../platform/http.js';
import { AppError, PlatformErrors, fromZodIssue, type FieldIssue } from '../../platform/errors.js';
import { DocumentErrors, DocumentFieldCodes } from './documents.errors.js';
import * as service from './documents.service.js';
import { storageFor } from './documents.storage.js';

const idParams = z.object({ id: z.uuid() });
const linkParams = z.object({ id: z.uuid(), entity: z.string().min(1).max(50), entityId: z.uuid() });

export type DocumentSettings = { storage: 'database' | 'filesystem'; dir: string; maxBytes: number };

const tooLarge = (max: number) =>
  DocumentErrors.DOCUMENT_TOO_LARGE({
    fields: [{ path: 'file', code: DocumentFieldCodes.tooLarge, params: { max } }],
    params: {
      max,
    },
  });
const badBody = (path: string, code: RuleCode): AppError => PlatformErrors.MALFORMED({ fields: [{ path, code }] });

/**
 * Reads a multipart upload: one `file` part (buffered up to the limit) and short text fields.
 * Every way a multipart body can be wrong answers 4xx naming the part, never a 500.
 */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ fields: Record<string, string>; file: service.Upload }> {
  // A body announced far past the limit is refused before a byte of it is read.
  const announced = Number(req.headers['content-length'] ?? 0);
  if (announced > maxBytes + 1024 * 1024) throw tooLarge(maxBytes);
  if (!req.isMultipart()) throw badBody('body', DocumentFieldCodes.notMultipart);
  const fields: Record<string, string> = {};
  let file: service.Upload | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 2000, parts: 10 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname !== 'file') continue;
        file = { name: service.cleanName(part.filename), bytes };
      } else if (typeof part.value === 'string') {
        if (part.valueTruncated) throw badBody(part.fieldname, 'too_big_string');
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT') throw badBody('file', 'too_big_array');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw badBody('body', 'too_big_array');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw badBody('body', DocumentFieldCodes.notMultipart);
    // A truncated or malformed body (busboy's refusals, a boundary that never closes).
    req.log.debug({ err: e }, 'malformed multipart body');
    throw badBody('body', 'invalid');
  }
  if (!file) throw PlatformErrors.VALIDATION({ fields: [{ path: 'file', code: DocumentFieldCodes.fileRequired }] });
  return { fields, file };
}

function targetOf(fields: Record<string, string>): LinkBody {
  const parsed = linkBody.safeParse({ entity: fields.entity, entityId: fields.entityId });
  if (parsed.success) return parsed.data;
  const issues: FieldIssue[] = parsed.error.issues.flatMap((i) => fromZodIssue(i));
  throw PlatformErrors.MALFORMED({ fields: issues });
}

const multipartNote = 'multipart/form-data: `file` (the bytes; the type is sniffed from them)';

/** Documents attached to records: upload, list per record, download, versions, links, trash. */
export function documentsRoutes(db: Db, settings: DocumentSettings) {
  const storage = storageFor(settings);
  return async (app: FastifyInstance) => {
    await app.register(multipart);
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/documents',
      {
        schema: {
          tags: ['documents'],
          summary: `Upload a document attached to a record; ${multipartNote}, \`entity\`, \`entityId\``,
          consumes: ['multipart/form-data'],
          response: { 201: documentSchema },
        },
      },
      async (req, reply) => {
        const user = requireUser(req);
        const { fields, file } = await readUpload(req, settings.maxBytes);
        const doc = await service.createDocument(db, storage, user, targetOf(fields), file);
        return reply.status(201).send(doc);
      },
    );

    r.get(
      '/documents',
      {
        schema: {
          tags: ['documents'],
          summary: 'Documents of one record (keyset cursor); `deleted=true` lists its trash',
          querystring: listDocumentsQuery,
          response: { 200: documentListResponse },
        },
      },
      async (req) => service.listDocuments(db, requireUser(req), req.query),
    );

    r.get(
      '/documents/:id',
      {
        schema: {
          tags: ['documents'],
          summary: 'One document with its versions and links',
          params: idParams,
          response: { 200: documentSchema },
        },
      },
      async (req) => service.getDocument(db, requireUser(req), req.params.id),
    );

    r.get(
      '/documents/:id/content',
      {
        schema: {
          tags: ['documents'],
          summary: 'Download the current version, or `?version=N`',
          params: idParams,
          querystring: contentQuery,
        },
      },
      async (req, reply) => {
        const c = await service.documentContent(db, storage, requireUser(req), req.params.id, req.query.version);
        return reply
          .header('content-type', c.mimeType)
          .header('content-disposition', contentDisposition(c.name))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-cache')
          .header('etag', `"${c.sha256}"`)
          .send(c.bytes);
      },
    );

    r.post(
      '/documents/:id/versions',
      {
        schema: {
          tags: ['documents'],
          summary: `Upload a new version; ${multipartNote}`,
          params: idParams,
          consumes: ['multipart/form-data'],
          response: { 201: documentSchema },
        },
      },
      async (req, reply) => {
        const user = requireUser(req);
        const { file } = await readUpload(req, settings.maxBytes);
        return reply.status(201).send(await service.addVersion(db, storage, user, req.params.id, file));
      },
    );

    r.post(
      '/documents/:id/links',
      {
        schema: {
          tags: ['documents'],
          summary: 'Attach the document to one more record',
          params: idParams,
          body: linkBody,
          response: { 200: documentSchema },
        },
      },
      async (req) => service.linkDocument(db, requireUser(req), req.params.id, req.body),
    );

    r.delete(
      '/documents/:id/links/:entity/:entityId',
      {
        schema: {
          tags: ['documents'],
          summary: 'Detach the document from a record',
          params: linkParams,
          response: { 200: documentSchema },
        },
      },
      async (req) =>
        service.unlinkDocument(db, requireUser(req), req.params.id, { entity: req.params.entity, entityId: req.params.entityId }),
    );

    r.delete(
      '/documents/:id',
      { schema: { tags: ['documents'], summary: 'Move a document to the trash (restorable)', params: idParams } },
      async (req, reply) => {
        await service.deleteDocument(db, requireUser(req), req.params.id);
        return reply.status(204).send();
      },
    );

    r.post(
      '/documents/:id/restore',
      {
        schema: { tags: ['documents'], summary: 'Restore a document from the trash', params: idParams, response: { 200: documentSchema } },
      },
      async (req) => service.restoreDocument(db, requireUser(req), req.params.id),
    );
  };
}
