import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RuleCode } from '../../../contracts/i18n/index.js';
import {
  createClientBody,
  ignoreDocumentBody,
  listStatementDocumentsQuery,
  listStatementsQuery,
  matchDocumentBody,
  queueQuery,
  STATEMENT_MAX_BYTES,
  statementDocumentDetailSchema,
  statementDocumentListSchema,
  statementImportSchema,
  statementListSchema,
  statementPreviewSchema,
  statementSchema,
  uploadStatementQuery,
} from '../../../contracts/bank-statements.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { AppError, PlatformErrors } from '../../platform/errors.js';
import { handleDuplicates } from '../companies/index.js';
import { StatementErrors, StatementRules } from './bank-statements.errors.js';
import { importStatement, type Upload } from './bank-statements.import.js';
import * as queue from './bank-statements.queue.js';
import { assertBooks } from './bank-statements.view.js';

const idParams = z.object({ id: z.uuid() });
const badBody = (path: string, code: RuleCode) => PlatformErrors.MALFORMED({ fields: [{ path, code }] });
const tooLarge = () =>
  StatementErrors.STATEMENT_TOO_LARGE({
    params: { max: STATEMENT_MAX_BYTES },
    fields: [{ path: 'file', code: 'too_big_string', params: { maximum: STATEMENT_MAX_BYTES } }],
  });

/** `hold`: document positions (1-based, comma-separated) the reviewer leaves in the queue. */
function holdOf(value: string | undefined): Set<number> {
  if (value === undefined || value.trim() === '') return new Set();
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length > 100_000 || parts.some((p) => !/^\d{1,6}$/.test(p) || Number(p) < 1))
    throw badBody('hold', StatementRules.holdPosition);
  return new Set(parts.map(Number));
}

/** Reads the multipart upload: the `file` part (up to the limit) and the optional `hold` field; 4xx for any bad body. */
async function readUpload(req: FastifyRequest): Promise<{ file: Upload; hold: Set<number> }> {
  if (Number(req.headers['content-length'] ?? 0) > STATEMENT_MAX_BYTES + 1024 * 1024) throw tooLarge();
  if (!req.isMultipart()) throw badBody('body', StatementRules.notMultipart);
  let file: Upload | undefined;
  let hold = '';
  try {
    const limits = { fileSize: STATEMENT_MAX_BYTES, files: 1, fields: 4, fieldSize: 1024 * 1024, parts: 6 };
    for await (const part of req.parts({ limits })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file') file = { name: part.filename?.slice(0, 255).replace(/[\u0000-\u001f]/g, '') || null, bytes };
      } else if (part.fieldname === 'hold' && typeof part.value === 'string') {
        if (part.valueTruncated) throw badBody('hold', 'too_big_string');
        hold = part.value;
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT') throw badBody('file', 'too_big_array');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw badBody('body', 'too_big_array');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw badBody('body', StatementRules.notMultipart);
    req.log.debug({ err: e }, 'malformed multipart body');
    throw badBody('body', 'invalid');
  }
  if (!file) throw PlatformErrors.VALIDATION({ fields: [{ path: 'file', code: StatementRules.fileRequired }] });
  return { file, hold: holdOf(hold) };
}

/** Bank statements: import (with a dry run for the review), history, and the queue of unmatched payments. */
export function bankStatementsRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    await app.register(multipart);
    // A client created from a document may already exist: 409 with the duplicates, as for companies.
    handleDuplicates(app);
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['bank-statements'];

    r.post(
      '/bank-statements',
      {
        schema: {
          tags,
          summary:
            'Import a 1CClientBankExchange statement (finance, director, admin): multipart `file`, optional `hold` (positions to leave in the queue). ' +
            'Incoming payments matched to issued invoices become payments with it; `dryRun=true` answers what would happen and stores nothing',
          consumes: ['multipart/form-data'],
          querystring: uploadStatementQuery,
          response: { 200: statementPreviewSchema, 201: statementImportSchema },
        },
      },
      async (req, reply) => {
        const user = requireUser(req);
        // The role first, so a manager is told 403 without the file being read.
        assertBooks(user);
        const { file, hold } = await readUpload(req);
        const dryRun = req.query.dryRun === true;
        const result = await importStatement(db, user, file, { dryRun, hold });
        return reply.status(dryRun ? 200 : 201).send(result);
      },
    );

    r.get(
      '/bank-statements',
      {
        schema: {
          tags,
          summary: 'Imported statements, newest first',
          querystring: listStatementsQuery,
          response: { 200: statementListSchema },
        },
      },
      async (req) => queue.listStatements(db, requireUser(req), req.query),
    );

    r.get(
      '/bank-statements/:id',
      {
        schema: { tags, summary: 'One imported statement: header, balances, counts', params: idParams, response: { 200: statementSchema } },
      },
      async (req) => queue.getStatement(db, requireUser(req), req.params.id),
    );

    r.get(
      '/bank-statements/:id/documents',
      {
        schema: {
          tags,
          summary: 'The statement’s documents in file order with their match state (a page; `state` filters)',
          params: idParams,
          querystring: listStatementDocumentsQuery,
          response: { 200: statementDocumentListSchema },
        },
      },
      async (req) => queue.statementDocuments(db, requireUser(req), req.params.id, req.query),
    );

    r.get(
      '/statement-documents',
      {
        schema: {
          tags,
          summary: 'The queue: incoming documents of every statement in one state (unmatched by default), oldest first',
          querystring: queueQuery,
          response: { 200: statementDocumentListSchema },
        },
      },
      async (req) => queue.listQueue(db, requireUser(req), req.query),
    );

    r.get(
      '/statement-documents/:id',
      {
        schema: {
          tags,
          summary: 'One statement document; one still to settle lists the open invoices it may pay',
          params: idParams,
          response: { 200: statementDocumentDetailSchema },
        },
      },
      async (req) => queue.getDocument(db, requireUser(req), req.params.id),
    );

    r.post(
      '/statement-documents/:id/match',
      {
        schema: {
          tags,
          summary: 'Book a queued payment by hand: allocations to the client’s invoices, the rest its advance (audited)',
          params: idParams,
          body: matchDocumentBody,
          response: { 200: statementDocumentDetailSchema },
        },
      },
      async (req) => queue.matchDocument(db, requireUser(req), req.params.id, req.body),
    );

    r.post(
      '/statement-documents/:id/create-client',
      {
        schema: {
          tags,
          summary: 'Create the client a queued payment came from (INN, KPP, account from the document) and book the payment as its advance',
          params: idParams,
          body: createClientBody,
          response: { 200: statementDocumentDetailSchema },
        },
      },
      async (req) => queue.createClientFromDocument(db, requireUser(req), req.params.id, req.body ?? {}, req.lang),
    );

    r.post(
      '/statement-documents/:id/ignore',
      {
        schema: {
          tags,
          summary: 'Leave a queued payment aside with the reason (a refund, a transfer between our accounts)',
          params: idParams,
          body: ignoreDocumentBody,
          response: { 200: statementDocumentDetailSchema },
        },
      },
      async (req) => queue.ignoreDocument(db, requireUser(req), req.params.id, req.body.reason),
    );
  };
}
