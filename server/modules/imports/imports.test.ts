import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { csv, importFile, undo, upload, type Form } from './imports.testing.js';
import { zonedToUtc } from '../../../contracts/time.js';
import type { JobRunner } from '../../platform/jobs.js';

let ctx: TestContext;
let jobs: JobRunner;

beforeAll(async () => {
  ctx = await createTestContext();
  jobs = await ctx.startJobs();
});
afterAll(async () => {
  await jobs?.stop();
  await ctx?.close();
});

describe('CSV contacts with their companies', () => {
  it('imports a cp1251 file with semicolons (Excel on a Russian Windows), companies found or created once', async () => {
    const text = csv([
      ['Имя', 'Фамилия', 'Компания', 'ИНН', 'Мобильный телефон', 'Рабочий email', 'Должность'],
      ['Иван', 'Петров', 'ООО «Ромашка»', '7707083893', '8 (916) 111-22-33', 'ivan@romashka.test', 'Директор'],
      ['Мария', 'Сидорова', 'ООО «Ромашка»', '7707083893', '+7 916 111-22-34', 'maria@romashka.test', 'Бухгалтер'],
      ['Олег', 'Кузнецов', 'ИП Кузнецов', '', '+7 916 111-22-35', '', ''],
    ]);
    const result = await importFile(ctx.admin, iconv.encode(text, 'cp1251'), 'контакты.csv', { entity: 'contacts' });
    expect(result).toMatchObject({
      status: 'done',
      encoding: 'cp1251',
      delimiter: ';',
      total: 3,
      processed: 3,
      created: 3,
      rejected: 0,
      linkedCreated: 2,
    });
    const contacts = await ctx.db
      .selectFrom('contacts')
      .select(['first_name', 'company_id', 'phones', 'position'])
      .where('workspace_id', '=', ctx.workspaceId)
      .execute();
    const ivan = contacts.find((c) => c.first_name === 'Иван')!;
    const maria = contacts.find((c) => c.first_name === 'Мария')!;
    expect(ivan.phones).toEqual([{ type: 'mobile', number: '+79161112233' }]);
    expect(ivan.position).toBe('Директор');
    expect(ivan.company_id).toBe(maria.company_id);
    const company = await ctx.db
      .selectFrom('companies')
      .select(['name', 'inn'])
      .where('id', '=', ivan.company_id!)
      .executeTakeFirstOrThrow();
    expect(company).toEqual({ name: 'ООО «Ромашка»', inn: '7707083893' });
    // Each record has its own audit entry and timeline entry, as if created through the API.
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['entity', 'action'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('action', '=', 'create')
      .execute();
    expect(audit.filter((a) => a.entity === 'contact')).toHaveLength(3);
    expect(audit.filter((a) => a.entity === 'company')).toHaveLength(2);
  });
});

describe('rejected rows and warnings', () => {
  it('names the row, column and reason in the user language; an unreadable phone keeps the record and warns', async () => {
    const text = csv(
      [
        ['Имя', 'Фамилия', 'Компания', 'ИНН', 'Телефон', 'Email'],
        ['Анна', 'Белова', 'ООО «Кривой ИНН»', '7707083894', '+7 916 222-33-44', ''],
        ['', '', '', '', '+7 916 222-33-45', 'nobody@test.local'],
        ['Борис', 'Волков', '', '', '12-34-56', 'не почта'],
        ['Вера', 'Глебова', '', '', '12-34-56', 'vera@test.local'],
      ],
      ',',
    );
    const result = await importFile(ctx.admin, Buffer.from(text, 'utf8'), 'bad.csv', { entity: 'contacts' }, 'ru');
    expect(result).toMatchObject({ status: 'done', delimiter: ',', encoding: 'utf-8', total: 4, created: 1, rejected: 3, warningCount: 1 });
    const byRow = (n: number) => result.errors.filter((e: { row: number }) => e.row === n);
    expect(byRow(1)).toEqual([
      expect.objectContaining({ column: 'ИНН', field: 'company.inn', code: 'INN_CHECKSUM', message: expect.stringContaining('ИНН') }),
    ]);
    expect(byRow(2)).toEqual([
      expect.objectContaining({ field: 'firstName', code: 'imports.rules.nameRequired', message: 'Нет имени: без него запись не создать' }),
    ]);
    expect(byRow(3)).toEqual([expect.objectContaining({ column: 'Email', field: 'emails.0.address', code: 'invalid_email' })]);
    expect(result.warnings.map((w: { row: number; column: string; code: string }) => [w.row, w.column, w.code])).toEqual([
      [4, 'Телефон', 'imports.rules.phoneUnreadable'],
    ]);
    const vera = await ctx.db.selectFrom('contacts').select(['phones', 'notes']).where('first_name', '=', 'Вера').executeTakeFirstOrThrow();
    expect(vera.phones).toEqual([]);
    expect(vera.notes).toBe('Телефон, как в файле: 12-34-56');
    // The download has every rejected row as it was, with its number and reasons.
    const file = await ctx.admin.req({ method: 'GET', url: `/api/v1/imports/${result.id}/rejected?format=csv`, lang: 'ru' });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = file.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Имя,Фамилия,Компания,ИНН,Телефон,Email,Строка,Проблема');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^Анна,Белова,ООО «Кривой ИНН»,7707083894,\+7 916 222-33-44,,1,"ИНН: Неверный ИНН/);
    const xlsx = await ctx.admin.req({ method: 'GET', url: `/api/v1/imports/${result.id}/rejected?format=xlsx`, lang: 'bg' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(4);
    expect(ws.getRow(1).getCell(8).value).toBe('Проблем');
    expect(String(ws.getRow(3).getCell(8).value)).toContain('Няма име');
  });
});

describe('dry run', () => {
  it('reports what the run would do and stores no record', async () => {
    const before = await counts();
    const text = csv(
      [
        ['First Name', 'Last Name', 'Email', 'Company Name'],
        ['Dry', 'One', 'dry1@test.local', 'Dry Ltd'],
        ['Dry', 'Two', 'dry1@test.local', 'Dry Ltd'],
        ['', 'Three', 'bad', ''],
      ],
      ',',
    );
    const result = await importFile(ctx.admin, Buffer.from(text), 'dry.csv', { entity: 'contacts', preset: 'hubspot', dryRun: 'true' });
    expect(result).toMatchObject({ status: 'done', dryRun: true, created: 1, skipped: 1, rejected: 1, linkedCreated: 1 });
    expect(await counts()).toEqual(before);
    // Undo of a dry run: nothing to undo.
    expect((await ctx.admin.post(`/api/v1/imports/${result.id}/undo`, {})).statusCode).toBe(409);
  });
});

async function counts() {
  const one = async (t: 'contacts' | 'companies' | 'audit_log' | 'timeline_events') =>
    Number(
      (
        await ctx.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('workspace_id', '=', ctx.workspaceId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    contacts: await one('contacts'),
    companies: await one('companies'),
    audit: await one('audit_log'),
    timeline: await one('timeline_events'),
  };
}

describe('duplicates', () => {
  const file = (rows: string[][]) => Buffer.from(csv([['Имя', 'Фамилия', 'Телефон', 'Email', 'Должность'], ...rows]));

  it('skip, update and create against the database and within the file', async () => {
    const existing = (
      await ctx.admin.post('/api/v1/contacts', { firstName: 'Дубль', phones: [{ type: 'work', number: '+7 916 555-00-01' }] })
    ).json();
    const rows = [
      ['Дубль', 'Из файла', '8 916 555 00 01', '', 'Снабженец'],
      ['Новый', 'Один', '+7 916 555-00-02', 'novy@test.local', ''],
      ['Новый', 'Второй раз', '', 'NOVY@test.local', 'Инженер'],
    ];
    const skip = await importFile(ctx.admin, file(rows), 'd1.csv', { entity: 'contacts', duplicates: 'skip' });
    expect(skip).toMatchObject({ created: 1, skipped: 2, updated: 0 });
    expect(skip.warnings.map((w: { code: string; row: number }) => [w.row, w.code])).toEqual([
      [1, 'imports.rules.duplicateSkipped'],
      [3, 'imports.rules.duplicateInFile'],
    ]);

    const update = await importFile(ctx.admin, file(rows), 'd2.csv', { entity: 'contacts', duplicates: 'update' });
    // The second row is there already as the file has it: nothing to change, so skipped.
    expect(update).toMatchObject({ created: 0, updated: 2, skipped: 1 });
    const updated = (await ctx.admin.get(`/api/v1/contacts/${existing.id}`)).json();
    expect(updated).toMatchObject({ lastName: 'Из файла', position: 'Снабженец', phones: [{ number: '+79165550001' }] });

    const create = await importFile(ctx.admin, file(rows), 'd3.csv', { entity: 'contacts', duplicates: 'create' });
    expect(create).toMatchObject({ created: 3, skipped: 0 });
    const dubl = await ctx.db
      .selectFrom('contacts')
      .select('id')
      .where('first_name', '=', 'Дубль')
      .where('deleted_at', 'is', null)
      .execute();
    expect(dubl).toHaveLength(2);

    // Undo of the update puts the old values back; of the creation, bins the records.
    const undone = await undo(ctx.admin, update.id);
    expect(undone.undo).toMatchObject({ status: 'done', reverted: 2, kept: 0 });
    expect((await ctx.admin.get(`/api/v1/contacts/${existing.id}`)).json()).toMatchObject({ lastName: null, position: null });
    expect((await undo(ctx.admin, create.id)).undo).toMatchObject({ reverted: 3 });
    expect(
      await ctx.db.selectFrom('contacts').select('id').where('first_name', '=', 'Дубль').where('deleted_at', 'is', null).execute(),
    ).toHaveLength(1);
  });

  it('companies by INN and EIK', async () => {
    await ctx.admin.post('/api/v1/companies', { name: 'Старое имя', inn: '7736207543' });
    const text = csv([
      ['Название компании', 'ИНН', 'ЕИК', 'Сфера деятельности'],
      ['ООО «Яндекс»', '7736207543', '', 'ИТ'],
      ['„Тест“ ООД', '', '131071587', 'Търговия'],
      ['„Тест“ ЕООД', '', '131071587', ''],
    ]);
    const result = await importFile(ctx.admin, Buffer.from(text), 'c.csv', {
      entity: 'companies',
      preset: 'bitrix24',
      duplicates: 'update',
    });
    expect(result).toMatchObject({ status: 'done', created: 1, updated: 2, rejected: 0 });
    const ya = await ctx.db.selectFrom('companies').select(['name', 'industry']).where('inn', '=', '7736207543').execute();
    expect(ya).toEqual([{ name: 'ООО «Яндекс»', industry: 'ИТ' }]);
    const bg = await ctx.db.selectFrom('companies').select(['name', 'country']).where('eik', '=', '131071587').execute();
    expect(bg).toEqual([{ name: '„Тест“ ЕООД', country: 'BG' }]);
  });
});

describe('owners', () => {
  it('matches owners by name or e-mail; a manager may import only as their own records', async () => {
    const head = await ctx.userWith('head_of_sales', { name: 'Ольга Руководитель' });
    const team = await ctx.createTeam('Импорт', head.user.id);
    const manager = await ctx.userWith('manager', { teamId: team, name: 'Пётр Менеджер' });
    const other = await ctx.userWith('manager', { name: 'Чужой Менеджер' });
    const text = csv([
      ['Имя', 'Ответственный'],
      ['Своё', 'Пётр Менеджер'],
      ['Чужое', 'Чужой Менеджер'],
      ['Без владельца', ''],
      ['Неизвестный', 'Никто Никтович'],
    ]);
    const asManager = await importFile(manager, Buffer.from(text), 'owners.csv', { entity: 'contacts' });
    expect(asManager).toMatchObject({ created: 2, rejected: 2 });
    expect(asManager.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [2, 'Ответственный', 'OWNER_NOT_ALLOWED'],
      [4, 'Ответственный', 'imports.rules.ownerUnknown'],
    ]);
    const mine = await ctx.db
      .selectFrom('contacts')
      .select(['first_name', 'owner_id'])
      .where('first_name', 'in', ['Своё', 'Без владельца'])
      .execute();
    expect(mine.every((c) => c.owner_id === manager.user.id)).toBe(true);
    // The head of sales may give records to their team, not to another team's manager.
    const asHead = await importFile(
      head,
      Buffer.from(
        csv([
          ['Имя', 'Ответственный'],
          ['Команде', manager.user.email],
          ['Чужому', other.user.email],
        ]),
      ),
      'h.csv',
      {
        entity: 'contacts',
      },
    );
    expect(asHead).toMatchObject({ created: 1, rejected: 1 });
    expect(
      (await ctx.db.selectFrom('contacts').select('owner_id').where('first_name', '=', 'Команде').executeTakeFirstOrThrow()).owner_id,
    ).toBe(manager.user.id);
    // Another manager cannot see either import.
    expect((await other.get(`/api/v1/imports/${asManager.id}`)).statusCode).toBe(404);
  });
});

describe('formats and encodings', () => {
  const rows = [
    ['Имя', 'Фамилия', 'Телефон', 'Заметки'],
    ['Гоша', 'Ёлкин', '+7 916 700-00-01', 'Первая строка\nвторая строка; с точкой с запятой, и запятой'],
    ['Зоя', 'Щукина', '+359 888 123 456', 'Бележка'],
  ];
  const read = async (file: Buffer, name: string, fields: Form = {}) => {
    const res = await upload(ctx.admin, file, name, { entity: 'contacts', ...fields }, '/api/v1/imports/preview');
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const expectRows = (p: { columns: string[]; rows: string[][]; total: number }) => {
    expect(p.columns).toEqual(rows[0]);
    expect(p.rows).toEqual(rows.slice(1));
    expect(p.total).toBe(2);
  };

  it('UTF-8 with and without BOM, UTF-16 from Excel, cp1251, cp866; comma, semicolon and tab; quoted line breaks', async () => {
    const cases: [Buffer, string, string][] = [
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(rows, ','))]), 'utf-8', ','],
      [Buffer.from(csv(rows, ';')), 'utf-8', ';'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv(rows, '\t'), 'utf-16le')]), 'utf-16le', '\t'],
      [iconv.encode(csv(rows, ';'), 'cp1251'), 'cp1251', ';'],
      [iconv.encode(csv(rows, ','), 'cp866'), 'cp866', ','],
    ];
    for (const [bytes, encoding, delimiter] of cases) {
      const p = await read(bytes, 'f.csv');
      expect([p.format, p.encoding, p.delimiter], `${encoding} ${JSON.stringify(delimiter)}`).toEqual(['csv', encoding, delimiter]);
      expectRows(p);
      expect(p.mapping).toEqual({ Имя: 'firstName', Фамилия: 'lastName', Телефон: 'phone:work', Заметки: 'notes' });
    }
    // What the user corrects in the preview wins over what was detected.
    expect((await read(iconv.encode(csv(rows, ';'), 'cp1251'), 'f.csv', { encoding: 'cp866' })).encoding).toBe('cp866');
  });

  it('XLSX: the first sheet or a chosen one; dates, numbers and formulas as text', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Пусто').addRow(['Имя']);
    const ws = wb.addWorksheet('Контакты');
    ws.addRow(['Имя', 'Фамилия', 'Телефон', 'Дата рождения', 'ИНН компании']);
    ws.addRow(['Лев', 'Толстой', 79167000002, new Date(Date.UTC(1980, 8, 9)), 7707083893]);
    ws.addRow(['Анна', { formula: '"Каре"&"нина"', result: 'Каренина' }, '+7 916 700-00-03', '09.09.1981', '']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const first = await read(bytes, 'book.xlsx');
    expect(first).toMatchObject({ format: 'xlsx', sheets: ['Пусто', 'Контакты'], sheet: 'Пусто', columns: ['Имя'], total: 0 });
    const p = await read(bytes, 'book.xlsx', { sheet: 'Контакты' });
    expect(p.rows).toEqual([
      ['Лев', 'Толстой', '79167000002', '1980-09-09', '7707083893'],
      ['Анна', 'Каренина', '+7 916 700-00-03', '09.09.1981', ''],
    ]);
    const result = await importFile(ctx.admin, bytes, 'book.xlsx', {
      entity: 'contacts',
      sheet: 'Контакты',
      preset: 'bitrix24',
      mapping: JSON.stringify({ ...p.mapping, 'ИНН компании': 'companyInn' }),
    });
    expect(result).toMatchObject({ status: 'done', created: 2, rejected: 0 });
    const lev = await ctx.db
      .selectFrom('contacts')
      .select(['birthday', 'phones', 'company_id'])
      .where('first_name', '=', 'Лев')
      .executeTakeFirstOrThrow();
    expect(lev.birthday).toBe('1980-09-09');
    expect(lev.phones).toEqual([{ type: 'work', number: '+79167000002' }]);
    expect(lev.company_id).not.toBeNull();
  });

  it('refuses what it cannot read, naming the field', async () => {
    const bad = await upload(ctx.admin, Buffer.from('PK\u0003\u0004 not a zip'), 'x.xlsx', { entity: 'contacts' }, '/api/v1/imports', 'ru');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'IMPORT_FILE_UNREADABLE', fields: [{ path: 'file', code: 'imports.rules.xlsx' }] });
    const mapping = await upload(ctx.admin, Buffer.from('Имя;Телефон\nА;1'), 'm.csv', {
      entity: 'contacts',
      mapping: JSON.stringify({ Имя: 'firstName', Нет: 'lastName', Телефон: 'salary' }),
    });
    expect(mapping.statusCode).toBe(422);
    expect(mapping.json().error.fields.map((f: { code: string }) => f.code)).toEqual([
      'imports.rules.unknownColumn',
      'imports.rules.unknownField',
    ]);
    const noFile = await ctx.admin.req({ method: 'POST', url: '/api/v1/imports', payload: { entity: 'contacts' } });
    expect(noFile.statusCode).toBe(400);
    const entity = await upload(ctx.admin, Buffer.from('Название;Сумма\nСделка;100'), 'deals.csv', { entity: 'nothing' });
    expect(entity.statusCode).toBe(400);
    expect(entity.json().error.fields[0].path).toBe('entity');
  });

  it('one import of a file at a time', async () => {
    const bytes = Buffer.from(csv([['Имя'], ['Один раз']]));
    await jobs.stop();
    try {
      const first = await upload(ctx.admin, bytes, 'once.csv', { entity: 'contacts' });
      expect(first.statusCode).toBe(202);
      const second = await upload(ctx.admin, bytes, 'once-again.csv', { entity: 'contacts' });
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('IMPORT_ALREADY_RUNNING');
      // A cancelled import lets the file go again; its dry run may run beside it.
      const cancelled = await ctx.admin.post(`/api/v1/imports/${first.json().id}/cancel`, {});
      expect(cancelled.json().status).toBe('cancelled');
      expect((await upload(ctx.admin, bytes, 'once.csv', { entity: 'contacts', dryRun: 'true' })).statusCode).toBe(202);
      expect((await upload(ctx.admin, bytes, 'once.csv', { entity: 'contacts' })).statusCode).toBe(202);
    } finally {
      jobs = await ctx.startJobs();
    }
  });
});

