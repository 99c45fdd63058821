import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';

let ctx: TestContext;
let stages: { id: string; name: string; probability: number; kind: string; rottingDays: number | null }[];
let pipelineId: string;
let reasonId: string;

/** Counterparties are owned by another module: the tests insert them directly. */
async function company(ownerId: string, name = 'ООО «Ромашка»'): Promise<string> {
  const r = await ctx.db
    .insertInto('companies')
    .values({
      workspace_id: ctx.workspaceId,
      name,
      owner_id: ownerId,
      addresses: '[]',
      phones: '[]',
      emails: '[]',
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
async function contact(ownerId: string, firstName: string, lastName: string): Promise<string> {
  const r = await ctx.db
    .insertInto('contacts')
    .values({
      workspace_id: ctx.workspaceId,
      first_name: firstName,
      last_name: lastName,
      owner_id: ownerId,
      phones: '[]',
      emails: '[]',
      messengers: '[]',
      addresses: '[]',
      important_dates: '[]',
      preferences: '[]',
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
async function product(name: string, prices: { currency: string; amount: string }[], vatRate = '20'): Promise<string> {
  const res = await ctx.admin.post('/api/v1/products', { name, prices, vatRate });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const stage = (kind: string, i = 0) => stages.filter((s) => s.kind === kind)[i];

beforeAll(async () => {
  ctx = await createTestContext();
  const p = (await ctx.admin.get('/api/v1/pipelines')).json().items[0];
  pipelineId = p.id;
  stages = p.stages;
  reasonId = (await ctx.admin.get('/api/v1/lost-reasons')).json().items[0].id;
});
afterAll(async () => {
  await ctx.close();
});

async function newDeal(caller: Caller, body: Record<string, unknown> = {}) {
  const res = await caller.post('/api/v1/deals', { title: 'Поставка насосов', amount: '1000', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('deal lines and totals', () => {
  it('computes lines and totals in exact decimal: 3 x 0.10, 10% discount, 20% VAT', async () => {
    const pid = await product('Шайба', [{ currency: 'RUB', amount: '0.10' }]);
    const d = await newDeal(ctx.admin, { amount: undefined, lines: [{ productId: pid, quantity: '3', discountPercent: '10' }] });
    expect(d.lines).toEqual([
      expect.objectContaining({
        productId: pid,
        name: 'Шайба',
        quantity: '3',
        unitPrice: '0.10',
        discountPercent: '10',
        vatRate: '20',
        subtotal: '0.27',
        vatAmount: '0.05',
        total: '0.32',
      }),
    ]);
    expect(d).toMatchObject({ subtotal: '0.27', vatTotal: '0.05', total: '0.32', amount: '0.32' });
  });

  it('keeps every cent of large amounts and lets an explicit amount win over the total', async () => {
    const pid = await product('Турбина', [{ currency: 'EUR', amount: '99999999999.99' }]);
    const d = await newDeal(ctx.admin, { amount: undefined, currency: 'EUR', lines: [{ productId: pid, quantity: '3' }] });
    expect(d).toMatchObject({
      subtotal: '299999999999.97',
      vatTotal: '59999999999.99',
      total: '359999999999.96',
      amount: '359999999999.96',
      currency: 'EUR',
    });
    const explicit = await newDeal(ctx.admin, {
      amount: '5.00',
      currency: 'EUR',
      lines: [{ productId: pid, quantity: '1', unitPrice: '10', vatRate: '0' }],
    });
    expect(explicit).toMatchObject({ total: '10.00', amount: '5.00' });
  });

  it('prices from the product list in the deal currency; no price there is 422 on the line', async () => {
    const pid = await product('Модуль', [{ currency: 'RUB', amount: '1500' }], '22');
    const missing = await ctx.admin.post('/api/v1/deals', { title: 'X', currency: 'USD', lines: [{ productId: pid, quantity: '2' }] });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.fields).toEqual([
      { path: 'lines.0.unitPrice', code: 'sales.noPrice', message: 'The product has no price in USD; enter the unit price' },
    ]);
    const d = await newDeal(ctx.admin, { amount: undefined, currency: 'RUB', lines: [{ productId: pid, quantity: '2' }] });
    expect(d.lines[0]).toMatchObject({ unitPrice: '1500.00', vatRate: '22', subtotal: '3000.00', vatAmount: '660.00', total: '3660.00' });
  });

  it('VAT-inclusive prices carve VAT out; switching recomputes the stored lines', async () => {
    const pid = await product('Лицензия', [{ currency: 'RUB', amount: '100' }], '20');
    const d = await newDeal(ctx.admin, { amount: undefined, pricesIncludeVat: true, lines: [{ productId: pid, quantity: '1' }] });
    expect(d).toMatchObject({ subtotal: '83.33', vatTotal: '16.67', total: '100.00', amount: '100.00' });
    const res = await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: d.version, pricesIncludeVat: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ subtotal: '100.00', vatTotal: '20.00', total: '120.00', amount: '120.00' });
  });

  it('rejects malformed money and quantities with field names', async () => {
    const pid = await product('Болт', [{ currency: 'RUB', amount: '1' }]);
    const res = await ctx.admin.post('/api/v1/deals', {
      title: 'X',
      amount: '12,50',
      lines: [{ productId: pid, quantity: '0', discountPercent: '101' }],
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['amount', 'lines.0.discountPercent', 'lines.0.quantity']);
  });
});

describe('probability', () => {
  it('defaults from the stage, follows it on moves, an override sticks until reset with null', async () => {
    const d = await newDeal(ctx.admin);
    expect(d).toMatchObject({ stageId: stage('open', 0).id, probability: 10, probabilityOverridden: false, weightedAmount: '100.00' });
    const moved = (await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: d.version, stageId: stage('open', 2).id })).json();
    expect(moved.probability).toBe(50);
    const over = (await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: moved.version, probability: 33 })).json();
    expect(over).toMatchObject({ probability: 33, probabilityOverridden: true, weightedAmount: '330.00' });
    const moved2 = (await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: over.version, stageId: stage('open', 3).id })).json();
    expect(moved2).toMatchObject({ probability: 33, probabilityOverridden: true });
    const reset = (await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: moved2.version, probability: null })).json();
    expect(reset).toMatchObject({ probability: 75, probabilityOverridden: false });
  });
});

