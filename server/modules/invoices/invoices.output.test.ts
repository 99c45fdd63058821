// Invoices as files: GET /invoices/:id/pdf and /docx print what the invoice's country and kind
// call for (счёт на оплату, фактура, кредитно извещение), read back from the PDF's own text and
// the DOCX's document.xml; access as the invoice's; file names in RFC 5987.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { pdfText } from '../../test/pdf-text.js';
import { company, draft, draftBody, eood, issued, legalEntity, line, ooo } from './invoices.fixtures.js';

let ctx: TestContext;
let manager: Caller;
let other: Caller;
let finance: Caller;
let client: string;
let bgClient: string;
let ru: string;
let bg: string;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await ctx.userWith('finance');
  manager = await ctx.userWith('manager', { name: 'Анна Смирнова' });
  other = await ctx.userWith('manager');
  client = await company(manager, 'ООО «Ромашка»', { inn: '7736207543', kpp: '773601001' });
  bgClient = await company(manager, 'Клиент ООД', { country: 'BG', eik: '131272009', vatNumber: 'BG131272009' });
  ru = await legalEntity(finance, ooo);
  bg = await legalEntity(finance, eood);
});
afterAll(async () => {
  await ctx.close();
});

const flat = (s: string) => s.replace(/\s+/gu, ' ').trim();
const textOf = (pdf: Buffer) => flat(pdfText(pdf));
function docxText(bytes: Buffer): string {
  const xml = new PizZip(bytes).file('word/document.xml')!.asText();
  return flat(
    xml
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );
}
/** The UTF-8 file name of a Content-Disposition (RFC 5987 `filename*`). */
const fileNameOf = (disposition: unknown) => decodeURIComponent(String(disposition).split("UTF-8''")[1] ?? '');

const twoRates = () => [line(), line({ name: 'Монтаж', quantity: '2', price: '50.00', vatRate: '10', unit: 'ч' })];

