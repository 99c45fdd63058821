import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';
import type { JobRunner } from '../../platform/jobs.js';
import { parseAmount } from './imports.sales.js';
import { csv, importFile, undo, upload } from './imports.testing.js';

let ctx: TestContext;
let jobs: JobRunner;
type Stage = { id: string; name: string; kind: 'open' | 'won' | 'lost' };
let pipeline: { id: string; name: string; stages: Stage[] };
let reason: { id: string; name: string };

beforeAll(async () => {
  ctx = await createTestContext();
  jobs = await ctx.startJobs();
  pipeline = (await ctx.admin.get('/api/v1/pipelines')).json().items[0];
  reason = (await ctx.admin.get('/api/v1/lost-reasons')).json().items[0];
});
afterAll(async () => {
  await jobs?.stop();
  await ctx?.close();
});

const stage = (kind: Stage['kind'], n = 0) => pipeline.stages.filter((s) => s.kind === kind)[n];
const dealsTitled = (titles: string[]) =>
  ctx.db
    .selectFrom('deals')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where('title', 'in', titles)
    .where('deleted_at', 'is', null)
    .orderBy('title')
    .execute();

describe('amounts as exports write them', () => {
  it('reads spaces, commas and points as the exports mean them, never as a float', () => {
    expect(parseAmount('1 500 000,50')).toBe('1500000.50');
    expect(parseAmount('1,500,000.50')).toBe('1500000.50');
    expect(parseAmount('1.500.000,05')).toBe('1500000.05');
    expect(parseAmount('$1,500')).toBe('1500');
    expect(parseAmount('12000 руб.')).toBe('12000');
    expect(parseAmount('0,1')).toBe('0.1');
    expect(parseAmount('1.500.000')).toBe('1500000');
  });
});

