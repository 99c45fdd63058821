// Sending an invoice by e-mail: the request checks the invoice, the addresses and the SMTP setup,
// renders the PDF and queues an `invoice.send` job in the same transaction (with the audit entry);
// the job sends through platform/mail.ts, retries what may pass later, and puts the outcome on
// the timelines of the invoice and its client (deal, contact).
import { translate } from '../../../contracts/i18n/index.js';
import { MAX_MAIL_RECIPIENTS, type Invoice, type InvoiceMailing, type SendInvoice } from '../../../contracts/invoices.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { enqueueJob, registerJobTask, registerRecurringTask, type JobContext } from '../../platform/jobs.js';
import { MailFailure, parseAddresses, sendMail, type MailSettings } from '../../platform/mail.js';
import { formatMoney, formatShortDate, type DocumentLanguage, type TemplateSettings } from '../templates/index.js';
import { documentKindOf, invoiceFileOf } from './invoices.document.js';
import { InvoiceErrors, InvoiceRules } from './invoices.errors.js';
import { getInvoice } from './invoices.read.js';
import { invoiceTargets, addEvents } from './invoices.timeline.js';
import type { InvoiceMailingsTable, MailingStatus } from './invoices.table.js';
import { sql, type Selectable } from 'kysely';

declare module '../../platform/jobs.js' {
  interface JobTasks {
    'invoice.send': { mailingId: string };
  }
}

/** Attempts of one sending before it counts as failed: about a minute and a half of backoff (e^1 … e^4 s). */
export const MAIL_ATTEMPTS = 5;

type MailingRow = Selectable<InvoiceMailingsTable>;

function toMailing(r: Omit<MailingRow, 'attachment'>, senderName: string | null): InvoiceMailing {
  return {
    id: r.id,
    invoiceId: r.invoice_id,
    to: r.recipients,
    subject: r.subject,
    message: r.message,
    fileName: r.file_name,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    sentBy: senderName === null ? null : { id: r.sent_by, name: senderName },
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
  };
}

/** The addresses of `to`, or 400 naming each entry that is not one (`to`, or `to[i]` in a list). */
function recipientsOf(to: SendInvoice['to']): string[] {
  const { ok, bad } = parseAddresses(to);
  const fields: FieldIssue[] = bad.map((b) => ({
    path: Array.isArray(to) && to.length > 1 ? `to[${b.index}]` : 'to',
    code: InvoiceRules.badAddress,
    params: { address: b.text },
  }));
  if (!fields.length && !ok.length) fields.push({ path: 'to', code: 'required' });
  if (!fields.length && ok.length > MAX_MAIL_RECIPIENTS)
    fields.push({ path: 'to', code: InvoiceRules.tooManyRecipients, params: { max: MAX_MAIL_RECIPIENTS } });
  if (fields.length) throw PlatformErrors.MALFORMED({ fields });
  return ok;
}

/** The subject and the covering note a sending gets when the caller writes none, in the document's language. */
export function defaultLetter(inv: Invoice, template: string, lang: DocumentLanguage, sender: { name: string }) {
  // A sentence ending in an abbreviation («руб.») must not get a second period.
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, `invoiceOutput.${key}`, params).replace(/\.\.(?!\.)/g, '.');
  const kind = documentKindOf(inv, template);
  const number = inv.number ?? '';
  const date = formatShortDate(inv.issueDate, lang);
  const title = t(`file.${kind}`);
  const total = `${formatMoney(inv.total.replace(/^-/, ''), lang)} ${translate(lang, `templates.doc.currency.${inv.currency}`)}`;
  const lines = [t('mail.greeting'), '', t('mail.body', { title: t(`mail.doc.${kind}`), number, date, total })];
  if (inv.kind === 'credit_note' && inv.correctsInvoice?.number)
    lines.push(t('mail.corrects', { number: inv.correctsInvoice.number, date: formatShortDate(inv.correctsInvoice.issueDate, lang) }));
  else if (inv.kind === 'invoice') lines.push(t('mail.due', { date: formatShortDate(inv.dueDate, lang) }));
  lines.push('', t('mail.regards'), sender.name, inv.seller.name ?? '');
  return { subject: t('mail.subject', { title, number, date }), message: lines.join('\n').trim() };
}