describe('vCard', () => {
  /** QUOTED-PRINTABLE of a text in cp1251, as Outlook writes a 2.1 card. */
  const qp = (text: string) => [...iconv.encode(text, 'cp1251')].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

  it('2.1 from Outlook (cp1251, quoted-printable) and 3.0 go through the same pipeline as a CSV', async () => {
    const card21 = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      `N;CHARSET=Windows-1251;ENCODING=QUOTED-PRINTABLE:${qp('Визиткин')};${qp('Иван')}`,
      `ORG;CHARSET=Windows-1251;ENCODING=QUOTED-PRINTABLE:${qp('ООО «Визитка»')}`,
      'TEL;CELL:+7 916 777-00-01',
      'EMAIL;INTERNET:ivan@vcard.test',
      'END:VCARD',
    ];
    const card30 = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Smith;Anna;;;',
      'FN:Anna Smith',
      'TEL;TYPE=WORK:+359 888 777 002',
      'BDAY:--0909',
      'END:VCARD',
    ];
    const bytes = Buffer.from([...card21, ...card30].join('\r\n') + '\r\n', 'latin1');
    const preview = await upload(ctx.admin, bytes, 'outlook.vcf', { entity: 'contacts' }, '/api/v1/imports/preview');
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      format: 'vcf',
      total: 2,
      mapping: { 'N given': 'firstName', 'N family': 'lastName', ORG: 'company', 'TEL mobile': 'phone:mobile' },
    });
    const result = await importFile(ctx.admin, bytes, 'outlook.vcf', { entity: 'contacts' });
    expect(result).toMatchObject({ status: 'done', format: 'vcf', created: 2, rejected: 0, warningCount: 1, linkedCreated: 1 });
    expect(result.warnings).toEqual([expect.objectContaining({ row: 2, code: 'vcard.warnings.birthdayWithoutYear' })]);
    const ivan = await ctx.db
      .selectFrom('contacts')
      .select(['last_name', 'phones', 'emails', 'company_id'])
      .where('first_name', '=', 'Иван')
      .where('last_name', '=', 'Визиткин')
      .executeTakeFirstOrThrow();
    expect(ivan.phones).toEqual([{ type: 'mobile', number: '+79167770001' }]);
    // INTERNET says nothing of work or home.
    expect(ivan.emails).toEqual([{ type: 'other', address: 'ivan@vcard.test' }]);
    expect((await ctx.db.selectFrom('companies').select('name').where('id', '=', ivan.company_id!).executeTakeFirstOrThrow()).name).toBe(
      'ООО «Визитка»',
    );
    const anna = await ctx.db.selectFrom('contacts').select(['phones']).where('first_name', '=', 'Anna').executeTakeFirstOrThrow();
    expect(anna.phones).toEqual([{ type: 'work', number: '+359888777002' }]);
    const companies = await upload(ctx.admin, bytes, 'outlook.vcf', { entity: 'companies' });
    expect(companies.statusCode).toBe(422);
    expect(companies.json().error.fields[0]).toMatchObject({ path: 'entity', code: 'imports.rules.vcfContactsOnly' });
  });
});