describe('stage moves', () => {
  it('records who/when/from/to and puts the move on the deal, company and contacts timelines', async () => {
    const cid = await company(ctx.admin.user.id, 'АО «Вектор»');
    const p1 = await contact(ctx.admin.user.id, 'Анна', 'Смирнова');
    const p2 = await contact(ctx.admin.user.id, 'Олег', 'Кузнецов');
    const d = await newDeal(ctx.admin, {
      companyId: cid,
      contacts: [
        { contactId: p1, role: 'Директор', isDecisionMaker: true },
        { contactId: p2, role: 'Инженер' },
      ],
    });
    expect(d.contacts).toEqual([
      { contactId: p1, name: 'Смирнова Анна', role: 'Директор', isDecisionMaker: true },
      { contactId: p2, name: 'Кузнецов Олег', role: 'Инженер', isDecisionMaker: false },
    ]);
    expect(d.companyName).toBe('АО «Вектор»');
    const patched = await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: d.version, stageId: stage('open', 1).id });
    expect(patched.statusCode, patched.body).toBe(200);
    const moved = await ctx.admin.post(`/api/v1/deals/${d.id}/move`, { stageId: stage('open', 3).id, position: 0 });
    expect(moved.statusCode, moved.body).toBe(200);
    const history = (await ctx.admin.get(`/api/v1/deals/${d.id}/history`)).json().items;
    expect(
      history.map((m: { fromStageId: string | null; toStageId: string; userId: string }) => [m.fromStageId, m.toStageId, m.userId]),
    ).toEqual([
      [null, stage('open', 0).id, ctx.admin.user.id],
      [stage('open', 0).id, stage('open', 1).id, ctx.admin.user.id],
      [stage('open', 1).id, stage('open', 3).id, ctx.admin.user.id],
    ]);
    expect(history[2]).toMatchObject({ fromStageName: 'Выявление потребностей', toStageName: 'Переговоры', userName: 'Admin' });
    const events = await ctx.db
      .selectFrom('timeline_events')
      .select(['entity', 'entity_id', 'kind', 'ref_id', 'data'])
      .where('ref_id', '=', d.id)
      .where('kind', '=', 'deal_stage')
      .execute();
    const where = events.map((e) => `${e.entity}:${e.entity_id}`).sort();
    expect(where).toEqual(
      [
        `company:${cid}`,
        `company:${cid}`,
        `contact:${p1}`,
        `contact:${p1}`,
        `contact:${p2}`,
        `contact:${p2}`,
        `deal:${d.id}`,
        `deal:${d.id}`,
      ].sort(),
    );
    expect(events.find((e) => e.entity === 'company')!.data).toMatchObject({ title: 'Поставка насосов' });
    const own = (await ctx.admin.get(`/api/v1/deals/${d.id}/timeline`)).json().items;
    expect(own.map((e: { kind: string }) => e.kind)).toEqual(['deal_stage', 'deal_stage', 'deal_created']);
    expect(own[0].data).toMatchObject({ fromStageName: 'Выявление потребностей', toStageName: 'Переговоры', toStatus: 'open' });
    const companyTimeline = await ctx.admin.get(`/api/v1/companies/${cid}/timeline`);
    expect(companyTimeline.statusCode).toBe(200);
    expect(
      companyTimeline
        .json()
        .items.filter((e: { refId: string }) => e.refId === d.id)
        .map((e: { kind: string }) => e.kind),
    ).toEqual(['deal_stage', 'deal_stage', 'deal_created']);
  });

  it('allows at most one decision maker and no duplicate contacts', async () => {
    const a = await contact(ctx.admin.user.id, 'Павел', 'Орлов');
    const b = await contact(ctx.admin.user.id, 'Ирина', 'Волкова');
    const res = await ctx.admin.post('/api/v1/deals', {
      title: 'X',
      contacts: [{ contactId: a, isDecisionMaker: true }, { contactId: b, isDecisionMaker: true }, { contactId: a }],
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .error.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)
        .sort(),
    ).toEqual(['contacts.2.contactId:sales.duplicateContact', 'contacts:sales.oneDecisionMaker']);
  });

  it('a stage of another pipeline is refused', async () => {
    const other = (
      await ctx.admin.post('/api/v1/pipelines', {
        name: 'Другая',
        stages: [{ name: 'a' }, { name: 'b', kind: 'won' }, { name: 'c', kind: 'lost' }],
      })
    ).json();
    const res = await ctx.admin.post('/api/v1/deals', { title: 'X', pipelineId, stageId: other.stages[0].id });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields[0]).toMatchObject({ path: 'stageId', code: 'sales.stageNotInPipeline' });
    const moved = await newDeal(ctx.admin, { pipelineId: other.id });
    expect(moved).toMatchObject({ pipelineId: other.id, stageId: other.stages[0].id });
  });
});