export type MailingSettings = { mail: MailSettings; templates: TemplateSettings };

/**
 * POST /invoices/:id/send: queues the sending of an issued invoice the caller may change, with its
 * PDF attached (404 for one they cannot see, 503 MAIL_NOT_CONFIGURED without ORBITA_SMTP_URL).
 */
export async function sendInvoice(
  db: Db,
  user: AuthUser,
  id: string,
  body: SendInvoice,
  settings: MailingSettings,
): Promise<InvoiceMailing> {
  const inv = await getInvoice(db, user, id);
  if (!settings.mail.url) throw InvoiceErrors.MAIL_NOT_CONFIGURED({ params: { setting: 'ORBITA_SMTP_URL' } });
  if (!inv.canEdit) throw PlatformErrors.RECORD_READ_ONLY();
  const recipients = recipientsOf(body.to);
  if (inv.status === 'draft' || inv.status === 'cancelled') throw InvoiceErrors.INVOICE_NOT_SENDABLE();
  const file = await invoiceFileOf(db, user, inv, 'pdf', { template: body.template, language: body.language }, settings.templates);
  const letter = defaultLetter(inv, file.template, file.language, user);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('invoice_mailings')
      .values({
        workspace_id: user.workspaceId,
        invoice_id: id,
        sent_by: user.id,
        recipients,
        subject: body.subject || letter.subject,
        message: body.message || letter.message,
        file_name: file.fileName,
        attachment: file.bytes,
      })
      .returning(['id', 'workspace_id', 'invoice_id', 'sent_by', 'recipients', 'subject', 'message', 'file_name', 'status', 'attempts'])
      .returning(['last_error', 'message_id', 'job_id', 'created_at', 'last_attempt_at', 'sent_at'])
      .executeTakeFirstOrThrow();
    const jobId = await enqueueJob(
      trx,
      'invoice.send',
      { workspaceId: user.workspaceId, mailingId: row.id },
      { maxAttempts: MAIL_ATTEMPTS },
    );
    await trx.updateTable('invoice_mailings').set({ job_id: jobId }).where('id', '=', row.id).execute();
    const mailing = toMailing({ ...row, job_id: jobId }, user.name);
    await recordAudit(trx, user, {
      entity: 'invoice',
      entityId: id,
      action: 'send',
      after: { mailingId: mailing.id, to: mailing.to, subject: mailing.subject, fileName: mailing.fileName },
    });
    return mailing;
  });
}

/** GET /invoices/:id/mailings: every sending of an invoice the caller may see, newest first. */
export async function listMailings(db: Db, user: AuthUser, id: string): Promise<{ items: InvoiceMailing[] }> {
  await getInvoice(db, user, id);
  const rows = await db
    .selectFrom('invoice_mailings as m')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'm.sent_by').onRef('u.workspace_id', '=', 'm.workspace_id'))
    .select(['m.id', 'm.workspace_id', 'm.invoice_id', 'm.sent_by', 'm.recipients', 'm.subject', 'm.message', 'm.file_name', 'm.status'])
    .select([
      'm.attempts',
      'm.last_error',
      'm.message_id',
      'm.job_id',
      'm.created_at',
      'm.last_attempt_at',
      'm.sent_at',
      'u.name as sender_name',
    ])
    .where('m.workspace_id', '=', user.workspaceId)
    .where('m.invoice_id', '=', id)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(200)
    .execute();
  return { items: rows.map((r) => toMailing(r, r.sender_name)) };
}

/**
 * The job: one attempt at one sending. A refusal for good (a 5xx) fails it at once; anything else
 * (no connection, a timeout, a 4xx) throws, so graphile-worker tries again with backoff, until the
 * last attempt. Sent and failed both go on the timelines, as the person who sent it.
 */
