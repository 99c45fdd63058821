import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { splitPeriod } from './reports.repository.js';

let ctx: TestContext;
let head: Caller, m1: Caller, m2: Caller, m3: Caller, director: Caller;
let p1: { id: string; stages: { id: string; kind: string }[] };
let p2: { id: string; stages: { id: string; kind: string }[] };
let reasonA: string, reasonB: string;

async function deal(caller: Caller, body: Record<string, unknown>) {
  const res = await caller.post('/api/v1/deals', { title: 'Сделка', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function close(caller: Caller, id: string, body: Record<string, unknown>) {
  const res = await caller.post(`/api/v1/deals/${id}/close`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

type Group = { key: string; label: string; currency: string; openAmount: string; weightedAmount: string; wonAmount: string };
const brief = (groups: Group[]) => groups.map((g) => [g.key, g.currency, g.openAmount, g.weightedAmount, g.wonAmount]);

beforeAll(async () => {
  ctx = await createTestContext();
  head = await ctx.userWith('head_of_sales', { name: 'Руководитель' });
  const team = await ctx.createTeam('Команда', head.user.id);
  m1 = await ctx.userWith('manager', { teamId: team, name: 'Анна' });
  m2 = await ctx.userWith('manager', { teamId: team, name: 'Борис' });
  m3 = await ctx.userWith('manager', { name: 'Вера' });
  director = await ctx.userWith('director');
  p1 = (await ctx.admin.get('/api/v1/pipelines')).json().items[0];
  p2 = (
    await ctx.admin.post('/api/v1/pipelines', {
      name: 'Дилеры',
      stages: [
        { name: 'Заявка', probability: 40 },
        { name: 'Да', kind: 'won' },
        { name: 'Нет', kind: 'lost' },
      ],
    })
  ).json();
  const reasons = (await ctx.admin.get('/api/v1/lost-reasons')).json().items;
  reasonA = reasons[0].id;
  reasonB = reasons[1].id;

  // Known data. Period of interest: 2026-01-01 .. 2026-03-31.
  await deal(m1, { amount: '1000', expectedCloseDate: '2026-01-15' }); // 10%
  await deal(m1, { amount: '333.33', probability: 33, expectedCloseDate: '2026-01-31' });
  const won = await deal(m1, { amount: '500', expectedCloseDate: '2025-12-01' });
  await close(m1, won.id, { outcome: 'won', amount: '450', date: '2026-02-10' });
  await deal(m2, { amount: '200', currency: 'EUR', pipelineId: p2.id, expectedCloseDate: '2026-02-20' }); // 40%
  await deal(m2, { amount: '100', expectedCloseDate: '2027-01-01' });
  await deal(m3, { amount: '700', stageId: p1.stages[2].id, expectedCloseDate: '2026-03-03' }); // 50%
  const wonOutside = await deal(m3, { amount: '5', expectedCloseDate: '2026-03-01' });
  await close(m3, wonOutside.id, { outcome: 'won', date: '2025-12-31' });

  // Refusals, all closed today.
  for (const [who, amount, currency, reason] of [
    [m1, '100', 'RUB', reasonA],
    [m1, '50', 'RUB', reasonA],
    [m2, '30', 'EUR', reasonB],
    [m3, '10', 'RUB', reasonA],
  ] as const) {
    const d = await deal(who, { amount, currency });
    await close(who, d.id, { outcome: 'lost', reasonId: reason, comment: 'Причина' });
  }
});
afterAll(async () => {
  await ctx.close();
});

describe('forecast', () => {
  it('groups by month with every month of the period, per currency, exact weighted amounts', async () => {
    const res = await director.get('/api/v1/reports/forecast?from=2026-01-01&to=2026-03-31&groupBy=month');
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(brief(f.groups)).toEqual([
      // 1000 x 10% + 333.33 x 33% = 100 + 109.9989 = 209.9989 -> 210.00
      ['2026-01', 'EUR', '0.00', '0.00', '0.00'],
      ['2026-01', 'RUB', '1333.33', '210.00', '0.00'],
      ['2026-02', 'EUR', '200.00', '80.00', '0.00'],
      ['2026-02', 'RUB', '0.00', '0.00', '450.00'],
      ['2026-03', 'EUR', '0.00', '0.00', '0.00'],
      ['2026-03', 'RUB', '700.00', '350.00', '0.00'],
    ]);
    expect(f.groups[0].label).toBe('January 2026');
    expect(f.totals).toEqual([
      { currency: 'EUR', openAmount: '200.00', weightedAmount: '80.00', wonAmount: '0.00' },
      { currency: 'RUB', openAmount: '2033.33', weightedAmount: '560.00', wonAmount: '450.00' },
    ]);
    const ru = (await director.req({ method: 'GET', url: '/api/v1/reports/forecast?from=2026-01-01&to=2026-01-31', lang: 'ru' })).json();
    expect(ru.groups[0].label).toMatch(/январь 2026/i);
  });

  it('groups by owner and by pipeline, and filters by currency', async () => {
    const byOwner = (await director.get('/api/v1/reports/forecast?from=2026-01-01&to=2026-03-31&groupBy=owner')).json();
    expect(byOwner.groups.map((g: Group) => [g.label, g.currency, g.openAmount, g.weightedAmount, g.wonAmount])).toEqual([
      ['Анна', 'RUB', '1333.33', '210.00', '450.00'],
      ['Борис', 'EUR', '200.00', '80.00', '0.00'],
      ['Вера', 'RUB', '700.00', '350.00', '0.00'],
    ]);
    expect(byOwner.groups[0].key).toBe(m1.user.id);
    const byPipeline = (await director.get('/api/v1/reports/forecast?from=2026-01-01&to=2026-03-31&groupBy=pipeline')).json();
    expect(byPipeline.groups.map((g: Group) => [g.key, g.label, g.currency, g.openAmount, g.weightedAmount, g.wonAmount])).toEqual([
      [p2.id, 'Дилеры', 'EUR', '200.00', '80.00', '0.00'],
      [p1.id, 'Продажи', 'RUB', '2033.33', '560.00', '450.00'],
    ]);
    const eur = (await director.get('/api/v1/reports/forecast?from=2026-01-01&to=2026-03-31&groupBy=owner&currency=EUR')).json();
    expect(brief(eur.groups)).toEqual([[m2.user.id, 'EUR', '200.00', '80.00', '0.00']]);
  });

  it('respects access: a manager sees own deals, the head the team', async () => {
    const own = (await m1.get('/api/v1/reports/forecast?from=2026-01-01&to=2026-03-31&groupBy=owner')).json();
    expect(own.groups.map((g: Group) => g.key)).toEqual([m1.user.id]);
    const team = (await head.get('/api/v1/reports/forecast?from=2026-01-01&to=2026-03-31&groupBy=owner')).json();
    expect(team.groups.map((g: Group) => g.key)).toEqual([m1.user.id, m2.user.id]);
  });

  it('answers partial months at the edges of the period from the deals themselves', async () => {
    expect(splitPeriod('2026-01-16', '2026-03-02')).toEqual({
      months: [['2026-02-01', '2026-02-28']][0],
      edges: [
        ['2026-01-16', '2026-01-31'],
        ['2026-03-01', '2026-03-02'],
      ],
    });
    expect(splitPeriod('2026-01-01', '2026-12-31')).toEqual({ months: ['2026-01-01', '2026-12-31'], edges: [] });
    expect(splitPeriod('2026-01-05', '2026-01-20')).toEqual({ months: null, edges: [['2026-01-05', '2026-01-20']] });
    expect(splitPeriod('2024-02-01', '2024-02-29')).toEqual({ months: ['2024-02-01', '2024-02-29'], edges: [] });
    const f = (await director.get('/api/v1/reports/forecast?from=2026-01-16&to=2026-03-02&groupBy=month')).json();
    expect(brief(f.groups)).toEqual([
      // Only the deal expected on 01-31 is in January's part; 333.33 x 33% = 109.9989 -> 110.00.
      ['2026-01', 'EUR', '0.00', '0.00', '0.00'],
      ['2026-01', 'RUB', '333.33', '110.00', '0.00'],
      ['2026-02', 'EUR', '200.00', '80.00', '0.00'],
      ['2026-02', 'RUB', '0.00', '0.00', '450.00'],
      ['2026-03', 'EUR', '0.00', '0.00', '0.00'],
      ['2026-03', 'RUB', '0.00', '0.00', '0.00'],
    ]);
  });

  it('includes deals shared with the caller', async () => {
    const theirs = await deal(m3, { amount: '10', expectedCloseDate: '2026-06-15' });
    const before = (await m1.get('/api/v1/reports/forecast?from=2026-06-01&to=2026-06-30&groupBy=owner')).json();
    expect(before.groups).toEqual([]);
    await ctx.db
      .insertInto('record_shares')
      .values({ workspace_id: ctx.workspaceId, entity: 'deal', entity_id: theirs.id, user_id: m1.user.id })
      .execute();
    const after = (await m1.get('/api/v1/reports/forecast?from=2026-06-01&to=2026-06-30&groupBy=owner')).json();
    expect(brief(after.groups)).toEqual([[m3.user.id, 'RUB', '10.00', '1.00', '0.00']]);
    await ctx.db.deleteFrom('record_shares').where('entity_id', '=', theirs.id).execute();
    await m3.del(`/api/v1/deals/${theirs.id}`);
  });

  it('keeps its monthly read model equal to the deals through every kind of change', async () => {
    const a = await deal(m1, { amount: '100.10', expectedCloseDate: '2027-05-05' });
    const b = await deal(m2, { amount: '55.55', currency: 'EUR', expectedCloseDate: '2027-05-20', probability: 60 });
    await m1.patch(`/api/v1/deals/${a.id}`, { version: a.version, amount: '120.00', expectedCloseDate: '2027-06-01' });
    const v = (await m1.post(`/api/v1/deals/${a.id}/move`, { stageId: p1.stages[3].id })).json().version;
    // Only who may reassign hands a deal over (issue 6, 2.6): the admin does.
    await ctx.admin.patch(`/api/v1/deals/${a.id}`, { version: v, ownerId: m2.user.id });
    await close(m2, a.id, { outcome: 'won', amount: '119.99', date: '2027-06-10' });
    await m2.post(`/api/v1/deals/${a.id}/reopen`);
    await m2.del(`/api/v1/deals/${b.id}`);
    await m2.post(`/api/v1/deals/${b.id}/restore`);
    await close(m2, b.id, { outcome: 'won', date: '2027-05-21' });
    const model = await sql<{ k: string }>`
      select concat_ws('|', owner_id, pipeline_id, currency, month, kind, probability, amount, n) as k
      from deal_forecast_months where workspace_id = ${ctx.workspaceId} and (n <> 0 or amount <> 0) order by 1`.execute(ctx.db);
    const truth = await sql<{ k: string }>`
      select concat_ws('|', owner_id, pipeline_id, currency, month, kind, probability, amount, n) as k from (
        select owner_id, pipeline_id, currency, date_trunc('month', (case when status = 'open' then expected_close_date else won_date end)::timestamp)::date as month,
          status as kind, (case when status = 'open' then probability else 100 end) as probability,
          sum(case when status = 'open' then amount else won_amount end)::numeric(24,2) as amount, count(*) as n
        from deals where workspace_id = ${ctx.workspaceId} and deleted_at is null
          and ((status = 'open' and expected_close_date is not null) or (status = 'won' and won_date is not null))
        group by 1, 2, 3, 4, 5, 6) t order by 1`.execute(ctx.db);
    expect(model.rows.map((r) => r.k)).toEqual(truth.rows.map((r) => r.k));
    expect(model.rows.length).toBeGreaterThan(5);
  });

  it('rejects a period that ends before it starts', async () => {
    const res = await director.get('/api/v1/reports/forecast?from=2026-03-01&to=2026-01-01');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields[0]).toMatchObject({ path: 'to', code: 'sales.periodInvalid' });
  });
});

describe('refusal reasons report', () => {
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());

  it('counts lost deals by reason and by manager with amounts per currency', async () => {
    const res = await director.get(`/api/v1/reports/lost-reasons?from=${today()}&to=${today()}`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.total).toEqual({
      count: 4,
      amounts: [
        { currency: 'EUR', amount: '30.00' },
        { currency: 'RUB', amount: '160.00' },
      ],
    });
    expect(
      r.byReason.map((x: { reasonId: string; count: number; share: string; amounts: unknown }) => [
        x.reasonId,
        x.count,
        x.share,
        x.amounts,
      ]),
    ).toEqual([
      [reasonA, 3, '75.0', [{ currency: 'RUB', amount: '160.00' }]],
      [reasonB, 1, '25.0', [{ currency: 'EUR', amount: '30.00' }]],
    ]);
    expect(r.byReason[0].reasonName).toBe('Дорого');
    expect(r.byOwner.map((x: { ownerName: string; count: number }) => [x.ownerName, x.count])).toEqual([
      ['Анна', 2],
      ['Борис', 1],
      ['Вера', 1],
    ]);
    expect(r.byOwner[0].reasons).toEqual([{ reasonId: reasonA, count: 2 }]);
  });

  it('is access-filtered and filterable by owner and period', async () => {
    const team = (await head.get(`/api/v1/reports/lost-reasons?from=${today()}&to=${today()}`)).json();
    expect(team.total.count).toBe(3);
    expect(team.byOwner.map((x: { ownerId: string }) => x.ownerId).sort()).toEqual([m1.user.id, m2.user.id].sort());
    const own = (await m3.get(`/api/v1/reports/lost-reasons?from=${today()}&to=${today()}`)).json();
    expect(own.total.count).toBe(1);
    const one = (await director.get(`/api/v1/reports/lost-reasons?from=${today()}&to=${today()}&ownerId=${m2.user.id}`)).json();
    expect(one.byReason.map((x: { reasonId: string }) => x.reasonId)).toEqual([reasonB]);
    const past = (await director.get('/api/v1/reports/lost-reasons?from=2020-01-01&to=2020-12-31')).json();
    expect(past.total.count).toBe(0);
  });
});