describe('presets of other CRMs', () => {
  it('amoCRM: contacts and companies in one file told apart by «Тип», dates dd-mm-yyyy hh:mm:ss, tags, notes, several phones', async () => {
    const owner = await ctx.userWith('manager', { name: 'Анна Амо' });
    const text = csv([
      [
        'ID',
        'Тип',
        'Полное имя контакта',
        'Название компании',
        'Ответственный',
        'Дата создания контакта',
        'Теги',
        'Примечание 1',
        'Примечание 2',
        'Рабочий телефон',
        'Мобильный телефон',
        'Рабочий email',
        'Должность',
        'Web',
      ],
      [
        '1',
        'компания',
        'ООО «Амо Групп»',
        'ООО «Амо Групп»',
        'Анна Амо',
        '05-03-2024 14:30:00',
        'vip, опт',
        'Клиент с 2019',
        '',
        '+7 495 111-22-33',
        '',
        'info@amo.test',
        '',
        'amo.test',
      ],
      [
        '2',
        'контакт',
        'Смирнов Олег Петрович',
        'ООО «Амо Групп»',
        'Анна Амо',
        '06-03-2024 09:05:10',
        'vip',
        'Звонить после 12',
        'Любит футбол',
        '+7 495 111-22-34',
        '+7 916 111-22-36, +7 916 111-22-37',
        'oleg@amo.test',
        'Закупщик',
        '',
      ],
      ['3', 'сделка', 'Не то', '', '', '', '', '', '', '', '', '', '', ''],
    ]);
    const result = await importFile(ctx.admin, Buffer.from(text), 'amocrm_export.csv', {
      entity: 'contacts',
      preset: 'amocrm',
      unmappedToNotes: 'true',
    });
    expect(result).toMatchObject({ status: 'done', created: 2, rejected: 1, linkedCreated: 0 });
    expect(result.errors[0]).toMatchObject({ row: 3, column: 'Тип', code: 'imports.rules.typeUnknown' });
    const company = await ctx.db.selectFrom('companies').selectAll().where('name', '=', 'ООО «Амо Групп»').executeTakeFirstOrThrow();
    expect(company).toMatchObject({
      owner_id: owner.user.id,
      tags: ['vip', 'опт'],
      website: 'amo.test',
      phones: [{ type: 'work', number: '+74951112233' }],
    });
    expect(company.created_at.toISOString()).toBe(zonedToUtc(2024, 3, 5, 14, 30, ctx.admin.user.timeZone).toISOString());
    const oleg = await ctx.db
      .selectFrom('contacts')
      .selectAll()
      .where('last_name', '=', 'Смирнов')
      .where('first_name', '=', 'Олег')
      .executeTakeFirstOrThrow();
    expect(oleg).toMatchObject({
      middle_name: 'Петрович',
      company_id: company.id,
      position: 'Закупщик',
      owner_id: owner.user.id,
      tags: ['vip'],
    });
    expect(oleg.phones).toEqual([
      { type: 'mobile', number: '+79161112236' },
      { type: 'mobile', number: '+79161112237' },
      { type: 'work', number: '+74951112234' },
    ]);
    expect(oleg.notes).toBe('Звонить после 12\nЛюбит футбол\nID: 2');
  });

  it('Bitrix24: its import template codes with semicolons, and its Russian headers with dd.mm.yyyy', async () => {
    const codes = Buffer.from(
      csv([
        ['NAME', 'LAST_NAME', 'SECOND_NAME', 'PHONE_WORK', 'EMAIL_WORK', 'POST', 'COMPANY_TITLE'],
        ['Битрикс', 'Кодов', 'Иванович', '+7 916 333-00-01', 'codes@b24.test', 'Инженер', 'ООО «Б24»'],
      ]),
    );
    const a = await importFile(ctx.admin, codes, 'b24-template.csv', { entity: 'contacts', preset: 'bitrix24' });
    expect(a).toMatchObject({ status: 'done', created: 1, rejected: 0, linkedCreated: 1 });
    const headers = iconv.encode(
      csv([
        ['Имя', 'Отчество', 'Фамилия', 'Дата рождения', 'Компания', 'Источник', 'Комментарий', 'Мобильный телефон', 'Частный e-mail'],
        ['Светлана', 'Игоревна', 'Русская', '01.02.1990', 'ООО «Б24»', 'Сайт', 'Из Битрикса', '89163330002', 'sveta@b24.test'],
      ]),
      'cp1251',
    );
    const b = await importFile(ctx.admin, headers, 'b24-contacts.csv', { entity: 'contacts', preset: 'bitrix24' });
    expect(b).toMatchObject({ status: 'done', created: 1, linkedCreated: 0 });
    const both = await ctx.db
      .selectFrom('contacts')
      .select(['first_name', 'middle_name', 'birthday', 'source', 'company_id', 'emails'])
      .where('first_name', 'in', ['Битрикс', 'Светлана'])
      .orderBy('first_name')
      .execute();
    expect(both[0]).toMatchObject({ first_name: 'Битрикс', middle_name: 'Иванович' });
    expect(both[1]).toMatchObject({
      first_name: 'Светлана',
      birthday: '1990-02-01',
      source: 'Сайт',
      emails: [{ type: 'personal', address: 'sveta@b24.test' }],
    });
    expect(both[0].company_id).toBe(both[1].company_id);
  });

  it('HubSpot and Pipedrive: English headers, owners by e-mail, US dates, person and organisation columns', async () => {
    const owner = await ctx.userWith('manager', { name: 'Hub Owner' });
    const hub = csv(
      [
        ['First Name', 'Last Name', 'Email', 'Phone Number', 'Contact owner', 'Lifecycle Stage', 'Create Date', 'Company Name'],
        ['John', 'Hubbard', 'john@hub.test', '+1 212 555 0101', owner.user.email, 'customer', '03/15/2024 10:20', 'Hub Inc'],
      ],
      ',',
    );
    const h = await importFile(ctx.admin, Buffer.from(hub), 'hubspot-contacts.csv', { entity: 'contacts', preset: 'hubspot' });
    expect(h).toMatchObject({ status: 'done', created: 1, rejected: 0 });
    const john = await ctx.db.selectFrom('contacts').selectAll().where('first_name', '=', 'John').executeTakeFirstOrThrow();
    expect(john).toMatchObject({ owner_id: owner.user.id, segment: 'customer', phones: [{ type: 'work', number: '+12125550101' }] });
    expect(john.created_at.toISOString().slice(0, 10)).toBe('2024-03-15');
    const pipe = csv(
      [
        ['Person - Name', 'Person - Email - Work', 'Person - Phone - Mobile', 'Organization - Name', 'Person - Labels'],
        ['Petra Pipe', 'petra@pipe.test', '+359 888 555 010', 'Pipe EOOD', 'hot'],
      ],
      ',',
    );
    const p = await importFile(ctx.admin, Buffer.from(pipe), 'pipedrive-people.csv', { entity: 'contacts', preset: 'pipedrive' });
    expect(p).toMatchObject({ status: 'done', created: 1, linkedCreated: 1 });
    const petra = await ctx.db.selectFrom('contacts').selectAll().where('first_name', '=', 'Petra').executeTakeFirstOrThrow();
    expect(petra).toMatchObject({ last_name: 'Pipe', tags: ['hot'], phones: [{ type: 'mobile', number: '+359888555010' }] });
  });
});
