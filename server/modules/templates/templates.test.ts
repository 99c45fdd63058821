import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInTemplateIds, type BuiltInTemplateId } from '../../../contracts/templates.js';
import { loadConfig } from '../../platform/config.js';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { pdfText } from '../../test/pdf-text.js';
import { PLACEHOLDERS } from './templates.placeholders.js';

let ctx: TestContext;
let finance: Caller;
let owner: Caller;
let stranger: Caller;
let ruEntity: string;
let bgEntity: string;
let rubDeal: string;
let eurDeal: string;
let hiddenCompanyDeal: string;

const hasSoffice = !!loadConfig({ NODE_ENV: 'test' }).soffice.command;

/** A real PNG (pdfkit decodes it): a w x h block of one colour. */
function png(w: number, h: number, rgb: [number, number, number]): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3).map((_, i) => rgb[i % 3])]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const flat = (s: string) => s.replace(/\s+/gu, ' ').trim();
/** The visible text of a .docx (its main part, tags stripped). */
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

async function docx(paragraphs: string[], table?: string[][]): Promise<Buffer> {
  const children: (Paragraph | Table)[] = paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] }));
  if (table)
    children.push(
      new Table({ rows: table.map((r) => new TableRow({ children: r.map((c) => new TableCell({ children: [new Paragraph(c)] })) })) }),
    );
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

function upload(who: Caller, bytes: Buffer, fields: Record<string, string> = {}, lang = 'en') {
  const boundary = 'tplboundary';
  const parts = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  const file = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Счёт компании.docx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return who.req({
    method: 'POST',
    url: '/api/v1/templates',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([...parts, file]),
    lang,
  });
}

const preview = (who: Caller, body: Record<string, unknown>, lang = 'en') =>
  who.req({ method: 'POST', url: '/api/v1/templates/preview', payload: body, lang });

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await ctx.userWith('finance');
  owner = await ctx.userWith('manager', { name: 'Анна Смирнова' });
  stranger = await ctx.userWith('manager');
  const a = ctx.admin;
  const ru = await finance.post('/api/v1/legal-entities', {
    name: 'ООО «Орбита»',
    country: 'RU',
    inn: '7707083893',
    kpp: '773601001',
    address: '117997, г. Москва, ул. Вавилова, д. 19',
    bankName: 'ПАО Сбербанк',
    bik: '044525225',
    settlementAccount: '40702810938120061991',
    correspondentAccount: '30101810400000000225',
    director: 'Иванов И. И.',
    accountant: 'Петрова А. С.',
  });
  expect(ru.statusCode, ru.body).toBe(201);
  ruEntity = ru.json().id;
  for (const [kind, img] of [
    ['logo', png(40, 20, [20, 60, 160])],
    ['signature', png(30, 10, [0, 0, 120])],
    ['stamp', png(24, 24, [30, 30, 200])],
  ] as const) {
    const put = await finance.req({
      method: 'PUT',
      url: `/api/v1/legal-entities/${ruEntity}/images/${kind}`,
      headers: { 'content-type': 'image/png' },
      payload: img,
    });
    expect(put.statusCode, put.body).toBe(200);
  }
  const bg = await finance.post('/api/v1/legal-entities', {
    name: 'Орбита ЕООД',
    country: 'BG',
    eik: '175074752',
    vatNumber: 'BG175074752',
    address: 'София, бул. Витоша 1',
    bankName: 'УниКредит Булбанк',
    iban: 'BG80BNBG96611020345678',
    bic: 'UNCRBGSF',
    director: 'Петър Петров',
  });
  expect(bg.statusCode, bg.body).toBe(201);
  bgEntity = bg.json().id;

  const company = await a.post('/api/v1/companies', {
    name: 'ООО «Ромашка»',
    inn: '7736050003',
    kpp: '773601001',
    addresses: [{ type: 'legal', text: '125009, г. Москва, ул. Тверская, д. 7' }],
    ownerId: owner.user.id,
  });
  expect(company.statusCode, company.body).toBe(201);
  const contact = await a.post('/api/v1/contacts', {
    firstName: 'Пётр',
    lastName: 'Сидоров',
    companyId: company.json().id,
    ownerId: owner.user.id,
  });
  const pump = await a.post('/api/v1/products', {
    name: 'Насос ЦНС 38-44',
    unit: 'шт',
    vatRate: '22',
    prices: [{ currency: 'RUB', amount: '1500' }],
  });
  // A name that looks like a template expression: data is printed as it is, never evaluated.
  const service = await a.post('/api/v1/products', {
    name: 'Монтаж {1+1} ${7*7}',
    unit: 'усл',
    vatRate: '22',
    prices: [{ currency: 'RUB', amount: '1234.56' }],
  });
  const lines = (currencyPrice: boolean) => [
    { productId: pump.json().id, quantity: '2', ...(currencyPrice ? { unitPrice: '1500' } : {}) },
    { productId: service.json().id, quantity: '1', discountPercent: '10', ...(currencyPrice ? { unitPrice: '1234.56' } : {}) },
  ];
  const base = {
    title: 'Поставка насосов',
    companyId: company.json().id,
    contacts: [{ contactId: contact.json().id, isDecisionMaker: true }],
    ownerId: owner.user.id,
    expectedPaymentDate: '2026-12-15',
    contract: { number: '15-П', date: '2026-11-20' },
  };
  const d1 = await a.post('/api/v1/deals', { ...base, currency: 'RUB', lines: lines(false) });
  expect(d1.statusCode, d1.body).toBe(201);
  rubDeal = d1.json().id;
  const d2 = await a.post('/api/v1/deals', { ...base, currency: 'EUR', lines: lines(true) });
  expect(d2.statusCode, d2.body).toBe(201);
  eurDeal = d2.json().id;
  // The owner's deal with a company of another manager: the owner may not see that company.
  const secret = await a.post('/api/v1/companies', { name: 'АО «Тайна»', inn: '7725088527', ownerId: stranger.user.id });
  const d3 = await a.post('/api/v1/deals', {
    title: 'Скрытый клиент',
    companyId: secret.json().id,
    ownerId: owner.user.id,
    currency: 'RUB',
    lines: lines(false),
  });
  expect(d3.statusCode, d3.body).toBe(201);
  hiddenCompanyDeal = d3.json().id;
});
afterAll(async () => {
  await ctx.close();
});