describe('deals from an amoCRM leads export', () => {
  it('maps stages to the chosen pipeline, links companies and contacts, owners by name; read models as through the API', async () => {
    const manager = await ctx.userWith('manager', { name: 'Анна Продажова' });
    const company = (await ctx.admin.post('/api/v1/companies', { name: 'ООО «Лиды»', inn: '7707083893', ownerId: manager.user.id })).json();
    const contact = (
      await ctx.admin.post('/api/v1/contacts', {
        firstName: 'Степан',
        lastName: 'Лидов',
        ownerId: manager.user.id,
        phones: [{ type: 'mobile', number: '+7 916 700-00-01' }],
      })
    ).json();
    const text = csv([
      [
        'ID',
        'Название сделки',
        'Бюджет',
        'Этап сделки',
        'Ответственный',
        'Компания контакта',
        'Основной контакт',
        'Дата закрытия',
        'utm_source',
      ],
      [
        '101',
        'Поставка станков',
        '1 500 000,50',
        'Первичный контакт',
        'Анна Продажова',
        'ООО «Лиды»',
        'Степан Лидов',
        '31.12.2026',
        'yandex',
      ],
      ['102', 'Сервисный договор', '240000', 'Успешно реализовано', 'Анна Продажова', 'ООО «Лиды»', '', '', ''],
      [
        '101',
        'Поставка станков',
        '1 500 000,50',
        'Первичный контакт',
        'Анна Продажова',
        'ООО «Лиды»',
        'Степан Лидов',
        '31.12.2026',
        'yandex',
      ],
      ['103', 'Без этапа в воронке', '10', 'Неизвестный этап', 'Анна Продажова', '', '', '', ''],
      ['104', 'Чужая компания', '10', 'Первичный контакт', 'Анна Продажова', 'ООО «Нет такой»', '', '', ''],
    ]);
    const stageMapping = JSON.stringify({ 'Первичный контакт': stage('open', 1).id });
    const result = await importFile(ctx.admin, iconv.encode(text, 'cp1251'), 'amocrm_leads.csv', {
      entity: 'deals',
      preset: 'amocrm',
      pipelineId: pipeline.id,
      stageMapping,
      unmappedToNotes: 'true',
    });
    expect(result).toMatchObject({ status: 'done', total: 5, created: 3, skipped: 1, rejected: 1 });
    expect(result.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [4, 'Этап сделки', 'imports.rules.stageUnknown'],
    ]);
    expect(result.warnings.map((w: { row: number; code: string }) => [w.row, w.code])).toEqual([
      [3, 'imports.rules.duplicateInFile'],
      [5, 'imports.rules.linkNotFound'],
    ]);
    const [stanki, service] = await dealsTitled(['Поставка станков', 'Сервисный договор']);
    expect(stanki).toMatchObject({
      amount: '1500000.50',
      stage_id: stage('open', 1).id,
      pipeline_id: pipeline.id,
      owner_id: manager.user.id,
      company_id: company.id,
      expected_close_date: '2026-12-31',
      status: 'open',
    });
    expect(service).toMatchObject({ amount: '240000.00', stage_id: stage('won').id, status: 'won' });
    const links = await ctx.db.selectFrom('deal_contacts').select('contact_id').where('deal_id', '=', stanki.id).execute();
    expect(links).toEqual([{ contact_id: contact.id }]);
    // As through POST /deals: a stage move, an audit entry, the company's timeline, and the
    // unmapped columns as a note on the deal.
    const moves = await ctx.db.selectFrom('deal_stage_moves').select(['to_stage_id']).where('deal_id', '=', stanki.id).execute();
    expect(moves).toEqual([{ to_stage_id: stage('open', 1).id }]);
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', stanki.id).execute();
    expect(audit).toEqual([{ action: 'create' }]);
    const events = await ctx.db
      .selectFrom('timeline_events')
      .select(['entity', 'kind', 'body'])
      .where((eb) => eb.or([eb('entity_id', '=', stanki.id), eb('ref_id', '=', stanki.id)]))
      .execute();
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'company', kind: 'deal_created' }),
        expect.objectContaining({ entity: 'deal', kind: 'note', body: expect.stringContaining('utm_source: yandex') }),
      ]),
    );
    const seen = (await manager.get(`/api/v1/deals/${stanki.id}`)).json();
    expect(seen).toMatchObject({ amount: '1500000.50', companyId: company.id, contactIds: [contact.id] });

    // Undo bins the deals it made.
    expect((await undo(ctx.admin, result.id)).undo).toMatchObject({ status: 'done', reverted: 3, kept: 0 });
    expect(await dealsTitled(['Поставка станков', 'Сервисный договор', 'Чужая компания'])).toEqual([]);
  });
});

