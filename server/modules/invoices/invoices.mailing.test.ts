// Sending invoices by e-mail to a real SMTP server (smtp-server on a random port): the message,
// its recipients and its PDF as received, the job's retries and failures, the timelines and the
// audit trail, and the refusals of bad input.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../platform/jobs.js';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { pdfText } from '../../test/pdf-text.js';
import { until } from '../../test/receiver.js';
import { startSmtp, type SmtpReceiver } from '../../test/smtp.js';
import { company, draft, draftBody, eood, issued, legalEntity, line, ooo } from './invoices.fixtures.js';

let smtp: SmtpReceiver;
let ctx: TestContext;
let jobs: JobRunner;
let manager: Caller;
let other: Caller;
let finance: Caller;
let client: string;
let ru: string;
let bg: string;

beforeAll(async () => {
  smtp = await startSmtp();
  ctx = await createTestContext({ env: { ORBITA_SMTP_URL: smtp.url, ORBITA_SMTP_FROM: 'billing@orbita.test' } });
  jobs = await ctx.startJobs();
  finance = await ctx.userWith('finance');
  manager = await ctx.userWith('manager', { name: 'Анна Смирнова' });
  other = await ctx.userWith('manager');
  client = await company(manager, 'ООО «Ромашка»', { inn: '7736207543' });
  ru = await legalEntity(finance, ooo);
  bg = await legalEntity(finance, eood);
});
afterAll(async () => {
  await jobs?.stop();
  await ctx?.close();
  await smtp?.close();
});

type Mailing = { id: string; status: string; attempts: number; lastError: string | null; to: string[]; subject: string };

