import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { pruneExports } from './exports.service.js';

/** RFC 4180 as Excel writes and reads it: quoted fields may hold the separator, quotes and line breaks. */
function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const BOM = '\ufeff';
const SECRET_COMPANY = 'ООО «Скрытая Компания»';

let ctx: TestContext;
let manager: Caller;
let colleague: Caller;
let companyId: string;
let hiddenCompanyId: string;

async function setLanguage(who: Caller, language: 'ru' | 'bg' | 'en', timeZone?: string) {
  const res = await who.patch('/api/v1/auth/me', { language, ...(timeZone ? { timeZone } : {}) });
  expect(res.statusCode, res.body).toBe(200);
  who.user.language = language;
}

beforeAll(async () => {
  ctx = await createTestContext();
  manager = await ctx.userWith('manager', { name: 'Мария Менеджер', timeZone: 'Europe/Moscow' });
  colleague = await ctx.userWith('manager', { name: 'Коля Коллега' });
  companyId = (await manager.post('/api/v1/companies', { name: 'ООО «Открытая»', inn: '7707083893', tags: ['vip'] })).json().id;
  hiddenCompanyId = (await manager.post('/api/v1/companies', { name: SECRET_COMPANY })).json().id;
  const people = [
    { firstName: 'Анна', lastName: 'Яковлева', tags: ['vip'], companyId, phones: [{ type: 'mobile', number: '+7 916 111-22-33' }] },
    { firstName: 'Борис', lastName: 'Андреев', tags: ['vip'], companyId: hiddenCompanyId, birthday: '1980-01-15', position: 'Директор' },
    { firstName: 'Вера', lastName: 'Петрова', tags: ['vip'], emails: [{ type: 'work', address: 'vera@example.ru' }] },
    { firstName: 'Глеб', lastName: 'Сидоров', tags: ['other'] },
    // A name a spreadsheet would run as a formula, and one with the separator and a quote.
    { firstName: '=HYPERLINK("http://evil.example")', lastName: 'Формулов', tags: ['vip'] },
    { firstName: 'Дарья', lastName: 'Кавычкина; "Д"', tags: ['vip'] },
  ];
  for (const p of people) expect((await manager.post('/api/v1/contacts', p)).statusCode).toBe(201);
  expect((await colleague.post('/api/v1/contacts', { firstName: 'Чужой', lastName: 'Контакт', tags: ['vip'] })).statusCode).toBe(201);
  // The company goes to the colleague: the manager keeps Борис, who still links to it.
  const cur = (await ctx.admin.get(`/api/v1/companies/${hiddenCompanyId}`)).json();
  expect(
    (await ctx.admin.patch(`/api/v1/companies/${hiddenCompanyId}`, { ownerId: colleague.user.id, version: cur.version })).statusCode,
  ).toBe(200);
  expect((await manager.get(`/api/v1/companies/${hiddenCompanyId}`)).statusCode).toBe(404);
});
afterAll(async () => {
  await ctx.close();
});