describe('deals: status, lost reasons, owners, dry run, duplicates', () => {
  it('Pipedrive: a lost deal gets its reason, an unknown reason or a forbidden owner rejects the row; a dry run stores nothing', async () => {
    const other = await ctx.userWith('manager', { name: 'Other Manager' });
    const manager = await ctx.userWith('manager', { name: 'Pipe Manager' });
    const rows = [
      [
        'Deal - Title',
        'Deal - Value',
        'Deal - Currency',
        'Deal - Stage',
        'Deal - Status',
        'Deal - Lost reason',
        'Deal - Owner',
        'Deal - Expected close date',
      ],
      ['Pipe lost', '1,200.00', 'EUR', stage('open').name, 'Lost', reason.name, manager.user.email, '3/1/2027'],
      ['Pipe won', '5000', 'USD', stage('open').name, 'Won', '', manager.user.email, ''],
      ['Pipe bad reason', '10', 'EUR', stage('open').name, 'Lost', 'No such reason', manager.user.email, ''],
      ['Pipe foreign owner', '10', 'EUR', stage('open').name, 'Open', '', other.user.email, ''],
      ['', '10', 'EUR', stage('open').name, 'Open', '', '', ''],
      ['Pipe bad amount', '-5', 'EUR', stage('open').name, 'Open', '', '', ''],
    ];
    const file = Buffer.from(csv(rows, ','));
    const fields = { entity: 'deals', preset: 'pipedrive' };
    const dry = await importFile(manager, file, 'pipedrive.csv', { ...fields, dryRun: 'true' });
    expect(dry).toMatchObject({ status: 'done', created: 2, rejected: 4 });
    expect(await dealsTitled(['Pipe lost', 'Pipe won'])).toEqual([]);

    const real = await importFile(manager, file, 'pipedrive.csv', fields);
    expect(real).toMatchObject({ created: 2, rejected: 4 });
    expect(real.errors.map((e: { row: number; column: string | null; code: string }) => [e.row, e.column, e.code])).toEqual([
      [3, 'Deal - Lost reason', 'imports.rules.lostReasonUnknown'],
      [4, 'Deal - Owner', 'OWNER_NOT_ALLOWED'],
      [5, 'Deal - Title', 'imports.rules.nameRequired'],
      [6, 'Deal - Value', 'decimal'],
    ]);
    const [lost, won] = await dealsTitled(['Pipe lost', 'Pipe won']);
    expect(lost).toMatchObject({
      status: 'lost',
      stage_id: stage('lost').id,
      lost_reason_id: reason.id,
      lost_comment: reason.name,
      amount: '1200.00',
      currency: 'EUR',
      expected_close_date: '2027-03-01',
      owner_id: manager.user.id,
    });
    expect(won).toMatchObject({ status: 'won', stage_id: stage('won').id, currency: 'USD' });
  });

  it('duplicates by title and company: skipped, updated (undo puts the old values back) or created', async () => {
    const company = (await ctx.admin.post('/api/v1/companies', { name: 'Dup Deals Ltd' })).json();
    const existing = (await ctx.admin.post('/api/v1/deals', { title: 'Dup deal', companyId: company.id, amount: '100' })).json();
    const file = (amount: string) =>
      Buffer.from(
        csv([
          ['Title', 'Amount', 'Company', 'Stage'],
          ['Dup deal', amount, 'Dup Deals Ltd', stage('open', 2).name],
          ['Dup deal', amount, '', ''],
        ]),
      );
    const skip = await importFile(ctx.admin, file('700'), 'dup1.csv', { entity: 'deals' });
    // The second row has no company: another deal than the company's one.
    expect(skip).toMatchObject({ created: 1, skipped: 1 });
    const update = await importFile(ctx.admin, file('900'), 'dup2.csv', { entity: 'deals', duplicates: 'update' });
    expect(update).toMatchObject({ created: 0, updated: 2 });
    const after = (await ctx.admin.get(`/api/v1/deals/${existing.id}`)).json();
    expect(after).toMatchObject({ amount: '900.00', stageId: stage('open', 2).id });
    await undo(ctx.admin, update.id);
    expect((await ctx.admin.get(`/api/v1/deals/${existing.id}`)).json()).toMatchObject({ amount: '100.00', stageId: existing.stageId });
    const create = await importFile(ctx.admin, file('1'), 'dup3.csv', { entity: 'deals', duplicates: 'create' });
    expect(create).toMatchObject({ created: 2 });
  });

  it('refuses a stage mapping onto stages that are not here, and a pipeline that is not', async () => {
    const file = Buffer.from(csv([['Title'], ['X']]));
    const bad = await upload(ctx.admin, file, 'sm.csv', {
      entity: 'deals',
      stageMapping: JSON.stringify({ A: '00000000-0000-4000-8000-000000000000' }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields[0]).toMatchObject({ path: 'stageMapping', code: 'imports.rules.stageMappingUnknown' });
    const noPipeline = await upload(ctx.admin, file, 'sp.csv', { entity: 'deals', pipelineId: '00000000-0000-4000-8000-000000000000' });
    expect(noPipeline.statusCode).toBe(422);
    expect(noPipeline.json().error.fields[0].path).toBe('pipelineId');
  });

  it('the preview lists the values of each column for the stage mapping step', async () => {
    const file = Buffer.from(
      csv([
        ['Title', 'Stage'],
        ['A', 'Новая'],
        ['B', 'Новая'],
        ['C', 'Переговоры'],
      ]),
    );
    const res = await upload(ctx.admin, file, 'pv.csv', { entity: 'deals' }, '/api/v1/imports/preview');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ mapping: { Title: 'title', Stage: 'stage' }, values: { Stage: ['Новая', 'Переговоры'] } });
  });
});