// 2 x 1500.00 at 22 % = 3000.00 + 660.00; 1 x 1234.56 less 10 % = 1111.10 + 244.44 at 22 %.
const RU_WORDS = 'Пять тысяч пятнадцать рублей 54 копейки';
const BG_WORDS = 'Пет хиляди и петнадесет евро и петдесет и четири евроцента';
const EN_WORDS = 'Five thousand fifteen roubles and fifty-four kopecks';

/** What each built-in must print besides the client's name: its title, the totals line, the words. */
const expected: Record<BuiltInTemplateId, { entity: 'ru' | 'bg'; deal: 'rub' | 'eur'; texts: string[] }> = {
  'ru-invoice': {
    entity: 'ru',
    deal: 'rub',
    texts: [
      'Счёт на оплату № б/н от',
      'Банк получателя',
      'БИК 044525225',
      'Сч. № 30101810400000000225',
      'НДС 22 %: 904,44',
      'Всего к оплате: 5 015,54',
      'Всего наименований 2, на сумму 5 015,54 руб.',
      RU_WORDS,
      'Оплатить не позднее 15 декабря 2026 г.',
      'договор № 15-П от 20 ноября 2026 г.',
      'Руководитель / Иванов И. И. /',
      'Главный бухгалтер / Петрова А. С. /',
    ],
  },
  'ru-contract': {
    entity: 'ru',
    deal: 'rub',
    texts: [
      'Договор поставки № 15-П',
      'Спецификация',
      'Цена договора составляет 5 015,54 руб. (Пять тысяч',
      'в том числе НДС 904,44 руб.',
      '6. Реквизиты и подписи сторон',
    ],
  },
  'ru-quote': {
    entity: 'ru',
    deal: 'rub',
    texts: ['Коммерческое предложение № б/н от', 'Всего наименований 2, на сумму 5 015,54 руб.', RU_WORDS, 'Ваш менеджер: Анна Смирнова'],
  },
  'ru-act': {
    entity: 'ru',
    deal: 'rub',
    texts: ['Акт № б/н от', 'Исполнитель', 'Заказчик', 'Всего оказано услуг 2, на сумму 5 015,54 руб.', RU_WORDS, 'претензий по объёму'],
  },
  'ru-upd': {
    entity: 'ru',
    deal: 'rub',
    texts: [
      'Универсальный передаточный документ',
      'Статус: 1',
      'Счёт-фактура № б/н от',
      'Продавец: ООО «Орбита» (2)',
      'ИНН/КПП продавца: 7707083893/773601001 (2б)',
      'Грузоотправитель и его адрес: он же (3)',
      'Покупатель: ООО «Ромашка» (6)',
      'Валюта: наименование, код: Российский рубль, 643 (7)',
      'А Б 1 1а 2 2а 3 4 5 6 7 8 9 10 10а 11',
      'без акциза 22%',
      'Всего к оплате 4 111,10 X 904,44 5 015,54',
      'Основание передачи (сдачи) / получения (приёмки) [8]:',
      'договор № 15-П от 20 ноября 2026 г.',
      'Руководитель организации или иное уполномоченное лицо',
      'Товар (груз) получил / услуги, результаты работ, права принял [15]:',
    ],
  },
  'bg-invoice': {
    entity: 'bg',
    deal: 'eur',
    texts: [
      'ФАКТУРА',
      'Оригинал',
      'Дата на данъчното събитие',
      'Данъчна основа 22 %: 4 111,10',
      'ДДС 22 %: 904,44',
      'Сума за плащане: 5 015,54',
      `Словом: ${BG_WORDS}`,
      'IBAN: BG80BNBG96611020345678',
    ],
  },
  'bg-proforma': {
    entity: 'bg',
    deal: 'eur',
    texts: ['ПРОФОРМА ФАКТУРА', 'Проформа фактурата не е данъчен документ', `Словом: ${BG_WORDS}`],
  },
  'bg-credit-note': { entity: 'bg', deal: 'eur', texts: ['КРЕДИТНО ИЗВЕСТИЕ', 'Сума за намаление: 5 015,54', `Словом: ${BG_WORDS}`] },
  'bg-offer': {
    entity: 'bg',
    deal: 'eur',
    texts: ['ОФЕРТА', 'Благодарим Ви за проявения интерес', `Словом: ${BG_WORDS}`, 'Офертата е валидна до 15.12.2026 г.'],
  },
  'en-invoice': {
    entity: 'ru',
    deal: 'rub',
    texts: ['INVOICE', 'Bill to', 'VAT 22 %: 904.44', 'Total due: 5,015.54', `In words: ${EN_WORDS}`, 'Payment details'],
  },
  'en-quote': {
    entity: 'ru',
    deal: 'rub',
    texts: ['QUOTE', 'We are pleased to offer you', `In words: ${EN_WORDS}`, 'This offer is valid until 15 December 2026'],
  },
};