/** Polls the invoice's sendings until `id` reaches one of `statuses` (bounded). */
async function settled(who: Caller, invoiceId: string, id: string, statuses: string[]): Promise<Mailing> {
  const until = Date.now() + 60_000;
  for (;;) {
    const m = (await who.get(`/api/v1/invoices/${invoiceId}/mailings`)).json().items.find((x: Mailing) => x.id === id) as Mailing;
    if (statuses.includes(m.status)) return m;
    if (Date.now() > until) throw new Error(`mailing ${id} still ${m.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const flat = (s: string) => s.replace(/\s+/gu, ' ').trim();

describe('POST /invoices/:id/send', () => {
  it('sends the PDF to every recipient, with the default letter in the invoice language, and records it', async () => {
    const inv = await issued(manager, draftBody(ru, client, { lines: [line({ price: '1000.00' })] }));
    const before = smtp.received.length;
    const res = await manager.post(`/api/v1/invoices/${inv.id}/send`, {
      to: 'Бухгалтерия <Buh@Romashka.example>; director@romashka.example',
    });
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json();
    expect(queued).toMatchObject({
      invoiceId: inv.id,
      to: ['buh@romashka.example', 'director@romashka.example'],
      subject: `Счёт на оплату № ${inv.number} от 02.11.2026`,
      fileName: `Счёт на оплату № ${inv.number}.pdf`,
      status: 'queued',
      sentBy: { id: manager.user.id, name: 'Анна Смирнова' },
    });

    const [got] = (await smtp.waitFor(before + 1)).slice(before);
    expect(got.from).toBe('billing@orbita.test');
    expect(got.to.sort()).toEqual(['buh@romashka.example', 'director@romashka.example']);
    const mail = got.mail;
    expect(mail.subject).toBe(`Счёт на оплату № ${inv.number} от 02.11.2026`);
    expect(mail.from?.value[0]).toMatchObject({ name: 'ООО «Орбита»', address: 'billing@orbita.test' });
    expect(mail.replyTo?.value[0]).toMatchObject({ name: 'Анна Смирнова', address: manager.user.email });
    expect(flat(mail.text ?? '')).toBe(
      flat(`Здравствуйте!
        Направляем счёт на оплату № ${inv.number} от 02.11.2026 на сумму 1 220,00 руб.
        Срок оплаты — до 12.11.2026.
        С уважением, Анна Смирнова ООО «Орбита»`),
    );
    expect(mail.attachments).toHaveLength(1);
    const [pdf] = mail.attachments;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toBe(`Счёт на оплату № ${inv.number}.pdf`);
    const text = flat(pdfText(pdf.content));
    expect(text).toContain(`Счёт на оплату № ${inv.number} от 2 ноября 2026 г.`);
    expect(text).toContain('Одна тысяча двести двадцать рублей 00 копеек');

    const sent = await settled(manager, inv.id, queued.id, ['sent']);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    for (const url of [`/api/v1/invoices/${inv.id}/timeline`, `/api/v1/companies/${client}/timeline`]) {
      const items = (await manager.get(url)).json().items;
      expect(items, url).toContainEqual(
        expect.objectContaining({
          kind: 'invoice_sent',
          refEntity: 'invoice',
          refId: inv.id,
          body: 'buh@romashka.example, director@romashka.example',
        }),
      );
    }
    const audit = (await ctx.admin.get(`/api/v1/audit?entity=invoice&id=${inv.id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'send', userId: manager.user.id });
    expect(audit[0].after).toMatchObject({ mailingId: queued.id, to: ['buh@romashka.example', 'director@romashka.example'] });
  });

  it('a Bulgarian фактура goes with a Bulgarian letter; the caller’s own subject and text win', async () => {
    const bgClient = await company(manager, 'Клиент ООД', { country: 'BG', eik: '131272009' });
    const inv = await issued(manager, draftBody(bg, bgClient, { currency: 'EUR', lines: [line({ vatRate: '20' })] }));
    const before = smtp.received.length;
    const res = await manager.post(`/api/v1/invoices/${inv.id}/send`, { to: ['klient@example.bg'] });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().subject).toBe(`Фактура № ${inv.number} от 02.11.2026`);
    const own = await manager.post(`/api/v1/invoices/${inv.id}/send`, {
      to: 'klient@example.bg',
      subject: 'Фактура за ноември',
      message: 'Моля, потвърдете получаването.',
    });
    expect(own.statusCode, own.body).toBe(202);
    const mails = (await smtp.waitFor(before + 2)).slice(before).map((r) => r.mail);
    const byDefault = mails.find((m) => m.subject !== 'Фактура за ноември')!;
    expect(flat(byDefault.text ?? '')).toContain(`Изпращаме Ви фактура № ${inv.number} от 02.11.2026 на стойност 120,00 евро.`);
    expect(flat(byDefault.text ?? '')).toContain('Срок за плащане: до 12.11.2026.');
    expect(byDefault.attachments[0].filename).toBe(`Фактура № ${inv.number}.pdf`);
    const mine = mails.find((m) => m.subject === 'Фактура за ноември')!;
    expect(mine.text?.trim()).toBe('Моля, потвърдете получаването.');
    expect(flat(pdfText(mine.attachments[0].content))).toContain(`ФАКТУРА № ${inv.number}`);
  });

  it('retries what the server refuses for now, and shows it sent on the second attempt', async () => {
    const inv = await issued(manager, draftBody(ru, client));
    smtp.refuse('later@romashka.example', { temporary: true, times: 1 });
    const res = await manager.post(`/api/v1/invoices/${inv.id}/send`, { to: 'later@romashka.example' });
    expect(res.statusCode, res.body).toBe(202);
    const sent = await settled(manager, inv.id, res.json().id, ['sent', 'failed']);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(smtp.attempts.get('later@romashka.example')).toBe(2);
    expect(smtp.received.filter((r) => r.to.includes('later@romashka.example'))).toHaveLength(1);
  });

  it('gives up at once on a refusal for good, shows it failed with the server’s answer, on the timeline too', async () => {
    const inv = await issued(manager, draftBody(ru, client));
    smtp.refuse('nobody@romashka.example', {});
    const res = await manager.post(`/api/v1/invoices/${inv.id}/send`, { to: 'nobody@romashka.example' });
    expect(res.statusCode, res.body).toBe(202);
    const failed = await settled(manager, inv.id, res.json().id, ['sent', 'failed']);
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/550.*No such user here/);
    expect(smtp.attempts.get('nobody@romashka.example')).toBe(1);
    const timeline = (await manager.get(`/api/v1/invoices/${inv.id}/timeline`)).json().items;
    expect(timeline).toContainEqual(expect.objectContaining({ kind: 'invoice_send_failed', body: 'nobody@romashka.example' }));
  });

  it('refuses bad addresses naming each, too many recipients, a draft, a cancelled invoice and a caller who may not change it', async () => {
    const inv = await issued(manager, draftBody(ru, client));
    const send = (body: unknown, who = manager, lang = 'en') =>
      who.req({ method: 'POST', url: `/api/v1/invoices/${inv.id}/send`, payload: body as object, lang });

    const one = await send({ to: 'not an address' });
    expect(one.statusCode).toBe(400);
    expect(one.json().error.fields).toEqual([
      { path: 'to', code: 'invoiceOutput.rules.badAddress', message: 'Not an e-mail address: not an address' },
    ]);
    const list = await send({ to: ['ok@example.com', 'bad@', 'also@fine.example'] }, manager, 'ru');
    expect(list.statusCode).toBe(400);
    expect(list.json().error.fields).toEqual([
      { path: 'to[1]', code: 'invoiceOutput.rules.badAddress', message: 'Это не адрес электронной почты: bad@' },
    ]);
    const many = await send({ to: Array.from({ length: 21 }, (_, i) => `a${i}@example.com`).join(', ') }, manager, 'bg');
    expect(many.statusCode).toBe(400);
    expect(many.json().error.fields[0]).toMatchObject({
      path: 'to',
      code: 'invoiceOutput.rules.tooManyRecipients',
      message: 'Най-много 20 получатели',
    });
    const empty = await send({ to: ' , ; ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0].path).toBe('to');
    const header = await send({ to: 'a@example.com', subject: 'x\r\nBcc: all@example.com' });
    expect(header.statusCode).toBe(400);
    expect(header.json().error.fields[0].path).toBe('subject');

    const d = await draft(manager, draftBody(ru, client));
    const notIssued = await manager.post(`/api/v1/invoices/${d.id}/send`, { to: 'a@example.com' });
    expect(notIssued.statusCode).toBe(409);
    expect(notIssued.json().error.code).toBe('INVOICE_NOT_SENDABLE');
    const cancelled = await issued(manager, draftBody(ru, client));
    await manager.post(`/api/v1/invoices/${cancelled.id}/cancel`, { reason: 'Ошибка' });
    expect((await manager.post(`/api/v1/invoices/${cancelled.id}/send`, { to: 'a@example.com' })).json().error.code).toBe(
      'INVOICE_NOT_SENDABLE',
    );
    // An operator sees every record (to find any caller) but changes none: sending is a change.
    const operator = await ctx.userWith('operator');
    const readOnly = await operator.post(`/api/v1/invoices/${inv.id}/send`, { to: 'a@example.com' });
    expect(readOnly.statusCode, readOnly.body).toBe(403);
    expect(readOnly.json().error.code).toBe('RECORD_READ_ONLY');
    // Nothing was queued by any of these.
    expect((await manager.get(`/api/v1/invoices/${inv.id}/mailings`)).json().items).toEqual([]);
    expect((await other.get(`/api/v1/invoices/${inv.id}/mailings`)).statusCode).toBe(404);
  });
});