describe('activities', () => {
  it('types in Russian, dates, links by phone, name and deal title; the contact stats and timelines follow; undo removes them', async () => {
    const contact = (
      await ctx.admin.post('/api/v1/contacts', {
        firstName: 'Иван',
        lastName: 'Делов',
        phones: [{ type: 'work', number: '+7 495 700-00-02' }],
      })
    ).json();
    const deal = (await ctx.admin.post('/api/v1/deals', { title: 'Сделка для дел' })).json();
    const text = csv([
      ['Тип', 'Тема', 'Срок', 'Выполнено', 'Результат', 'Телефон контакта', 'Контакт', 'Сделка'],
      [
        'Звонок',
        'Первый звонок',
        '01.03.2026 10:00',
        '01.03.2026 10:05',
        'Договорились о встрече',
        '+7 495 700-00-02',
        '',
        'Сделка для дел',
      ],
      ['Встреча', 'Встреча в офисе', '2026-03-05 15:00', '', '', '', 'Иван Делов', ''],
      ['Звонок', 'Без результата', '02.03.2026 11:00', '02.03.2026 11:00', '', '', 'Иван Делов', ''],
      ['Совещание', 'Непонятный тип', '02.03.2026', '', '', '', '', ''],
      ['Задача', '', '02.03.2026', '', '', '', '', ''],
      [
        'Звонок',
        'Первый звонок',
        '01.03.2026 10:00',
        '01.03.2026 10:05',
        'Договорились о встрече',
        '+7 495 700-00-02',
        '',
        'Сделка для дел',
      ],
    ]);
    const result = await importFile(
      ctx.admin,
      Buffer.from(text),
      'дела.csv',
      {
        entity: 'activities',
        mapping: JSON.stringify({
          Тип: 'type',
          Тема: 'subject',
          Срок: 'dueAt',
          Выполнено: 'doneAt',
          Результат: 'outcome',
          'Телефон контакта': 'contactPhone',
          Контакт: 'contact',
          Сделка: 'deal',
        }),
      },
      'ru',
    );
    expect(result).toMatchObject({ status: 'done', created: 2, rejected: 3, skipped: 1 });
    expect(result.errors.map((e: { row: number; column: string | null; code: string }) => [e.row, e.column, e.code])).toEqual([
      [3, 'Результат', 'activities.rules.outcomeRequired'],
      [4, 'Тип', 'imports.rules.activityTypeUnknown'],
      [5, 'Тема', 'imports.rules.subjectRequired'],
    ]);
    expect(result.errors[1].message).toContain('Совещание');
    const list = await ctx.db
      .selectFrom('activities')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('contact_id', '=', contact.id)
      .orderBy('due_at')
      .execute();
    expect(list.map((a) => [a.type, a.subject, a.done, a.deal_id])).toEqual([
      ['call', 'Первый звонок', true, deal.id],
      ['meeting', 'Встреча в офисе', false, null],
    ]);
    // Moscow time (the admin's zone in the harness or UTC): stored in UTC either way.
    expect(list[0].done_at!.getTime() - list[0].due_at.getTime()).toBe(5 * 60_000);
    const stats = await ctx.db.selectFrom('contact_activity_stats').selectAll().where('contact_id', '=', contact.id).executeTakeFirst();
    expect(stats).toBeTruthy();
    const timeline = await ctx.db.selectFrom('timeline_events').select('kind').where('entity_id', '=', contact.id).execute();
    expect(timeline.length).toBeGreaterThan(1);

    expect((await undo(ctx.admin, result.id)).undo).toMatchObject({ status: 'done', reverted: 2 });
    expect(
      await ctx.db.selectFrom('activities').select('id').where('contact_id', '=', contact.id).where('deleted_at', 'is', null).execute(),
    ).toEqual([]);
  });
});