const bodyFor = (id: BuiltInTemplateId, format: string) => ({
  template: id,
  entity: 'deal',
  entityId: expected[id].deal === 'rub' ? rubDeal : eurDeal,
  legalEntityId: expected[id].entity === 'ru' ? ruEntity : bgEntity,
  format,
});

describe('built-in templates from a real deal', () => {
  it.each(builtInTemplateIds)('%s: a PDF whose text has the client, the totals line and the amount in words', async (id) => {
    const res = await preview(owner, bodyFor(id, 'pdf'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=/);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.rawPayload.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    const text = flat(pdfText(res.rawPayload));
    expect(text).toContain('ООО «Ромашка»');
    expect(text).toContain('Насос ЦНС 38-44');
    for (const t of expected[id].texts) expect(text, `${id}: ${t}`).toContain(t);
  });

  it.each(builtInTemplateIds)('%s: a DOCX whose document.xml has the same content', async (id) => {
    const res = await preview(owner, bodyFor(id, 'docx'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    const text = docxText(res.rawPayload);
    expect(text).toContain('ООО «Ромашка»');
    for (const t of expected[id].texts) expect(text, `${id}: ${t}`).toContain(t);
  });

  it('prints the logo, the scanned signature and the stamp of our entity in both formats', async () => {
    const pdf = await preview(owner, bodyFor('ru-invoice', 'pdf'));
    expect(pdf.rawPayload.toString('latin1').match(/\/Subtype\s*\/Image/g)?.length).toBe(3);
    const doc = await preview(owner, bodyFor('ru-invoice', 'docx'));
    const media = Object.keys(new PizZip(doc.rawPayload).files).filter((f) => f.startsWith('word/media/'));
    expect(media).toHaveLength(3);
    // The Bulgarian entity has no images: none are printed.
    const bg = await preview(owner, bodyFor('bg-invoice', 'pdf'));
    expect(bg.rawPayload.toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);
  });

  it('the model (json) has exact totals, VAT per rate, the words, requisites, contract and manager', async () => {
    const res = await preview(owner, bodyFor('ru-invoice', 'json'));
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json();
    expect(m).toMatchObject({
      language: 'ru',
      currency: 'RUB',
      number: null,
      dueDate: '2026-12-15',
      contract: { number: '15-П', date: '2026-11-20' },
      client: {
        name: 'ООО «Ромашка»',
        inn: '7736050003',
        kpp: '773601001',
        address: '125009, г. Москва, ул. Тверская, д. 7',
        contactName: 'Сидоров Пётр',
      },
      entity: { name: 'ООО «Орбита»', inn: '7707083893', bik: '044525225', director: 'Иванов И. И.' },
      manager: { name: 'Анна Смирнова', email: owner.user.email },
      totals: {
        count: 2,
        subtotal: '4111.10',
        vatTotal: '904.44',
        total: '5015.54',
        vat: [{ rate: '22', base: '4111.10', amount: '904.44' }],
      },
      amountInWords: RU_WORDS,
    });
    expect(m.lines.map((l: { position: number; total: string }) => [l.position, l.total])).toEqual([
      [1, '3660.00'],
      [2, '1355.54'],
    ]);
    // The language can be chosen: the same deal in English words.
    const en = await preview(owner, { ...bodyFor('ru-invoice', 'json'), language: 'en' });
    expect(en.json().amountInWords).toBe(EN_WORDS);
  });

  it('a deal the caller may not open is 404, as for one that does not exist', async () => {
    for (const format of ['pdf', 'docx', 'json']) {
      const res = await preview(stranger, bodyFor('ru-invoice', format));
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('DEAL_NOT_FOUND');
      const none = await preview(stranger, { ...bodyFor('ru-invoice', format), entityId: '7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7' });
      expect(none.statusCode).toBe(404);
    }
  });

  it("a client the caller may not open is not named: the registry hides it on the deal's documents", async () => {
    const body = { template: 'ru-invoice', entity: 'deal', entityId: hiddenCompanyDeal, legalEntityId: ruEntity };
    const m = (await preview(owner, { ...body, format: 'json' })).json();
    expect(m.client).toMatchObject({ name: '', inn: null });
    const pdf = await preview(owner, { ...body, format: 'pdf' });
    expect(pdf.statusCode).toBe(200);
    const text = flat(pdfText(pdf.rawPayload));
    expect(text).toContain('Насос ЦНС 38-44');
    expect(text).not.toContain('Тайна');
    expect(text).not.toContain('7725088527');
    // The admin sees it.
    const admin = (await preview(ctx.admin, { ...body, format: 'json' })).json();
    expect(admin.client.name).toBe('АО «Тайна»');
  });

  it('refuses an unknown template, kind of record or legal entity naming the field, in the caller’s language', async () => {
    const base = bodyFor('ru-invoice', 'pdf');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ template: 'ru-nope' }, 'template', 'Такого шаблона нет'],
      [{ template: '7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7' }, 'template', 'Такого шаблона нет'],
      [{ entity: 'company' }, 'entity', 'Из записей этого вида документы не формируются'],
      [{ legalEntityId: '7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7' }, 'legalEntityId', 'Такого юрлица нет'],
    ];
    for (const [patch, field, message] of cases) {
      const res = await preview(owner, { ...base, ...patch }, 'ru');
      expect(res.statusCode, JSON.stringify(patch)).toBe(422);
      expect(res.json().error.fields).toEqual([expect.objectContaining({ path: field, message })]);
    }
  });

  it('lists the built-ins named in the caller’s language and the placeholders with descriptions', async () => {
    const list = await owner.req({ method: 'GET', url: '/api/v1/templates', lang: 'bg' });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; builtIn: boolean; name: string; language: string; formats: string[] }[];
    expect(items.filter((i) => i.builtIn).map((i) => i.id)).toEqual([...builtInTemplateIds]);
    expect(items.find((i) => i.id === 'bg-credit-note')).toMatchObject({
      name: 'Кредитно известие',
      language: 'bg',
      formats: ['pdf', 'docx', 'json'],
    });
    expect(list.json().pdfFromDocx).toBe(hasSoffice);
    const ph = await owner.req({ method: 'GET', url: '/api/v1/templates/placeholders', lang: 'ru' });
    const tags = ph.json().items as { tag: string; type: string; loop: string | null; description: string }[];
    expect(tags.find((t) => t.tag === 'client.inn')).toMatchObject({ type: 'value', loop: null, description: 'Клиент: ИНН' });
    expect(tags.find((t) => t.tag === 'lines')).toMatchObject({ type: 'loop' });
    expect(tags.filter((t) => t.loop === 'lines').map((t) => t.tag)).toEqual(
      expect.arrayContaining(['position', 'name', 'quantity', 'unit', 'price', 'total']),
    );
    expect(tags.map((t) => t.tag)).toEqual(
      expect.arrayContaining(['entity.name', 'amountInWords', 'totals.total', 'contract.number', 'manager.name', 'vat']),
    );
  });
});

