import querystring from 'node:querystring';
import { PassThrough, Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../../contracts/companies.js';
import {
  activityExportQuery,
  companyExportQuery,
  contactExportQuery,
  dealExportQuery,
  exportJobSchema,
} from '../../../contracts/exports.js';
import { requireUser, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { namesAmong } from '../../platform/registry.js';
import { formatVcard, getContact } from '../contacts/index.js';
import { DestinationClosed } from './exports.format.js';
import * as service from './exports.service.js';

/** RFC 6266/5987: an ASCII fallback and the exact UTF-8 name (Cyrillic names survive every browser). */
function contentDisposition(name: string, ascii: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii.replace(/[^\x20-\x7e]|["\\%]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

const fileHeaders = (reply: FastifyReply, type: string, name: string, ascii: string) =>
  reply
    .header('content-type', type)
    .header('content-disposition', contentDisposition(name, ascii))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store');

const describe = (entity: string) =>
  `Export the ${entity} list with its filters and sort (format, columns, CSV encoding and separator): the file streams, ` +
  `or, past ORBITA_EXPORT_STREAM_MAX_ROWS rows, 202 with a job to follow at /exports/:id`;

export function exportsRoutes(db: Db, settings: service.ExportSettings) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['exports'];

    /** Streams the file, or starts a job when the list is larger than a request should carry. */
    async function answer(req: FastifyRequest, reply: FastifyReply, user: AuthUser, p: service.ParsedExport) {
      const total = await service.countExport(db, user, p, settings.streamMaxRows + 1);
      if (total > settings.streamMaxRows) {
        // The query as the caller wrote it: the job parses it again with the same schema.
        const raw = querystring.parse(req.url.slice(req.url.indexOf('?') + 1)) as Record<string, unknown>;
        const job = await service.startExportJob(db, user, p, req.url.includes('?') ? raw : {}, settings, total);
        return reply.status(202).header('location', `/api/v1/exports/${job.id}`).send(job);
      }
      const names = service.fileNames(user, p.entity, p.q.format);
      const body = new PassThrough();
      service.writeExport(db, user, p, body).catch((e: unknown) => {
        if (!(e instanceof DestinationClosed)) req.log.error({ err: e }, 'export stream failed');
        body.destroy(e instanceof Error ? e : new Error(String(e)));
      });
      return fileHeaders(reply, service.contentType(p), names.local, names.ascii).send(body);
    }

    const schema = <Q>(entity: string, query: Q) => ({
      tags,
      summary: describe(entity),
      querystring: query,
      response: { 202: exportJobSchema },
    });

    r.get('/contacts/export', { schema: schema('contacts', contactExportQuery) }, async (req, reply) =>
      answer(req, reply, requireUser(req), { entity: 'contacts', q: req.query }),
    );
    r.get('/companies/export', { schema: schema('companies', companyExportQuery) }, async (req, reply) =>
      answer(req, reply, requireUser(req), { entity: 'companies', q: req.query }),
    );
    r.get('/deals/export', { schema: schema('deals', dealExportQuery) }, async (req, reply) =>
      answer(req, reply, requireUser(req), { entity: 'deals', q: req.query }),
    );
    r.get('/activities/export', { schema: schema('activities', activityExportQuery) }, async (req, reply) =>
      answer(req, reply, requireUser(req), { entity: 'activities', q: req.query }),
    );

    r.get(
      '/exports/:id',
      {
        schema: {
          tags,
          summary: 'A large export of the caller: status, progress, and the download link once done',
          params: idParams,
          response: { 200: exportJobSchema },
        },
      },
      async (req) => service.getExportJob(db, requireUser(req), req.params.id),
    );

    r.get(
      '/exports/:id/file',
      {
        schema: {
          tags,
          summary: 'The finished file of a large export of the caller (kept for ORBITA_EXPORT_RETENTION_HOURS)',
          params: idParams,
        },
      },
      async (req, reply) => {
        const f = await service.exportFile(db, requireUser(req), req.params.id);
        if (f.size !== null) reply.header('content-length', f.size);
        return fileHeaders(reply, f.contentType, f.fileName, f.fileName).send(Readable.from(f.chunks));
      },
    );

    r.get(
      '/contacts/:id/vcard',
      {
        schema: {
          tags,
          summary: 'One contact as a vCard 3.0 (UTF-8): phones, e-mails, company, position, birthday, addresses',
          params: idParams,
        },
      },
      async (req, reply) => {
        const user = requireUser(req);
        const c = await getContact(db, user, req.params.id);
        const company = c.companyId ? ((await namesAmong(db, user, 'company', [c.companyId])).get(c.companyId) ?? null) : null;
        const card = formatVcard({ ...c, companyName: company });
        const ascii =
          c.fullName
            .normalize('NFKD')
            .replace(/[^\x20-\x7e]/g, '')
            .trim() || 'contact';
        return fileHeaders(reply, 'text/vcard; charset=utf-8', `${c.fullName}.vcf`, `${ascii}.vcf`).send(card);
      },
    );
  };
}