describe('contacts export', () => {
  it('holds exactly the rows of the list with the same filters and sort, in its order, as UTF-8 CSV with a BOM', async () => {
    await setLanguage(manager, 'ru');
    const list = (await manager.get('/api/v1/contacts?tag=vip&sort=name&order=desc&limit=200')).json().items as { fullName: string }[];
    const res = await manager.get('/api/v1/contacts/export?tag=vip&sort=name&order=desc&columns=fullName,phones,emails,company,birthday');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''%D0%BA/);
    expect(res.body.startsWith(BOM)).toBe(true);
    const rows = parseCsv(res.body.slice(1), ';');
    expect(rows[0]).toEqual(['ФИО', 'Телефоны', 'Эл. почта', 'Компания', 'День рождения']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(list.map((c) => c.fullName));
    expect(list.length).toBe(5);
    expect(rows.find((r) => r[0].startsWith('Яковлева'))).toEqual(['Яковлева Анна', '+79161112233', '', 'ООО «Открытая»', '']);
  });

  it("a manager's export holds only what they see, and a company they may not open is not named", async () => {
    const res = await manager.get('/api/v1/contacts/export');
    const text = res.body;
    expect(text).not.toContain('Чужой');
    expect(text).not.toContain(SECRET_COMPANY);
    const rows = parseCsv(text.slice(1), ';');
    const header = rows[0];
    const boris = rows.find((r) => r[header.indexOf('Имя')] === 'Борис')!;
    expect(boris[header.indexOf('Компания')]).toBe('');
    expect(boris[header.indexOf('Должность')]).toBe('Директор');
    expect(boris[header.indexOf('День рождения')]).toBe('1980-01-15');
    expect(boris[header.indexOf('Ответственный')]).toBe('Мария Менеджер');
    expect(rows.length).toBe(1 + 6);
    // The colleague, who owns the company now, sees its name on nothing of the manager's.
    const theirs = await colleague.get('/api/v1/contacts/export');
    expect(theirs.body).toContain('Чужой');
    expect(theirs.body).not.toContain('Борис');
    // The admin sees everyone, and the company's name.
    const all = await ctx.admin.get('/api/v1/contacts/export?format=csv&delimiter=tab');
    expect(all.body).toContain('Чужой');
    expect(all.body).toContain(SECRET_COMPANY);
  });

  it('keeps formulas from running and quotes the separator and quotes', async () => {
    const res = await manager.get('/api/v1/contacts/export?columns=firstName,lastName&sort=name');
    const rows = parseCsv(res.body.slice(1), ';');
    expect(rows).toContainEqual(['\'=HYPERLINK("http://evil.example")', 'Формулов']);
    expect(rows).toContainEqual(['Дарья', 'Кавычкина; "Д"']);
    expect(res.body).toContain('"Кавычкина; ""Д"""');
  });

  it('writes Windows-1251 without a BOM on request, headers in the user language', async () => {
    await setLanguage(manager, 'bg');
    const res = await manager.get('/api/v1/contacts/export?encoding=cp1251&columns=fullName,company&tag=vip&sort=name');
    expect(res.headers['content-type']).toBe('text/csv; charset=windows-1251');
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    // Not UTF-8: the Cyrillic letters are single bytes of cp1251.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const rows = parseCsv(iconv.decode(bytes, 'win1251'), ';');
    expect(rows[0]).toEqual(['Име и фамилия', 'Фирма']);
    expect(rows).toContainEqual(['Яковлева Анна', 'ООО «Открытая»']);
    await setLanguage(manager, 'ru');
  });

  it('gives every visible contact as vCard 3.0 that ical.js reads back, without the hidden company', async () => {
    const res = await manager.get('/api/v1/contacts/export?format=vcf&tag=vip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/vcard; charset=utf-8');
    expect(res.body).not.toContain(SECRET_COMPANY);
    const cards = (ICAL.parse(res.body) as unknown[][]).map((j) => new ICAL.Component(j));
    expect(cards.length).toBe(5);
    const boris = cards.find((c) => (c.getFirstPropertyValue('n') as string[])[1] === 'Борис')!;
    expect(boris.getFirstPropertyValue('org')).toBeNull();
    expect(boris.getFirstPropertyValue('title')).toBe('Директор');
    expect(String(boris.getFirstPropertyValue('bday'))).toBe('1980-01-15');
    const anna = cards.find((c) => (c.getFirstPropertyValue('n') as string[])[1] === 'Анна')!;
    expect(anna.getFirstPropertyValue('org')).toBe('ООО «Открытая»');
    expect(anna.getFirstPropertyValue('tel')).toBe('+79161112233');
  });

  it('GET /contacts/:id/vcard: the card of one contact, 404 for a stranger', async () => {
    const list = (await manager.get('/api/v1/contacts?q=Яковлева')).json().items;
    const res = await manager.get(`/api/v1/contacts/${list[0].id}/vcard`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%D0%AF");
    const card = new ICAL.Component(ICAL.parse(res.body) as unknown[]);
    expect(card.getFirstPropertyValue('fn')).toBe('Яковлева Анна');
    expect(card.getFirstPropertyValue('uid')).toBe(`urn:uuid:${list[0].id}`);
    expect((await colleague.get(`/api/v1/contacts/${list[0].id}/vcard`)).statusCode).toBe(404);
  });

  it('refuses unknown columns and formats with 400 naming the parameter', async () => {
    const bad = await manager.req({ method: 'GET', url: '/api/v1/contacts/export?columns=fullName,passwordHash', lang: 'ru' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toMatch(/^columns/);
    const vcfCompanies = await manager.get('/api/v1/companies/export?format=vcf');
    expect(vcfCompanies.statusCode).toBe(400);
    expect(vcfCompanies.json().error.fields[0].path).toBe('format');
    const window = await manager.get('/api/v1/activities/export?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(window.statusCode).toBe(422);
    expect(window.json().error.fields[0].path).toBe('to');
  });
});

describe('companies, deals and activities exports', () => {
  let dealIds: string[];

  beforeAll(async () => {
    const pipeline = (await manager.get('/api/v1/pipelines')).json().items[0];
    dealIds = [];
    for (const d of [
      { title: 'Поставка насосов', amount: '1234567.89', currency: 'RUB', probability: 40, companyId, expectedCloseDate: '2027-03-31' },
      { title: 'Сервис', amount: '0.10', currency: 'EUR', probability: 100, companyId: hiddenCompanyId },
    ]) {
      const res = await manager.post('/api/v1/deals', { ...d, pipelineId: pipeline.id });
      // The hidden company cannot be linked any more: that deal goes without it.
      dealIds.push(
        (res.statusCode === 201 ? res : await manager.post('/api/v1/deals', { ...d, companyId: undefined, pipelineId: pipeline.id })).json()
          .id,
      );
    }
    await ctx.admin.post('/api/v1/deals', { title: 'Чужая сделка', amount: '5', companyId: hiddenCompanyId, ownerId: colleague.user.id });
    const act = await manager.post('/api/v1/activities', {
      type: 'call',
      subject: 'Позвонить насчёт насосов',
      dueAt: '2026-12-10T09:30:00Z',
      companyId,
      dealId: dealIds[0],
    });
    expect(act.statusCode, act.body).toBe(201);
    await manager.post('/api/v1/activities', { type: 'task', subject: 'Подготовить КП', dueAt: '2026-12-11T12:00:00Z' });
  });

  it('companies: the list filters, requisites as text', async () => {
    const res = await manager.get('/api/v1/companies/export?tag=vip&columns=name,inn,owner');
    const rows = parseCsv(res.body.slice(1), ';');
    expect(rows).toEqual([
      ['Название', 'ИНН', 'Ответственный'],
      ['ООО «Открытая»', '7707083893', 'Мария Менеджер'],
    ]);
    const all = await manager.get('/api/v1/companies/export');
    expect(all.body).not.toContain(SECRET_COMPANY);
  });

  it('deals as CSV: exact amounts with a decimal comma for ru, a point for en; dates spreadsheets read', async () => {
    const ru = await manager.get(
      '/api/v1/deals/export?sort=amount&columns=title,amount,currency,probability,expectedCloseDate,status,company',
    );
    const rows = parseCsv(ru.body.slice(1), ';');
    expect(rows).toEqual([
      ['Сделка', 'Сумма', 'Валюта', 'Вероятность, %', 'Ожидаемая дата подписания', 'Статус', 'Компания'],
      ['Сервис', '0,10', 'EUR', '100', '', 'В работе', ''],
      ['Поставка насосов', '1234567,89', 'RUB', '40', '2027-03-31', 'В работе', 'ООО «Открытая»'],
    ]);
    await setLanguage(manager, 'en');
    const en = await manager.get('/api/v1/deals/export?sort=-amount&columns=title,amount');
    expect(parseCsv(en.body.slice(1), ',')).toEqual([
      ['Deal', 'Amount'],
      ['Поставка насосов', '1234567.89'],
      ['Сервис', '0.10'],
    ]);
    await setLanguage(manager, 'ru');
  });

  it('deals as XLSX: exceljs opens it; amounts are numbers, dates are dates, the header is bold', async () => {
    const res = await manager.get('/api/v1/deals/export?format=xlsx&sort=amount&columns=title,amount,expectedCloseDate,createdAt,pipeline');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('сделки');
    expect(ws.getRow(1).values).toEqual([undefined, 'Сделка', 'Сумма', 'Ожидаемая дата подписания', 'Создана', 'Воронка']);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.rowCount).toBe(3);
    const pumps = ws.getRow(3);
    expect(pumps.getCell(1).value).toBe('Поставка насосов');
    expect(pumps.getCell(2).value).toBe(1234567.89);
    expect(pumps.getCell(2).numFmt).toBe('#,##0.00');
    expect(pumps.getCell(3).value).toEqual(new Date(Date.UTC(2027, 2, 31)));
    expect(pumps.getCell(3).numFmt).toBe('dd.mm.yyyy');
    expect(pumps.getCell(4).value).toBeInstanceOf(Date);
    expect(typeof pumps.getCell(5).value).toBe('string');
    expect(ws.getRow(2).getCell(3).value).toBeNull();
  });

  it("activities: the list's filters, times on the user's wall clock, linked names for the viewer", async () => {
    const res = await manager.get('/api/v1/activities/export?type=call&columns=type,subject,dueAt,company,deal,done');
    const rows = parseCsv(res.body.slice(1), ';');
    // Europe/Moscow is UTC+3 all year.
    expect(rows).toEqual([
      ['Тип', 'Тема', 'Срок', 'Компания', 'Сделка', 'Выполнено'],
      ['Звонок', 'Позвонить насчёт насосов', '2026-12-10 12:30:00', 'ООО «Открытая»', 'Поставка насосов', 'Нет'],
    ]);
    const theirs = await colleague.get('/api/v1/activities/export');
    expect(theirs.body).not.toContain('насос');
  });
});

describe('exports larger than a request carries run as a job', () => {
  let big: TestContext;
  let owner: Caller;
  let other: Caller;

  beforeAll(async () => {
    big = await createTestContext({ env: { ORBITA_EXPORT_STREAM_MAX_ROWS: '3', ORBITA_EXPORT_RETENTION_HOURS: '2' } });
    owner = await big.userWith('manager');
    other = await big.userWith('manager');
    for (let i = 0; i < 7; i++) await owner.post('/api/v1/contacts', { firstName: `Имя${i}`, lastName: 'Фонов', tags: ['bulk'] });
    await owner.post('/api/v1/contacts', { firstName: 'Вне', lastName: 'Фильтра' });
    await big.startJobs();
  });
  afterAll(async () => {
    await big.close();
  });

  async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const v = await f();
      if (ok(v)) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('timed out');
  }

  it('202 with a job; progress; the file downloads once done and holds the filtered list; others get 404', async () => {
    const res = await owner.get('/api/v1/contacts/export?tag=bulk&sort=name&columns=firstName,lastName');
    expect(res.statusCode, res.body).toBe(202);
    const job = res.json();
    expect(res.headers.location).toBe(`/api/v1/exports/${job.id}`);
    expect(job).toMatchObject({ entity: 'contacts', format: 'csv', total: 4, downloadUrl: null });
    expect(['queued', 'running']).toContain(job.status);
    expect(new Date(job.expiresAt).getTime() - Date.now()).toBeGreaterThan(1.9 * 3600_000);
    const early = await owner.get(`/api/v1/exports/${job.id}/file`);
    if (early.statusCode !== 200) expect(early.json().error.code).toBe('EXPORT_NOT_READY');
    const done = await until(
      async () => (await owner.get(`/api/v1/exports/${job.id}`)).json(),
      (j) => j.status === 'done',
    );
    expect(done).toMatchObject({ total: 7, processed: 7, downloadUrl: `/api/v1/exports/${job.id}/file` });
    const file = await owner.get(done.downloadUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(Number(file.headers['content-length'])).toBe(done.size);
    const rows = parseCsv(file.body.slice(1), ';');
    expect(rows.length).toBe(8);
    expect(rows.slice(1).every((r) => r[1] === 'Фонов')).toBe(true);
    expect((await other.get(`/api/v1/exports/${job.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/exports/${job.id}/file`)).statusCode).toBe(404);
    expect((await big.admin.get(`/api/v1/exports/${job.id}`)).statusCode).toBe(404);
  });

  it('an XLSX job gives the same workbook rows', async () => {
    const res = await owner.get('/api/v1/contacts/export?tag=bulk&format=xlsx&columns=fullName');
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    await until(
      async () => (await owner.get(`/api/v1/exports/${id}`)).json(),
      (j) => j.status === 'done',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await owner.get(`/api/v1/exports/${id}/file`)).rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].rowCount).toBe(8);
  });

  it('an expired export is gone: 404, and the pruning deletes its file', async () => {
    const res = await owner.get('/api/v1/contacts/export?tag=bulk');
    const id = res.json().id;
    await until(
      async () => (await owner.get(`/api/v1/exports/${id}`)).json(),
      (j) => j.status === 'done',
    );
    await big.db
      .updateTable('exports')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect((await owner.get(`/api/v1/exports/${id}`)).statusCode).toBe(404);
    expect((await owner.get(`/api/v1/exports/${id}/file`)).statusCode).toBe(404);
    expect(await pruneExports(big.db)).toBeGreaterThanOrEqual(1);
    const left = await big.db.selectFrom('export_chunks').select('seq').where('export_id', '=', id).execute();
    expect(left).toEqual([]);
  });
});