describe('GET /invoices/:id/pdf and /docx', () => {
  it('a Russian invoice prints as a счёт на оплату: bank block, parties, VAT per rate, count and words, signatures', async () => {
    const inv = await issued(manager, draftBody(ru, client, { lines: twoRates() }));
    const res = await manager.get(`/api/v1/invoices/${inv.id}/pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Shown in the page (the web's preview frames it from the same origin), named in Cyrillic.
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(disposition).toContain(`filename="Schet na oplatu No SCh-2026-000001.pdf"`);
    expect(fileNameOf(disposition)).toBe(`Счёт на оплату № ${inv.number}.pdf`);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    const text = textOf(res.rawPayload);
    for (const expected of [
      'ПАО Сбербанк Банк получателя БИК 044525225',
      '30101810400000000225',
      'ИНН 7707083893 КПП 773601001 Сч. № 40702810938120061991',
      `Счёт на оплату № ${inv.number} от 2 ноября 2026 г.`,
      'Поставщик: ООО «Орбита», ИНН 7707083893, КПП 773601001, 117997, г. Москва, ул. Вавилова, д. 19',
      'Покупатель: ООО «Ромашка», ИНН 7736207543, КПП 773601001',
      '1 Насос 1 шт 100,00 100,00',
      '2 Монтаж 2 ч 50,00 100,00',
      'Итого: 200,00 НДС 22 %: 22,00 НДС 10 %: 10,00 Всего к оплате: 232,00',
      'Всего наименований 2, на сумму 232,00 руб.',
      'Двести тридцать два рубля 00 копеек',
      'Оплатить не позднее 12 ноября 2026 г.',
      'Руководитель / Иванов И. И. / Главный бухгалтер / Петрова А. С. /',
    ])
      expect(text).toContain(expected);

    const download = await manager.get(`/api/v1/invoices/${inv.id}/pdf?download=true`);
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);

    const doc = await manager.get(`/api/v1/invoices/${inv.id}/docx`);
    expect(doc.statusCode, doc.body.slice(0, 300)).toBe(200);
    expect(doc.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(fileNameOf(doc.headers['content-disposition'])).toBe(`Счёт на оплату № ${inv.number}.docx`);
    const words = docxText(doc.rawPayload);
    for (const expected of [
      `Счёт на оплату № ${inv.number}`,
      'ООО «Ромашка»',
      'Всего наименований 2, на сумму 232,00 руб.',
      'Двести тридцать два рубля 00 копеек',
    ])
      expect(words).toContain(expected);
  });

  it('the same invoice as a УПД (счёт-фактура и передаточный документ), landscape', async () => {
    const inv = await issued(manager, draftBody(ru, client, { lines: twoRates(), supplyDate: '2026-11-01' }));
    const res = await manager.get(`/api/v1/invoices/${inv.id}/pdf?template=ru-upd`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(fileNameOf(res.headers['content-disposition'])).toBe(`УПД № ${inv.number}.pdf`);
    const text = textOf(res.rawPayload);
    for (const expected of [
      'Универсальный передаточный документ Статус: 1',
      `Счёт-фактура № ${inv.number} от 2 ноября 2026 г. (1)`,
      'Продавец: ООО «Орбита» (2)',
      'ИНН/КПП продавца: 7707083893/773601001 (2б)',
      'ИНН/КПП покупателя: 7736207543/773601001 (6б)',
      'Валюта: наименование, код: Российский рубль, 643 (7)',
      // ОКЕИ codes of the units (шт 796, ч 356), price and value without tax, rate, tax, value with tax.
      '1 — Насос — 796 шт 1 100,00 100,00 без акциза 22% 22,00 122,00',
      '2 — Монтаж — 356 ч 2 50,00 100,00 без акциза 10% 10,00 110,00',
      'Всего к оплате 200,00 X 32,00 232,00',
      'Дата отгрузки, передачи (сдачи) [11]: 1 ноября 2026 г.',
      'ООО «Ромашка», ИНН/КПП 7736207543/773601001',
    ])
      expect(text).toContain(expected);
    // pdfmake may break a line after the dash: the extracted text has a space there.
    expect(text.replace('1– 2', '1–2')).toContain(`Документ об отгрузке: № п/п 1–2 № ${inv.number} от 2 ноября 2026 г. (5а)`);
    expect(res.rawPayload.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89\d* 595\.28\d*\]/);
    const doc = await manager.get(`/api/v1/invoices/${inv.id}/docx?template=ru-upd`);
    expect(new PizZip(doc.rawPayload).file('word/document.xml')!.asText()).toContain('w:orient="landscape"');
    expect(docxText(doc.rawPayload)).toContain('Всего к оплате');
  });

  it('prints the requisites frozen at issue, not the entity as it is now', async () => {
    const le = await legalEntity(finance, { ...ooo, name: 'ООО «Старое имя»' });
    const inv = await issued(manager, draftBody(le, client));
    const entity = (await finance.get(`/api/v1/legal-entities/${le}`)).json();
    const renamed = await finance.patch(`/api/v1/legal-entities/${le}`, { name: 'ООО «Новое имя»', version: entity.version });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const text = textOf((await manager.get(`/api/v1/invoices/${inv.id}/pdf`)).rawPayload);
    expect(text).toContain('Поставщик: ООО «Старое имя»');
    expect(text).not.toContain('Новое имя');
  });

  it('without VAT: «Без НДС» and the reason, in words all the same', async () => {
    const le = await legalEntity(finance, { ...ooo, name: 'ООО «Упрощёнка»', vatPayer: false });
    const inv = await issued(
      manager,
      draftBody(le, client, { lines: [line({ vatRate: 'none', price: '1001.00' })], vatExemptionReason: 'УСН, ст. 346.11 НК РФ' }),
    );
    const text = textOf((await manager.get(`/api/v1/invoices/${inv.id}/pdf`)).rawPayload);
    expect(text).toContain('Без НДС');
    expect(text).toContain('УСН, ст. 346.11 НК РФ');
    expect(text).toContain('Одна тысяча один рубль 00 копеек');
  });

  it('a Bulgarian invoice prints as a фактура, its credit note as a кредитно известие naming the invoice', async () => {
    const inv = await issued(manager, draftBody(bg, bgClient, { currency: 'EUR', lines: [line({ vatRate: '20', price: '1234.56' })] }));
    const res = await manager.get(`/api/v1/invoices/${inv.id}/pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(fileNameOf(res.headers['content-disposition'])).toBe(`Фактура № ${inv.number}.pdf`);
    const text = textOf(res.rawPayload);
    expect(inv.number).toMatch(/^\d{10}$/);
    for (const expected of [
      `ФАКТУРА № ${inv.number} Оригинал`,
      'Дата на издаване: 02.11.2026 г.',
      'Получател Доставчик Клиент ООД ЕИК: 131272009 ИН по ЗДДС: BG131272009 Орбита ЕООД ЕИК: 175074752 ИН по ЗДДС: BG175074752',
      'Данъчна основа 20 %: 1 234,56 ДДС 20 %: 246,91 Сума за плащане: 1 481,47',
      'Словом: Хиляда четиристотин осемдесет и едно евро и четиридесет и седем евроцента',
      'IBAN: BG80BNBG96611020345678 BIC: UNCRBGSF',
      'Съставил / Анна Смирнова /',
    ])
      expect(text).toContain(expected);

    const note = await manager.post(`/api/v1/invoices/${inv.id}/credit-note`, { reason: 'Върната стока' });
    expect(note.statusCode, note.body).toBe(201);
    const issuedNote = await manager.post(`/api/v1/invoices/${note.json().id}/issue`, {});
    expect(issuedNote.statusCode, issuedNote.body).toBe(200);
    const n = issuedNote.json();
    const pdf = await manager.get(`/api/v1/invoices/${n.id}/pdf`);
    expect(fileNameOf(pdf.headers['content-disposition'])).toBe(`Кредитно известие № ${n.number}.pdf`);
    const noteText = textOf(pdf.rawPayload);
    expect(noteText).toContain(`КРЕДИТНО ИЗВЕСТИЕ № ${n.number}`);
    expect(noteText).toContain(`Към фактура № ${inv.number} от 02.11.2026 г.`);
    expect(noteText).toContain('Основание: Върната стока');
    expect(noteText).toContain('Хиляда четиристотин осемдесет и едно евро и четиридесет и седем евроцента');
    const noteDoc = docxText((await manager.get(`/api/v1/invoices/${n.id}/docx`)).rawPayload);
    expect(noteDoc).toContain('КРЕДИТНО ИЗВЕСТИЕ');
    expect(noteDoc).toContain(inv.number);
  });

  it('another template or language when asked; a draft prints unnumbered and says so in its name', async () => {
    const d = await draft(manager, draftBody(ru, client, { lines: twoRates() }));
    const res = await manager.get(`/api/v1/invoices/${d.id}/pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(fileNameOf(res.headers['content-disposition'])).toBe('Счёт на оплату (черновик).pdf');
    expect(textOf(res.rawPayload)).toContain('Счёт на оплату № б/н от 2 ноября 2026 г.');

    const en = await manager.get(`/api/v1/invoices/${d.id}/pdf?template=en-invoice`);
    expect(en.statusCode, en.body.slice(0, 300)).toBe(200);
    expect(fileNameOf(en.headers['content-disposition'])).toBe('Invoice (draft).pdf');
    expect(textOf(en.rawPayload)).toContain('In words: Two hundred thirty-two roubles');

    const bgWords = await manager.get(`/api/v1/invoices/${d.id}/pdf?language=bg`);
    expect(textOf(bgWords.rawPayload)).toContain('Двеста тридесет и две рубли');

    const unknown = await manager.get(`/api/v1/invoices/${d.id}/pdf?template=ru-nothing`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0].path).toBe('template');
    const missing = await manager.get(`/api/v1/invoices/${d.id}/docx?template=7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('TEMPLATE_NOT_FOUND');
  });

  it("another manager's invoice answers 404, as its page does; finance prints every one", async () => {
    const inv = await issued(manager, draftBody(ru, client));
    for (const path of ['pdf', 'docx', 'mailings']) {
      const theirs = await other.get(`/api/v1/invoices/${inv.id}/${path}`);
      expect(theirs.statusCode, path).toBe(404);
      expect(theirs.json().error.code).toBe('INVOICE_NOT_FOUND');
      expect((await finance.get(`/api/v1/invoices/${inv.id}/${path}`)).statusCode, path).toBe(200);
    }
    const send = await other.post(`/api/v1/invoices/${inv.id}/send`, { to: 'buh@example.com' });
    expect(send.statusCode).toBe(404);
  });

  it('the templates preview fills any template from an invoice (entity `invoice`)', async () => {
    const inv = await issued(manager, draftBody(ru, client, { lines: twoRates() }));
    const body = { template: 'ru-act', entity: 'invoice', entityId: inv.id, legalEntityId: ru, format: 'json' };
    const model = await manager.post('/api/v1/templates/preview', body);
    expect(model.statusCode, model.body.slice(0, 300)).toBe(200);
    expect(model.json()).toMatchObject({
      number: inv.number,
      date: '2026-11-02',
      client: { name: 'ООО «Ромашка»', inn: '7736207543' },
      entity: { name: 'ООО «Орбита»', inn: '7707083893', bik: '044525225' },
      manager: { name: 'Анна Смирнова' },
      totals: { count: 2, subtotal: '200.00', vatTotal: '32.00', total: '232.00' },
      amountInWords: 'Двести тридцать два рубля 00 копеек',
    });
    expect(model.json().totals.vat).toEqual([
      { rate: '22', base: '100.00', amount: '22.00' },
      { rate: '10', base: '100.00', amount: '10.00' },
    ]);
    expect((await other.post('/api/v1/templates/preview', body)).statusCode).toBe(404);
  });
});

describe('POST /invoices/:id/send without ORBITA_SMTP_URL', () => {
  it.each([
    ['ru', 'не настроена почта'],
    ['bg', 'Пощата не е настроена'],
    ['en', 'E-mail is not set up'],
  ])('answers 503 MAIL_NOT_CONFIGURED naming the setting (%s), and queues nothing', async (lang, words) => {
    const inv = await issued(manager, draftBody(ru, client));
    const res = await manager.req({ method: 'POST', url: `/api/v1/invoices/${inv.id}/send`, payload: { to: 'buh@example.com' }, lang });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('MAIL_NOT_CONFIGURED');
    expect(res.json().error.message).toContain('ORBITA_SMTP_URL');
    expect(res.json().error.message).toContain(words);
    expect((await manager.get(`/api/v1/invoices/${inv.id}/mailings`)).json().items).toEqual([]);
  });
});