export async function sendMailingJob(payload: { workspaceId: string; mailingId: string }, ctx: JobContext, settings: MailSettings) {
  const m = await ctx.db
    .selectFrom('invoice_mailings as m')
    .innerJoin('invoices as i', 'i.id', 'm.invoice_id')
    .select(['m.id', 'm.status', 'm.attempts', 'm.recipients', 'm.subject', 'm.message', 'm.file_name', 'm.attachment', 'm.sent_by'])
    .select(['i.id as invoice_id', 'i.company_id', 'i.deal_id', 'i.contact_id', 'i.seller', 'i.number'])
    .where('m.workspace_id', '=', payload.workspaceId)
    .where('m.id', '=', payload.mailingId)
    .executeTakeFirst();
  // Sent already (a retried job whose first run got through), given up, or gone: nothing to do.
  if (!m || m.status === 'sent' || m.status === 'failed') return;
  const sender = await ctx.db
    .selectFrom('users')
    .select(['name', 'email'])
    .where('id', '=', m.sent_by)
    .where('workspace_id', '=', payload.workspaceId)
    .executeTakeFirst();
  const attempts = m.attempts + 1;
  const at = new Date();
  const by = { id: m.sent_by, workspaceId: payload.workspaceId };
  const targets = invoiceTargets({ id: m.invoice_id, company_id: m.company_id, deal_id: m.deal_id, contact_id: m.contact_id });
  const facts = { mailingId: m.id, to: m.recipients, subject: m.subject, fileName: m.file_name, number: m.number };
  const finish = (status: MailingStatus, changes: { last_error?: string | null; message_id?: string; sent_at?: Date }) =>
    ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('invoice_mailings')
        .set({ status, attempts, last_attempt_at: at, ...changes })
        .where('id', '=', m.id)
        .execute();
      if (status === 'sent')
        await addEvents(trx, by, targets, { entity: 'invoice', id: m.invoice_id }, 'invoice_sent', m.recipients.join(', '), facts);
      if (status === 'failed')
        await addEvents(trx, by, targets, { entity: 'invoice', id: m.invoice_id }, 'invoice_send_failed', m.recipients.join(', '), {
          ...facts,
          error: changes.last_error,
        });
    });
  try {
    const result = await sendMail(settings, {
      fromName: m.seller?.name ?? sender?.name ?? 'Orbita',
      replyTo: sender ? { name: sender.name, address: sender.email } : undefined,
      to: m.recipients,
      subject: m.subject,
      text: m.message,
      attachments: [{ filename: m.file_name, content: m.attachment, contentType: 'application/pdf' }],
    });
    // Some recipients refused while others took it: sent, and the refused ones are named.
    await finish('sent', {
      message_id: result.messageId,
      sent_at: at,
      last_error: result.rejected.length ? `rejected: ${result.rejected.join(', ')}` : null,
    });
  } catch (e) {
    const failure = e instanceof MailFailure ? e : new MailFailure(String((e as Error)?.message ?? e).slice(0, 500), false);
    const final = failure.permanent || ctx.isLastAttempt;
    await finish(final ? 'failed' : 'retrying', { last_error: failure.message });
    if (!final) throw failure;
  }
}

/**
 * Drops the PDF bytes of sendings finished (sent or failed) more than `retentionDays` ago, in
 * batches: the sending stays in the invoice's history (to whom, when, how it went), and the
 * invoice's PDF can be rendered again; a copy of every one ever sent would only grow the database.
 * Returns how many were pruned.
 */
export async function pruneMailings(
  db: Db,
  retentionDays: number,
  opts: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const batch = opts.batchSize ?? 1000;
  const before = new Date(Date.now() - retentionDays * 86_400_000);
  let total = 0;
  for (;;) {
    const r = await sql`update invoice_mailings set attachment = ''::bytea where id in (
        select id from invoice_mailings
        where status in ('sent', 'failed') and coalesce(sent_at, last_attempt_at, created_at) < ${before} and octet_length(attachment) > 0
        limit ${batch})`.execute(db);
    const n = Number(r.numAffectedRows ?? 0);
    total += n;
    if (n < batch || opts.signal?.aborted) return total;
  }
}

/** Composition: the `invoice.send` job task, with the SMTP settings, and the daily pruning of sent PDFs. */
export function registerInvoiceMailing(settings: MailSettings, retentionDays: number): void {
  registerJobTask('invoice.send', (payload, ctx) => sendMailingJob(payload, ctx, settings));
  registerRecurringTask('invoices.prune-mailings', '53 3 * * *', async (ctx) => {
    const pruned = await pruneMailings(ctx.db, retentionDays, { signal: ctx.signal });
    if (pruned) ctx.log.info({ pruned }, 'pruned the PDFs of old invoice e-mails');
  });
}
