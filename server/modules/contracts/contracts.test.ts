import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, ymdOf } from '../../../contracts/time.js';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { company, draft, draftBody, issued, legalEntity, line, ooo } from '../invoices/invoices.fixtures.js';

// Contracts with clients and the credit hold (D4), through the real API on a real database.

let ctx: TestContext;
let finance: Caller;
let director: Caller;
let head: Caller;
let manager: Caller;
let other: Caller;
let seller: string;
let today: string;
let clearanceStage: string;
let openStage: string;

async function product(name: string, amount: string): Promise<string> {
  const r = await ctx.admin.post('/api/v1/products', { name, prices: [{ currency: 'RUB', amount }], vatRate: '22' });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

async function contract(who: Caller, body: Record<string, unknown>) {
  const r = await who.post('/api/v1/contracts', { legalEntityId: seller, currency: 'RUB', date: addDays(today, -60), ...body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

const credit = async (who: Caller, companyId: string) => {
  const r = await who.get(`/api/v1/companies/${companyId}/credit`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await ctx.userWith('finance');
  director = await ctx.userWith('director');
  const team = await ctx.createTeam('Продажи');
  head = await ctx.userWith('head_of_sales', { teamId: team });
  manager = await ctx.userWith('manager', { teamId: team });
  other = await ctx.userWith('manager');
  today = ymdOf(new Date(), finance.user.timeZone ?? 'UTC');
  seller = await legalEntity(finance, { ...ooo, name: 'ООО «Продавец»' });
  // «Отгрузка»: a stage entered only by a client cleared of credit.
  const p = (await ctx.admin.get('/api/v1/pipelines')).json().items[0];
  const stages = p.stages.map((s: Record<string, unknown>) => ({ id: s.id, name: s.name, kind: s.kind }));
  stages.splice(stages.length - 2, 0, { name: 'Отгрузка', kind: 'open', requiresCreditClearance: true });
  const r = await ctx.admin.patch(`/api/v1/pipelines/${p.id}`, { version: p.version, stages });
  expect(r.statusCode, r.body).toBe(200);
  const shipped = r.json().stages.find((s: { name: string }) => s.name === 'Отгрузка');
  expect(shipped.requiresCreditClearance).toBe(true);
  clearanceStage = shipped.id;
  openStage = r.json().stages[0].id;
  expect(r.json().stages[0].requiresCreditClearance).toBe(false);
});
afterAll(async () => {
  await ctx.close();
});

describe('contracts', () => {
  it('keeps terms, limit and prices; numbers are unique per seller; the bin frees them', async () => {
    const client = await company(manager, 'ООО «Договорной»');
    const pump = await product('Насос К-1', '1000.00');
    const c = await contract(finance, {
      companyId: client,
      number: 'Д-1/2026',
      paymentTermDays: 14,
      prepaymentPercent: '30',
      creditLimit: '50000.00',
      prices: [{ productId: pump, price: '850.00' }],
    });
    expect(c).toMatchObject({
      companyId: client,
      companyName: 'ООО «Договорной»',
      legalEntityName: 'ООО «Продавец»',
      number: 'Д-1/2026',
      validFrom: addDays(today, -60),
      validTo: null,
      paymentTermDays: 14,
      prepaymentPercent: '30.00',
      creditLimit: '50000.00',
      isActive: true,
      prices: [{ productId: pump, productName: 'Насос К-1', price: '850.00' }],
    });
    const dup = await finance.post('/api/v1/contracts', {
      companyId: client,
      legalEntityId: seller,
      currency: 'RUB',
      date: today,
      number: 'д-1/2026',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'CONTRACT_NUMBER_TAKEN', fields: [{ path: 'number' }] });

    const changed = await finance.patch(`/api/v1/contracts/${c.id}`, { version: c.version, validTo: addDays(today, -1) });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ isActive: false, version: c.version + 1 });
    const stale = await finance.patch(`/api/v1/contracts/${c.id}`, { version: c.version, notes: 'x' });
    expect(stale.statusCode).toBe(409);

    const list = (await manager.get(`/api/v1/contracts?companyId=${client}`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await manager.get(`/api/v1/contracts?companyId=${client}&active=true`)).json().items).toEqual([]);

    expect((await finance.del(`/api/v1/contracts/${c.id}`)).statusCode).toBe(204);
    expect((await finance.get(`/api/v1/contracts/${c.id}`)).statusCode).toBe(404);
    const again = await contract(finance, { companyId: client, number: 'Д-1/2026' });
    const restore = await finance.post(`/api/v1/contracts/${c.id}/restore`);
    expect(restore.statusCode).toBe(409);
    expect((await finance.del(`/api/v1/contracts/${again.id}`)).statusCode).toBe(204);
    expect((await finance.post(`/api/v1/contracts/${c.id}/restore`)).statusCode).toBe(200);
  });

  it('refuses bad input naming the field, and keeps credit terms to finance, director and admin', async () => {
    const client = await company(manager, 'ООО «Проверка»');
    const bad = await finance.post('/api/v1/contracts', {
      companyId: client,
      legalEntityId: seller,
      currency: 'RUB',
      number: 'П-1',
      date: today,
      validFrom: today,
      validTo: addDays(today, -5),
      prices: [{ productId: '00000000-0000-4000-8000-000000000000', price: '1.00' }],
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['prices.0.productId', 'validTo']);
    const noMoney = await finance.post('/api/v1/contracts', {
      companyId: client,
      legalEntityId: seller,
      currency: 'RUB',
      number: 'П-2',
      date: today,
      creditLimit: '-1',
    });
    expect(noMoney.statusCode).toBe(400);
    expect(noMoney.json().error.fields[0].path).toBe('creditLimit');

    const byHead = await head.post('/api/v1/contracts', {
      companyId: client,
      legalEntityId: seller,
      currency: 'RUB',
      number: 'П-3',
      date: today,
      creditLimit: '100.00',
    });
    expect(byHead.statusCode).toBe(403);
    expect(byHead.json().error.fields[0].path).toBe('creditLimit');
    const headOk = await head.post('/api/v1/contracts', {
      companyId: client,
      legalEntityId: seller,
      currency: 'RUB',
      number: 'П-3',
      date: today,
    });
    expect(headOk.statusCode, headOk.body).toBe(201);
    expect(
      (await manager.post('/api/v1/contracts', { companyId: client, legalEntityId: seller, currency: 'RUB', number: 'П-4', date: today }))
        .statusCode,
    ).toBe(403);
  });

  it('is visible as its client: another manager gets 404 and never sees its number', async () => {
    const client = await company(manager, 'ООО «Чужой договор»');
    const c = await contract(finance, { companyId: client, number: 'Ч-1' });
    expect((await manager.get(`/api/v1/contracts/${c.id}`)).statusCode).toBe(200);
    expect((await other.get(`/api/v1/contracts/${c.id}`)).statusCode).toBe(404);
    expect((await other.patch(`/api/v1/contracts/${c.id}`, { version: 1 })).statusCode).toBe(403);
    const list = (await other.get('/api/v1/contracts?q=Ч-1')).json();
    expect(list.items).toEqual([]);
    expect((await other.get(`/api/v1/companies/${client}/credit`)).statusCode).toBe(404);
  });

  it('prices deal lines from the contract in force, before the price list', async () => {
    const client = await company(manager, 'ООО «Цены по договору»');
    const valve = await product('Задвижка', '500.00');
    const plain = await product('Фланец', '40.00');
    const c = await contract(finance, { companyId: client, number: 'Ц-1', prices: [{ productId: valve, price: '420.00' }] });
    const deal = await manager.post('/api/v1/deals', {
      title: 'Задвижки',
      companyId: client,
      contractId: c.id,
      lines: [
        { productId: valve, quantity: '2' },
        { productId: plain, quantity: '1' },
      ],
    });
    expect(deal.statusCode, deal.body).toBe(201);
    expect(deal.json().contractId).toBe(c.id);
    expect(deal.json().lines.map((l: { unitPrice: string }) => l.unitPrice)).toEqual(['420.00', '40.00']);
    // Without naming the contract, the client's contract in force still prices it.
    const bare = await manager.post('/api/v1/deals', {
      title: 'Ещё задвижка',
      companyId: client,
      lines: [{ productId: valve, quantity: '1' }],
    });
    expect(bare.json().lines[0].unitPrice).toBe('420.00');
    // Another client's contract is refused.
    const stranger = await company(manager, 'ООО «Другой»');
    const wrong = await manager.post('/api/v1/deals', { title: 'Не тот договор', companyId: stranger, contractId: c.id });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.fields[0]).toMatchObject({ path: 'contractId', code: 'contracts.contractOtherClient' });

    // An invoice from the deal is under the contract, due after its terms.
    const inv = await manager.post(`/api/v1/deals/${deal.json().id}/invoice`, { legalEntityId: seller, issueDate: today });
    expect(inv.statusCode, inv.body).toBe(201);
    expect(inv.json()).toMatchObject({ contractId: c.id, dueDate: today });
  });
});

describe('the credit hold', () => {
  it('holds a client with an invoice under its contract unpaid past its due date, and lifts when it is paid', async () => {
    const client = await company(manager, 'ООО «Должник»');
    const c = await contract(finance, { companyId: client, number: 'К-1', paymentTermDays: 10 });
    expect(await credit(manager, client)).toMatchObject({ onHold: false, reasons: [], creditLimit: null, exposure: '0.00' });
    // Not yet due, and one without a contract: neither holds the client.
    await issued(manager, draftBody(seller, client, { contractId: c.id, issueDate: today, dueDate: addDays(today, 10) }));
    await issued(manager, draftBody(seller, client, { issueDate: addDays(today, -40), dueDate: addDays(today, -30) }));
    expect((await credit(manager, client)).onHold).toBe(false);
    // Issued 40 days ago, due 30 days ago: overdue.
    const late = await issued(
      manager,
      draftBody(seller, client, {
        contractId: c.id,
        issueDate: addDays(today, -40),
        dueDate: addDays(today, -30),
        lines: [line({ price: '1000.00' })],
      }),
    );
    const held = await credit(manager, client);
    expect(held).toMatchObject({
      onHold: true,
      reasons: [
        { kind: 'overdue', invoiceId: late.id, number: late.number, daysOverdue: 30, balance: '1220.00', hidden: false, contractId: c.id },
      ],
    });

    // Issuing another invoice is refused, naming the overdue one; nothing is numbered.
    const next = await draft(manager, draftBody(seller, client, { contractId: c.id, issueDate: today, dueDate: addDays(today, 10) }));
    const refused = await manager.req({ method: 'POST', url: `/api/v1/invoices/${next.id}/issue`, payload: {}, lang: 'ru' });
    expect(refused.statusCode).toBe(409);
    const err = refused.json().error;
    expect(err.code).toBe('CREDIT_HOLD');
    expect(err.message).toContain(late.number);
    expect(err.details.reasons).toEqual([expect.objectContaining({ invoiceId: late.id, number: late.number, daysOverdue: 30 })]);
    expect((await manager.get(`/api/v1/invoices/${next.id}`)).json()).toMatchObject({ status: 'draft', number: null });

    // Moving its deal into «Отгрузка» is refused; into an ordinary stage it is not.
    const deal = (await manager.post('/api/v1/deals', { title: 'Отгрузка должнику', companyId: client, stageId: openStage })).json();
    const move = await manager.post(`/api/v1/deals/${deal.id}/move`, { stageId: clearanceStage, version: deal.version });
    expect(move.statusCode).toBe(409);
    expect(move.json().error.code).toBe('CREDIT_HOLD');
    expect((await manager.get(`/api/v1/deals/${deal.id}`)).json().stageId).toBe(openStage);
    const patch = await manager.patch(`/api/v1/deals/${deal.id}`, { version: deal.version, stageId: clearanceStage });
    expect(patch.statusCode).toBe(409);
    const create = await manager.post('/api/v1/deals', { title: 'Сразу в отгрузку', companyId: client, stageId: clearanceStage });
    expect(create.statusCode).toBe(409);

    // Paid in full: the hold lifts, the move goes through.
    const pay = await finance.post('/api/v1/payments', {
      companyId: client,
      amount: '1220.00',
      currency: 'RUB',
      date: today,
      method: 'bank_transfer',
      reference: 'п/п 15',
      allocations: [{ invoiceId: late.id, amount: '1220.00' }],
    });
    expect(pay.statusCode, pay.body).toBe(201);
    expect((await credit(manager, client)).onHold).toBe(false);
    const ok = await manager.post(`/api/v1/deals/${deal.id}/move`, { stageId: clearanceStage, version: deal.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await manager.post(`/api/v1/invoices/${next.id}/issue`, {})).statusCode).toBe(200);
  });

  it('holds a client whose receivables would exceed the credit limit, counting the invoice being issued', async () => {
    const client = await company(manager, 'ООО «Лимит»');
    const c = await contract(finance, { companyId: client, number: 'Л-1', creditLimit: '2000.00', paymentTermDays: 30 });
    const due = addDays(today, 30);
    await issued(
      manager,
      draftBody(seller, client, { contractId: c.id, issueDate: today, dueDate: due, lines: [line({ price: '1000.00' })] }),
    );
    expect(await credit(manager, client)).toMatchObject({
      onHold: false,
      creditLimit: '2000.00',
      exposure: '1220.00',
      currency: 'RUB',
      contracts: [{ contractId: c.id, available: '780.00' }],
    });
    // 1220 + 1220 > 2000: this one would pass the limit.
    const second = await draft(
      manager,
      draftBody(seller, client, { contractId: c.id, issueDate: today, dueDate: due, lines: [line({ price: '1000.00' })] }),
    );
    const refused = await manager.post(`/api/v1/invoices/${second.id}/issue`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.reasons).toEqual([
      expect.objectContaining({ kind: 'credit_limit', balance: '440.00', contractId: c.id }),
    ]);
    // A smaller one fits.
    expect(
      (
        await issued(
          manager,
          draftBody(seller, client, { contractId: c.id, issueDate: today, dueDate: due, lines: [line({ price: '500.00' })] }),
        )
      ).status,
    ).toBe('issued');
    expect((await credit(manager, client)).exposure).toBe('1830.00');
  });

  it('lets a client through once: a reason from finance with the request, or a pass granted beforehand, both audited', async () => {
    const client = await company(manager, 'ООО «Исключение»');
    const c = await contract(finance, { companyId: client, number: 'И-1' });
    await issued(manager, draftBody(seller, client, { contractId: c.id, issueDate: addDays(today, -20), dueDate: addDays(today, -5) }));
    const body = () => draftBody(seller, client, { contractId: c.id, issueDate: today, dueDate: addDays(today, 5) });

    // A manager may not override; finance may, with a reason.
    const one = await draft(manager, body());
    const denied = await manager.post(`/api/v1/invoices/${one.id}/issue`, { creditOverrideReason: 'очень надо' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.fields[0].path).toBe('creditOverrideReason');
    const passed = await finance.post(`/api/v1/invoices/${one.id}/issue`, { creditOverrideReason: 'Гарантийное письмо от 01.12' });
    expect(passed.statusCode, passed.body).toBe(200);
    // It was once: the next one is held again.
    const two = await draft(manager, body());
    expect((await finance.post(`/api/v1/invoices/${two.id}/issue`, {})).statusCode).toBe(409);

    // A pass granted by the director lets the manager's next blocked action through, once.
    expect((await manager.post(`/api/v1/companies/${client}/credit/overrides`, { reason: 'сам себе' })).statusCode).toBe(403);
    const grant = await director.post(`/api/v1/companies/${client}/credit/overrides`, { reason: 'Согласовано с директором' });
    expect(grant.statusCode, grant.body).toBe(201);
    expect((await credit(manager, client)).openOverrides).toBe(1);
    const deal = (await manager.post('/api/v1/deals', { title: 'Отгрузка по исключению', companyId: client, stageId: openStage })).json();
    const moved = await manager.post(`/api/v1/deals/${deal.id}/move`, { stageId: clearanceStage, version: deal.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await manager.post(`/api/v1/invoices/${two.id}/issue`, {})).statusCode).toBe(409);
    const passes = (await finance.get(`/api/v1/companies/${client}/credit/overrides`)).json().items;
    expect(passes).toHaveLength(2);
    expect(passes[0]).toMatchObject({
      reason: 'Согласовано с директором',
      usedBy: manager.user.id,
      usedForKind: 'deal',
      usedForId: deal.id,
    });
    expect(passes[1]).toMatchObject({ reason: 'Гарантийное письмо от 01.12', usedForKind: 'invoice', usedForId: one.id });

    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('entity', '=', 'company')
      .where('entity_id', '=', client)
      .where('action', '=', 'credit_override')
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('names no invoice the viewer may not open, and marks the badges of a page in one request', async () => {
    const client = await company(manager, 'ООО «Общий клиент»');
    const c = await contract(finance, { companyId: client, number: 'О-1' });
    // Finance bills for the client owned by the manager: the invoice is the manager's; share the company with another.
    const late = await issued(
      finance,
      draftBody(seller, client, { contractId: c.id, issueDate: addDays(today, -20), dueDate: addDays(today, -3) }),
    );
    expect((await manager.post(`/api/v1/companies/${client}/shares`, { userId: other.user.id })).statusCode).toBeLessThan(300);
    expect((await other.get(`/api/v1/invoices/${late.id}`)).statusCode).toBe(404);
    const seen = await credit(other, client);
    expect(seen.onHold).toBe(true);
    expect(seen.reasons).toEqual([
      expect.objectContaining({ kind: 'overdue', invoiceId: null, number: null, hidden: true, daysOverdue: 3 }),
    ]);
    expect(JSON.stringify(seen)).not.toContain(late.number);

    const clean = await company(manager, 'ООО «Чистый»');
    const hidden = await company(other, 'ООО «Не мой»');
    const r = await manager.get(`/api/v1/credit/holds?companyIds=${[client, clean, hidden].join(',')}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().onHold).toEqual([client]);
  });
});