describe('keeping the PDFs of sendings', () => {
  it('the daily job drops the PDF of sendings finished longer ago than the retention, keeps the newer and the unfinished ones', async () => {
    const ids: { invoice: string; mailing: string }[] = [];
    for (const price of ['10.00', '20.00', '30.00']) {
      const inv = await issued(manager, draftBody(ru, client, { lines: [line({ price })] }));
      const res = await manager.post(`/api/v1/invoices/${inv.id}/send`, { to: 'buh@romashka.example' });
      expect(res.statusCode, res.body).toBe(202);
      await settled(manager, inv.id, res.json().id, ['sent']);
      ids.push({ invoice: inv.id, mailing: res.json().id });
    }
    const [old, recent, unfinished] = ids;
    // The retention is 365 days by default: two sendings from 400 days ago, one of them still being retried.
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
    await ctx.db
      .updateTable('invoice_mailings')
      .set({ created_at: ago(400), sent_at: ago(400), last_attempt_at: ago(400) })
      .where('id', 'in', [old.mailing, unfinished.mailing])
      .execute();
    await ctx.db.updateTable('invoice_mailings').set({ status: 'retrying', sent_at: null }).where('id', '=', unfinished.mailing).execute();
    await ctx.db
      .updateTable('invoice_mailings')
      .set({ created_at: ago(300), sent_at: ago(300) })
      .where('id', '=', recent.mailing)
      .execute();
    const sizes = async () =>
      new Map(
        (
          await ctx.db
            .selectFrom('invoice_mailings')
            .select(['id', sql<number>`octet_length(attachment)`.as('bytes')])
            .where(
              'id',
              'in',
              ids.map((x) => x.mailing),
            )
            .execute()
        ).map((r) => [r.id, Number(r.bytes)]),
      );
    expect([...(await sizes()).values()].every((n) => n > 1000)).toBe(true);

    // A tick, as the cron adds it.
    await sql`select graphile_worker.add_job('invoices.prune-mailings', '{}'::json)`.execute(ctx.db);
    const after = await until(sizes, (m) => m.get(old.mailing) === 0);
    expect(after.get(recent.mailing)).toBeGreaterThan(1000);
    expect(after.get(unfinished.mailing)).toBeGreaterThan(1000);
    // The sending stays in the invoice's history.
    const history = (await manager.get(`/api/v1/invoices/${old.invoice}/mailings`)).json().items;
    expect(history).toEqual([expect.objectContaining({ id: old.mailing, status: 'sent', to: ['buh@romashka.example'] })]);
  });
});