describe('closing', () => {
  it('lost without a reason and a comment is 422 naming both, translated, and changes nothing', async () => {
    const d = await newDeal(ctx.admin);
    const res = await ctx.admin.req({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/close`,
      payload: { outcome: 'lost', comment: '   ' },
      lang: 'ru',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toEqual({
      code: 'DEAL_CLOSE_INVALID',
      message: 'Так закрыть сделку нельзя: проверьте отмеченные поля',
      fields: [
        { path: 'reasonId', code: 'sales.lostReasonRequired', message: 'Укажите причину отказа' },
        { path: 'comment', code: 'sales.lostCommentRequired', message: 'Поясните в комментарии, почему сделка проиграна' },
      ],
    });
    const only = await ctx.admin.post(`/api/v1/deals/${d.id}/close`, { outcome: 'lost', reasonId });
    expect(only.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['comment']);
    const after = (await ctx.admin.get(`/api/v1/deals/${d.id}`)).json();
    expect(after).toMatchObject({ status: 'open', version: d.version, stageId: d.stageId, lostReasonId: null, closedAt: null });
    const audit = (await ctx.admin.get(`/api/v1/audit?entity=deal&id=${d.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['create']);
  });

  it('an inactive or foreign reason is refused', async () => {
    const r = (await ctx.admin.post('/api/v1/lost-reasons', { name: 'Устаревшая' })).json();
    await ctx.admin.del(`/api/v1/lost-reasons/${r.id}`);
    const d = await newDeal(ctx.admin);
    for (const id of [r.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const res = await ctx.admin.post(`/api/v1/deals/${d.id}/close`, { outcome: 'lost', reasonId: id, comment: 'Дорого' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.fields).toEqual([expect.objectContaining({ path: 'reasonId', code: 'sales.lostReasonInactive' })]);
    }
  });

  it('lost with a reason and comment closes the deal, moves it to the lost stage, audits and timelines it', async () => {
    const cid = await company(ctx.admin.user.id, 'ООО «Заря»');
    const d = await newDeal(ctx.admin, { companyId: cid });
    const res = await ctx.admin.post(`/api/v1/deals/${d.id}/close`, { outcome: 'lost', reasonId, comment: ' Ушли к конкуренту ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'lost',
      stageId: stage('lost').id,
      probability: 0,
      lostReasonId: reasonId,
      lostComment: 'Ушли к конкуренту',
    });
    expect(res.json().closedAt).not.toBeNull();
    const audit = (await ctx.admin.get(`/api/v1/audit?entity=deal&id=${d.id}`)).json().items;
    expect(audit[0].action).toBe('close');
    const ev = await ctx.db
      .selectFrom('timeline_events')
      .select(['data'])
      .where('entity_id', '=', cid)
      .where('kind', '=', 'deal_stage')
      .executeTakeFirstOrThrow();
    expect(ev.data).toMatchObject({ toStatus: 'lost', lostReasonId: reasonId, lostComment: 'Ушли к конкуренту' });
    const again = await ctx.admin.post(`/api/v1/deals/${d.id}/close`, { outcome: 'won' });
    expect(again.statusCode).toBe(409);
  });

  it('moving to the lost stage by PATCH or by the board goes through the same rule', async () => {
    const d = await newDeal(ctx.admin);
    const patch = await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: d.version, stageId: stage('lost').id });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['lostReasonId', 'lostComment']);
    const move = await ctx.admin.post(`/api/v1/deals/${d.id}/move`, { stageId: stage('lost').id, reasonId });
    expect(move.statusCode).toBe(422);
    expect(move.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['comment']);
    expect((await ctx.admin.get(`/api/v1/deals/${d.id}`)).json()).toMatchObject({ status: 'open', version: d.version });
    const ok = await ctx.admin.post(`/api/v1/deals/${d.id}/move`, {
      stageId: stage('lost').id,
      reasonId,
      comment: 'Нет бюджета в этом году',
    });
    expect(ok.json()).toMatchObject({ status: 'lost', lostReasonId: reasonId });
  });

  it('won takes the actual amount and date, defaults to the deal amount and today, 422 on invalid values', async () => {
    const d = await newDeal(ctx.admin, { amount: '2500.50' });
    const bad = await ctx.admin.post(`/api/v1/deals/${d.id}/close`, { outcome: 'won', amount: '12.345', date: '2026-02-30' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['amount', 'date']);
    const won = await ctx.admin.post(`/api/v1/deals/${d.id}/close`, { outcome: 'won', amount: '2400', date: '2026-03-15' });
    expect(won.statusCode, won.body).toBe(200);
    expect(won.json()).toMatchObject({
      status: 'won',
      stageId: stage('won').id,
      probability: 100,
      wonAmount: '2400.00',
      wonDate: '2026-03-15',
      amount: '2500.50',
    });
    const d2 = await newDeal(ctx.admin, { amount: '99.90' });
    const won2 = (await ctx.admin.post(`/api/v1/deals/${d2.id}/close`, { outcome: 'won' })).json();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.admin.user.timeZone }).format(new Date());
    expect(won2).toMatchObject({ wonAmount: '99.90', wonDate: today });
  });

  it('reopen returns the deal to the open stage it came from and clears the outcome', async () => {
    const d = await newDeal(ctx.admin, { stageId: stage('open', 2).id });
    await ctx.admin.post(`/api/v1/deals/${d.id}/close`, { outcome: 'lost', reasonId, comment: 'Пропал' });
    const res = await ctx.admin.post(`/api/v1/deals/${d.id}/reopen`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'open',
      stageId: stage('open', 2).id,
      probability: 50,
      lostReasonId: null,
      lostComment: null,
      closedAt: null,
    });
    const history = (await ctx.admin.get(`/api/v1/deals/${d.id}/history`)).json().items;
    expect(history.map((m: { toStatus: string }) => m.toStatus)).toEqual(['open', 'lost', 'open']);
    expect((await ctx.admin.post(`/api/v1/deals/${d.id}/reopen`)).statusCode).toBe(409);
  });
});

