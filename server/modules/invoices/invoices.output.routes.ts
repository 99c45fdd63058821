import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invoiceFileQuery, invoiceMailingListSchema, invoiceMailingSchema, sendInvoiceBody } from '../../../contracts/invoices.js';
import { requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { contentDisposition } from '../../platform/http.js';
import { invoiceFile, type InvoiceFile } from './invoices.document.js';
import { listMailings, sendInvoice, type MailingSettings } from './invoices.mailing.js';

const idParams = z.object({ id: z.uuid() });

function sendFile(reply: FastifyReply, file: InvoiceFile, download: boolean) {
  const pdfInline = file.mimeType === 'application/pdf' && !download;
  return (
    reply
      .header('content-type', file.mimeType)
      .header('content-disposition', contentDisposition(file.fileName, pdfInline ? 'inline' : 'attachment'))
      .header('x-content-type-options', 'nosniff')
      // The web page previews the PDF in a frame of its own origin, and Chrome's viewer shows
      // nothing under a sandbox policy: the inline PDF (our own rendering, never an upload) only
      // opens framing to the same origin; everything else stays sandboxed and unframeable.
      .header('content-security-policy', pdfInline ? "frame-ancestors 'self'" : "default-src 'none'; sandbox")
      .header('x-frame-options', pdfInline ? 'SAMEORIGIN' : 'DENY')
      .header('cache-control', 'private, no-store')
      .send(file.bytes)
  );
}

/** An invoice as a file (PDF, DOCX) and sent by e-mail, with the record of its sendings. */
export function invoiceOutputRoutes(db: Db, settings: MailingSettings) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['invoices'];

    r.get(
      '/invoices/:id/pdf',
      {
        schema: {
          tags,
          summary:
            'The invoice as a PDF: счёт на оплату (Russia), фактура or кредитно известие (Bulgaria) unless `template` says otherwise (ru-upd: УПД); inline unless `download=true`',
          params: idParams,
          querystring: invoiceFileQuery,
        },
      },
      async (req, reply) => {
        const file = await invoiceFile(db, requireUser(req), req.params.id, 'pdf', req.query, settings.templates);
        return sendFile(reply, file, req.query.download ?? false);
      },
    );

    r.get(
      '/invoices/:id/docx',
      {
        schema: { tags, summary: 'The invoice as a DOCX (same templates as the PDF)', params: idParams, querystring: invoiceFileQuery },
      },
      async (req, reply) =>
        sendFile(reply, await invoiceFile(db, requireUser(req), req.params.id, 'docx', req.query, settings.templates), true),
    );

    r.post(
      '/invoices/:id/send',
      {
        schema: {
          tags,
          summary:
            'Send an issued invoice by e-mail with its PDF attached (queued; retried on failure). 503 MAIL_NOT_CONFIGURED without ORBITA_SMTP_URL',
          params: idParams,
          body: sendInvoiceBody,
          response: { 202: invoiceMailingSchema },
        },
      },
      async (req, reply) => reply.status(202).send(await sendInvoice(db, requireUser(req), req.params.id, req.body, settings)),
    );

    r.get(
      '/invoices/:id/mailings',
      {
        schema: {
          tags,
          summary: 'The sendings of an invoice by e-mail: to whom, when, and whether sent or failed',
          params: idParams,
          response: { 200: invoiceMailingListSchema },
        },
      },
      async (req) => listMailings(db, requireUser(req), req.params.id),
    );
  };
}