describe("the company's own DOCX templates", () => {
  const good = () =>
    docx(
      [
        'Счёт № {number} от {date}',
        'Поставщик: {entity.name}, ИНН {entity.inn}; покупатель: {client.name}, ИНН {client.inn}',
        '{#contract.number}По договору № {contract.number} от {contract.date}{/contract.number}',
        'Итого: { totals.total } {currency}; {vatText}',
        'Сумма прописью: {amountInWords}',
        'Менеджер: {manager.name}, сделка «{deal.title}»',
        '{#vat}НДС {rate} %: {amount} с базы {base}{/vat}',
        '{^notes}Без примечаний{/notes}',
      ],
      [
        ['№', 'Наименование', 'Кол-во', 'Сумма'],
        ['{#lines}{position}', '{name} ({client.inn})', '{quantity} {unit}', '{total}{/lines}'],
      ],
    );
  let templateId: string;

  it('finance uploads a template; its placeholders are listed; a manager may not upload', async () => {
    const bytes = await good();
    const res = await upload(finance, bytes, { name: 'Наш счёт', language: 'ru' });
    expect(res.statusCode, res.body).toBe(201);
    templateId = res.json().id;
    expect(res.json()).toMatchObject({ builtIn: false, name: 'Наш счёт', language: 'ru', fileName: 'Счёт компании.docx' });
    expect(res.json().placeholders).toEqual(expect.arrayContaining(['client.name', 'lines', 'name', 'totals.total', 'vat', 'notes']));
    const list = (await owner.get('/api/v1/templates')).json().items;
    expect(list.find((i: { id: string }) => i.id === templateId)).toMatchObject({
      name: 'Наш счёт',
      formats: hasSoffice ? ['pdf', 'docx', 'json'] : ['docx', 'json'],
    });
    expect((await upload(owner, await good())).statusCode).toBe(403);
    const content = await owner.get(`/api/v1/templates/${templateId}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(bytes)).toBe(true);
  });

  it("renders the deal's data into it: values, a condition, the VAT loop and one table row per line", async () => {
    const res = await preview(owner, { template: templateId, entity: 'deal', entityId: rubDeal, legalEntityId: ruEntity, format: 'docx' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const text = docxText(res.rawPayload);
    expect(text).toContain('Поставщик: ООО «Орбита», ИНН 7707083893; покупатель: ООО «Ромашка», ИНН 7736050003');
    expect(text).toContain('По договору № 15-П от 20 ноября 2026 г.');
    expect(text).toContain('Итого: 5 015,54 RUB; НДС 22 %: 904,44');
    expect(text).toContain(`Сумма прописью: ${RU_WORDS}`);
    expect(text).toContain('Менеджер: Анна Смирнова, сделка «Поставка насосов»');
    expect(text).toContain('НДС 22 %: 904,44 с базы 4 111,10');
    expect(text).toContain('Без примечаний');
    expect(text).toContain('1 Насос ЦНС 38-44 (7736050003) 2 шт 3 660,00');
    // A name with template syntax in the data is printed as it is: nothing is evaluated.
    expect(text).toContain('2 Монтаж {1+1} ${7*7} (7736050003) 1 усл 1 355,54');
    const xml = new PizZip(res.rawPayload).file('word/document.xml')!.asText();
    expect(xml.match(/<w:tr[ >]/g)?.length).toBe(3);
    expect(xml).not.toMatch(/\{[#/^]?[a-zA-Z.]+\}/);
  });

  it('refuses an unclosed loop, naming it, in the caller’s language', async () => {
    const res = await upload(finance, await docx(['{#lines}{name}', 'конец']), {}, 'ru');
    expect(res.statusCode).toBe(422);
    const e = res.json().error;
    expect(e.code).toBe('TEMPLATE_INVALID');
    expect(e.message).toBe('В шаблоне есть поля, которые нельзя заполнить: lines');
    expect(e.fields).toEqual([{ path: 'file', code: 'templates.rules.unclosedLoop', message: 'Цикл {#lines} не закрыт тегом {/lines}' }]);
  });

  it('refuses unknown tags, a loop end without its start, raw XML and a list used as a value, naming each', async () => {
    const res = await upload(finance, await docx(['{unknownTag} и {client.name}', '{lines}', '{@raw}']), {}, 'bg');
    expect(res.statusCode).toBe(422);
    const fields = res.json().error.fields.map((f: { message: string }) => f.message);
    expect(fields).toEqual([
      'Непознато поле {unknownTag}: вижте списъка с полета',
      'lines е списък: повтаряйте го с {#lines} … {/lines}',
      '{@raw} би вмъкнало XML на документа директно и не е позволено; пишете {raw}',
    ]);
    const end = await upload(finance, await docx(['текст {/lines}']), {}, 'en');
    expect(end.json().error.fields[0]).toMatchObject({
      code: 'templates.rules.unopenedLoop',
      message: 'The loop end {/lines} has no {#lines} before it',
    });
    // A field of the lines outside the loop is unknown there.
    const outside = await upload(finance, await docx(['{quantity}']), {}, 'en');
    expect(outside.json().error.fields[0].message).toBe('Unknown placeholder {quantity}: see the list of placeholders');
  });

  it('docs/templates.md documents every placeholder', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/templates.md'), 'utf8');
    for (const p of PLACEHOLDERS) expect(doc, p.tag).toContain(p.type === 'loop' ? `\`{#${p.tag}}…{/${p.tag}}\`` : `\`{${p.tag}}\``);
  });

  it('a template trying an expression is refused, never evaluated', async () => {
    for (const tag of [
      '{1+1}',
      '{totals.total * 2}',
      '{constructor.constructor("return process")()}',
      '{client.name.constructor}',
      '{__proto__}',
      '{.}',
    ]) {
      const res = await upload(finance, await docx([`Итого ${tag}`]));
      expect(res.statusCode, tag).toBe(422);
      expect(res.json().error.code).toBe('TEMPLATE_INVALID');
      expect(res.json().error.fields[0].code).toBe('templates.rules.unknownTag');
    }
  });

  it('a file that is not a .docx is refused naming the file', async () => {
    for (const bytes of [Buffer.from('not a document'), Buffer.from('PK\u0003\u0004 broken zip')]) {
      const res = await upload(finance, bytes, {}, 'ru');
      expect(res.statusCode).toBe(422);
      expect(res.json().error.fields).toEqual([
        { path: 'file', code: 'templates.rules.notDocx', message: 'Файл не является документом Word .docx' },
      ]);
    }
    const zip = new PizZip();
    zip.file('hello.txt', 'привет');
    const res = await upload(finance, zip.generate({ type: 'nodebuffer' }));
    expect(res.json().error.fields[0].code).toBe('templates.rules.notDocx');
    const json = await finance.post('/api/v1/templates', { file: 'x' });
    expect(json.statusCode).toBe(400);
  });

  it.skipIf(!hasSoffice)('makes a PDF of an uploaded template through LibreOffice, as a job', { timeout: 120_000 }, async () => {
    const runner = await ctx.startJobs();
    try {
      const res = await preview(owner, { template: templateId, entity: 'deal', entityId: rubDeal, legalEntityId: ruEntity, format: 'pdf' });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(res.rawPayload).replace(/\s+/gu, '');
      expect(text).toContain('ООО«Ромашка»');
      expect(text).toContain(RU_WORDS.replace(/\s+/g, ''));
      // The request collected its conversion: nothing is left in the queue table.
      expect(await ctx.db.selectFrom('template_conversions').select('id').execute()).toEqual([]);
    } finally {
      await runner.stop();
    }
  });

  it('finance deletes a template; it is gone from the list and previews', async () => {
    expect((await owner.del(`/api/v1/templates/${templateId}`)).statusCode).toBe(403);
    expect((await finance.del(`/api/v1/templates/${templateId}`)).statusCode).toBe(204);
    expect((await finance.del(`/api/v1/templates/${templateId}`)).statusCode).toBe(404);
    const list = (await owner.get('/api/v1/templates')).json().items;
    expect(list.some((i: { id: string }) => i.id === templateId)).toBe(false);
    const res = await preview(owner, { template: templateId, entity: 'deal', entityId: rubDeal, legalEntityId: ruEntity, format: 'docx' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields[0].path).toBe('template');
  });
});

describe('PDF from an uploaded template without a working LibreOffice', () => {
  async function withSoffice(
    env: Record<string, string>,
    check: (c: TestContext, t: string, deal: string, entity: string) => Promise<void>,
  ) {
    const c = await createTestContext({ env });
    try {
      const fin = await c.userWith('finance');
      const entity = (await fin.post('/api/v1/legal-entities', { name: 'ООО «Орбита»', country: 'RU', inn: '7707083893' })).json().id;
      const deal = (await c.admin.post('/api/v1/deals', { title: 'Сделка', amount: '100' })).json().id;
      const t = await upload(fin, await docx(['{client.name} {totals.total}']));
      expect(t.statusCode, t.body).toBe(201);
      await check(c, t.json().id, deal, entity);
    } finally {
      await c.close();
    }
  }

  it('not installed: 409 TEMPLATE_PDF_UNAVAILABLE, DOCX still made, the list says DOCX only', async () => {
    await withSoffice({ ORBITA_SOFFICE_PATH: 'none' }, async (c, t, deal, entity) => {
      const body = { template: t, entity: 'deal', entityId: deal, legalEntityId: entity };
      const pdf = await c.admin.req({ method: 'POST', url: '/api/v1/templates/preview', payload: { ...body, format: 'pdf' }, lang: 'ru' });
      expect(pdf.statusCode).toBe(409);
      expect(pdf.json().error).toMatchObject({ code: 'TEMPLATE_PDF_UNAVAILABLE', message: expect.stringContaining('LibreOffice') });
      const doc = await c.admin.post('/api/v1/templates/preview', { ...body, format: 'docx' });
      expect(doc.statusCode).toBe(200);
      const list = (await c.admin.get('/api/v1/templates')).json();
      expect(list.pdfFromDocx).toBe(false);
      expect(list.items.find((i: { id: string }) => i.id === t).formats).toEqual(['docx', 'json']);
      // Built-ins make their PDF without LibreOffice.
      const built = await c.admin.post('/api/v1/templates/preview', { ...body, template: 'ru-invoice', format: 'pdf' });
      expect(built.statusCode).toBe(200);
    });
  });

  it('a converter that hangs is killed at the timeout: 422 TEMPLATE_PDF_FAILED naming the time', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-hung-soffice-'));
    const script = path.join(dir, 'soffice');
    const marker = path.join(dir, 'alive');
    // Stands in for a LibreOffice that never answers: its child keeps touching a file until killed.
    fs.writeFileSync(script, `#!/bin/sh\nwhile true; do touch '${marker}'; sleep 0.2; done\n`, { mode: 0o755 });
    try {
      await withSoffice({ ORBITA_SOFFICE_PATH: script, ORBITA_SOFFICE_TIMEOUT_MS: '1500' }, async (c, t, deal, entity) => {
        const runner = await c.startJobs();
        try {
          const res = await c.admin.req({
            method: 'POST',
            url: '/api/v1/templates/preview',
            payload: { template: t, entity: 'deal', entityId: deal, legalEntityId: entity, format: 'pdf' },
            lang: 'en',
          });
          expect(res.statusCode).toBe(422);
          expect(res.json().error).toMatchObject({
            code: 'TEMPLATE_PDF_FAILED',
            message: 'LibreOffice could not turn the document into a PDF',
            fields: [
              { path: 'format', code: 'templates.rules.timedOut', message: 'LibreOffice gave no answer within 2 s and was stopped' },
            ],
          });
          // The whole process group was killed: the file stops changing.
          const before = fs.statSync(marker).mtimeMs;
          await new Promise((r) => setTimeout(r, 800));
          expect(fs.statSync(marker).mtimeMs).toBe(before);
        } finally {
          await runner.stop();
        }
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