describe('concurrency, delete and restore', () => {
  it('a stale version is 409 and changes nothing', async () => {
    const d = await newDeal(ctx.admin);
    expect((await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: d.version, title: 'Новое название' })).statusCode).toBe(200);
    const stale = await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: d.version, title: 'Чужая правка', amount: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await ctx.admin.get(`/api/v1/deals/${d.id}`)).json()).toMatchObject({
      title: 'Новое название',
      amount: '1000.00',
      version: d.version + 1,
    });
    const staleMove = await ctx.admin.post(`/api/v1/deals/${d.id}/move`, { stageId: stage('open', 1).id, version: d.version });
    expect(staleMove.statusCode).toBe(409);
  });

  it('delete hides the deal from lists; restore brings it back; both audited', async () => {
    const d = await newDeal(ctx.admin, { title: 'Удаляемая сделка' });
    expect((await ctx.admin.del(`/api/v1/deals/${d.id}`)).statusCode).toBe(204);
    const q = encodeURIComponent('Удаляемая');
    expect((await ctx.admin.get(`/api/v1/deals?q=${q}`)).json().items).toEqual([]);
    expect((await ctx.admin.get(`/api/v1/deals?q=${q}&deleted=true`)).json().items.map((x: { id: string }) => x.id)).toEqual([d.id]);
    expect((await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: d.version + 1, title: 'x' })).statusCode).toBe(404);
    expect((await ctx.admin.get(`/api/v1/deals/${d.id}`)).statusCode).toBe(404);
    const back = await ctx.admin.post(`/api/v1/deals/${d.id}/restore`);
    expect(back.statusCode).toBe(200);
    expect(back.json().deletedAt).toBeNull();
    expect((await ctx.admin.get(`/api/v1/deals?q=${q}`)).json().items).toHaveLength(1);
    const audit = (await ctx.admin.get(`/api/v1/audit?entity=deal&id=${d.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['restore', 'delete', 'create']);
  });
});

describe('flags, list and board', () => {
  it('flags deals without a next step, with an overdue one, and rotting in their stage', async () => {
    const none = await newDeal(ctx.admin);
    expect(none.flags).toEqual({ noNextStep: true, rotting: false, overdueNextStep: false });
    const past = await newDeal(ctx.admin, { nextStep: { text: 'Позвонить', dueAt: '2020-01-01T09:00:00Z' } });
    expect(past.flags).toEqual({ noNextStep: false, rotting: false, overdueNextStep: true });
    expect(past.nextStep).toEqual({ text: 'Позвонить', dueAt: '2020-01-01T09:00:00.000Z' });
    const future = await newDeal(ctx.admin, { nextStep: { text: 'Встреча', dueAt: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(future.flags.overdueNextStep).toBe(false);
    // The default qualification stage rots after 14 days.
    await ctx.db
      .updateTable('deals')
      .set({ stage_entered_at: new Date(Date.now() - 15 * 86_400_000) })
      .where('id', '=', future.id)
      .execute();
    expect((await ctx.admin.get(`/api/v1/deals/${future.id}`)).json().flags).toEqual({
      noNextStep: false,
      rotting: true,
      overdueNextStep: false,
    });
    const rotting = (await ctx.admin.get('/api/v1/deals?rotting=true')).json().items.map((x: { id: string }) => x.id);
    expect(rotting).toContain(future.id);
    expect(rotting).not.toContain(none.id);
    const noStep = (await ctx.admin.get('/api/v1/deals?noNextStep=true&limit=200')).json().items.map((x: { id: string }) => x.id);
    expect(noStep).toContain(none.id);
    expect(noStep).not.toContain(past.id);
    const missingDate = await ctx.admin.post('/api/v1/deals', { title: 'X', nextStep: { text: 'Позвонить' } });
    expect(missingDate.statusCode).toBe(400);
    expect(missingDate.json().error.fields[0].path).toBe('nextStep.dueAt');
  });

  it('lists with filters and keyset pages in a stable order', async () => {
    const m = await ctx.userWith('manager');
    const cid = await company(m.user.id, 'ИП Соколов');
    const person = await contact(m.user.id, 'Пётр', 'Соколов');
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        await newDeal(m, {
          title: `Сделка ${i}`,
          amount: String(100 * (i + 1)),
          expectedCloseDate: `2026-0${i + 1}-10`,
          companyId: cid,
          contactIds: i === 0 ? [person] : [],
        }),
      );
    }
    const byDate = (await m.get('/api/v1/deals?from=2026-02-01&to=2026-04-30&sort=expectedCloseDate')).json().items;
    expect(byDate.map((x: { title: string }) => x.title)).toEqual(['Сделка 1', 'Сделка 2', 'Сделка 3']);
    expect((await m.get(`/api/v1/deals?contactId=${person}`)).json().items.map((x: { id: string }) => x.id)).toEqual([made[0].id]);
    expect((await m.get(`/api/v1/deals?companyId=${cid}`)).json().items).toHaveLength(5);
    const found = (await m.get(`/api/v1/deals?q=${encodeURIComponent('соколов')}`)).json().items;
    expect(found).toHaveLength(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string; amount: string }[]; nextCursor: string | null } = (
        await m.get(`/api/v1/deals?sort=-amount&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((x) => x.amount));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['500.00', '400.00', '300.00', '200.00', '100.00']);
    await m.post(`/api/v1/deals/${made[4].id}/close`, { outcome: 'won' });
    expect((await m.get('/api/v1/deals?status=won')).json().items.map((x: { id: string }) => x.id)).toEqual([made[4].id]);
    expect((await m.get(`/api/v1/deals?stageId=${stage('open', 0).id}`)).json().items).toHaveLength(4);
  });

  it('the board has open columns with counts, sums per currency, weighted sums and card order', async () => {
    const m = await ctx.userWith('manager');
    const first = stage('open', 0).id;
    const a = await newDeal(m, { title: 'A', amount: '100.10' });
    const b = await newDeal(m, { title: 'B', amount: '200.20', probability: 33 });
    const c = await newDeal(m, { title: 'C', amount: '50', currency: 'EUR' });
    await newDeal(m, { title: 'D', amount: '70', stageId: stage('open', 2).id });
    const res = await m.get(`/api/v1/deals/board?pipelineId=${pipelineId}&ownerId=${m.user.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const board = res.json();
    expect(board.currency).toBe('RUB');
    expect(board.stages.map((s: { name: string }) => s.name)).toEqual([
      'Квалификация',
      'Выявление потребностей',
      'Коммерческое предложение',
      'Переговоры',
    ]);
    expect(board.closedStages.map((s: { kind: string }) => s.kind)).toEqual(['won', 'lost']);
    const col = board.stages[0];
    expect(col).toMatchObject({ stageId: first, count: 3, sum: '300.30', weightedSum: '76.08', hasMore: false });
    // 100.10 x 10% + 200.20 x 33% = 10.01 + 66.066 = 76.076 -> 76.08
    expect(col.sums).toEqual([
      { currency: 'EUR', sum: '50.00', weightedSum: '5.00' },
      { currency: 'RUB', sum: '300.30', weightedSum: '76.08' },
    ]);
    expect(col.deals.map((x: { title: string }) => x.title)).toEqual(['C', 'B', 'A']);
    expect(col.deals[0]).toMatchObject({ id: c.id, ownerId: m.user.id, ownerName: m.user.name, flags: { noNextStep: true } });
    expect(board.stages[2].count).toBe(1);
    // Drag A to the top, then B between A and C.
    await m.post(`/api/v1/deals/${a.id}/move`, { stageId: first, position: 0 });
    await m.post(`/api/v1/deals/${b.id}/move`, { stageId: first, position: 1 });
    const again = (await m.get(`/api/v1/deals/board?pipelineId=${pipelineId}&ownerId=${m.user.id}&limit=2`)).json();
    expect(again.stages[0].deals.map((x: { title: string }) => x.title)).toEqual(['A', 'B']);
    expect(again.stages[0]).toMatchObject({ count: 3, hasMore: true });
  });
});

describe('record-level access', () => {
  it('a manager sees only own deals (404 elsewhere); the head sees the team; a director sees all', async () => {
    const head = await ctx.userWith('head_of_sales');
    const team = await ctx.createTeam('Отдел продаж 1', head.user.id);
    const m1 = await ctx.userWith('manager', { teamId: team });
    const m2 = await ctx.userWith('manager', { teamId: team });
    const outsider = await ctx.userWith('manager');
    const otherHead = await ctx.userWith('head_of_sales');
    const director = await ctx.userWith('director');
    const d = await newDeal(m1, { title: 'Секретная сделка', amount: '777', expectedCloseDate: '2031-05-05' });
    for (const u of [m2, outsider, otherHead]) {
      expect((await u.get(`/api/v1/deals/${d.id}`)).statusCode).toBe(404);
      expect((await u.patch(`/api/v1/deals/${d.id}`, { version: d.version, title: 'x' })).statusCode).toBe(404);
      expect((await u.post(`/api/v1/deals/${d.id}/close`, { outcome: 'won' })).statusCode).toBe(404);
      expect((await u.get(`/api/v1/deals/${d.id}/history`)).statusCode).toBe(404);
      expect((await u.get(`/api/v1/audit?entity=deal&id=${d.id}`)).statusCode).toBe(404);
      expect((await u.get('/api/v1/deals?limit=200')).json().items.map((x: { id: string }) => x.id)).not.toContain(d.id);
      const board = (await u.get(`/api/v1/deals/board?pipelineId=${pipelineId}&ownerId=${m1.user.id}`)).json();
      expect(board.stages[0]).toMatchObject({ count: 0, deals: [] });
      const fc = (await u.get('/api/v1/reports/forecast?from=2031-01-01&to=2031-12-31&groupBy=owner')).json();
      expect(fc.groups).toEqual([]);
    }
    for (const u of [head, director]) {
      expect((await u.get(`/api/v1/deals/${d.id}`)).statusCode).toBe(200);
      const board = (await u.get(`/api/v1/deals/board?pipelineId=${pipelineId}&ownerId=${m1.user.id}`)).json();
      expect(board.stages[0].deals.map((x: { id: string }) => x.id)).toContain(d.id);
      const fc = (await u.get('/api/v1/reports/forecast?from=2031-01-01&to=2031-12-31&groupBy=owner')).json();
      expect(fc.groups).toEqual([expect.objectContaining({ key: m1.user.id, openAmount: '777.00', weightedAmount: '77.70' })]);
    }
    // The head may act on the team's deals; a share makes a deal visible to a colleague.
    expect(
      (await head.patch(`/api/v1/deals/${d.id}`, { version: d.version, nextStep: { text: 'Проверить', dueAt: '2031-01-10T10:00:00Z' } }))
        .statusCode,
    ).toBe(200);
    await ctx.db
      .insertInto('record_shares')
      .values({ workspace_id: ctx.workspaceId, entity: 'deal', entity_id: d.id, user_id: outsider.user.id })
      .execute();
    expect((await outsider.get(`/api/v1/deals/${d.id}`)).statusCode).toBe(200);
  });

  it('links only to companies and contacts the caller can see', async () => {
    const m1 = await ctx.userWith('manager');
    const m2 = await ctx.userWith('manager');
    const theirs = await company(m2.user.id, 'Чужая компания');
    const theirPerson = await contact(m2.user.id, 'Чужой', 'Контакт');
    const res = await m1.post('/api/v1/deals', { title: 'X', companyId: theirs, contactIds: [theirPerson] });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['companyId', 'contactIds.0']);
  });

  it('a manager cannot hand a deal to a colleague; the admin can, and the colleague then sees it', async () => {
    const m1 = await ctx.userWith('manager');
    const m2 = await ctx.userWith('manager');
    const d = await newDeal(m1);
    const refused = await m1.patch(`/api/v1/deals/${d.id}`, { version: d.version, ownerId: m2.user.id });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.fields[0]).toMatchObject({ path: 'ownerId', code: 'OWNER_NOT_ALLOWED' });
    const res = await ctx.admin.patch(`/api/v1/deals/${d.id}`, { version: d.version, ownerId: m2.user.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().ownerId).toBe(m2.user.id);
    expect((await m1.get(`/api/v1/deals/${d.id}`)).statusCode).toBe(404);
    expect((await m2.get(`/api/v1/deals/${d.id}`)).statusCode).toBe(200);
  });
});
