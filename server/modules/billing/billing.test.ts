import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { company, draftBody, eood, issued, legalEntity, line, ooo } from '../invoices/invoices.fixtures.js';

let ctx: TestContext;
let finance: Caller;
let head: Caller;
let manager: Caller;
let other: Caller;
let ru: string;
let bg: string;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await ctx.userWith('finance');
  head = await ctx.userWith('head_of_sales');
  const team = await ctx.createTeam('Продажи', head.user.id);
  manager = await ctx.userWith('manager', { teamId: team });
  other = await ctx.userWith('manager');
  ru = await legalEntity(finance, ooo);
  bg = await legalEntity(finance, eood);
});
afterAll(async () => {
  await ctx.close();
});

const pay = (companyId: string, invoiceId: string, amount: string, date: string, currency = 'RUB') =>
  finance.post('/api/v1/payments', { companyId, amount, currency, date, method: 'bank_transfer', allocations: [{ invoiceId, amount }] });

const zero = { current: '0.00', d1_30: '0.00', d31_60: '0.00', d61_90: '0.00', d90plus: '0.00' };

describe('receivables', () => {
  let debtor: string;
  let euro: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    debtor = await company(manager, 'ООО «Должник»');
    euro = await company(manager, 'Длъжник ООД');
    const owe = async (key: string, dueDate: string) => {
      ids[key] = (
        await issued(manager, draftBody(ru, debtor, { issueDate: '2026-06-01', dueDate, lines: [line({ price: '1000.00' })] }))
      ).id;
    };
    await owe('current', '2026-11-10'); // not due on 2026-10-31
    await owe('d1_30', '2026-10-21'); // 10 days
    await owe('d31_60', '2026-09-15'); // 46 days
    await owe('d61_90', '2026-08-10'); // 82 days
    await owe('d90plus', '2026-06-15'); // 138 days
    await owe('cancelled', '2026-10-01'); // 30 days; cancelled today, so owed on 2026-10-31
    expect((await pay(debtor, ids.d90plus, '220.00', '2026-10-01')).statusCode).toBe(201);
    // Paid in full after the day of the report: still owed on it.
    expect((await pay(debtor, ids.d1_30, '1220.00', '2026-11-05')).statusCode).toBe(201);
    expect((await manager.post(`/api/v1/invoices/${ids.cancelled}/cancel`, { reason: 'Ошибка' })).statusCode).toBe(200);
    // A reversed payment never counted.
    const wrong = await pay(debtor, ids.d31_60, '1220.00', '2026-10-20');
    await finance.post(`/api/v1/payments/${wrong.json().id}/reverse`, { reason: 'Чужой платёж' });
    const e = await issued(
      manager,
      draftBody(bg, euro, { currency: 'EUR', issueDate: '2026-10-01', dueDate: '2026-10-31', lines: [line({ vatRate: '20' })] }),
    );
    ids.euro = e.id;
  });

  it('ages what each client owed on a fixed day into buckets, with totals per currency', async () => {
    const r = await finance.get('/api/v1/reports/receivables?asOf=2026-10-31');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.asOf).toBe('2026-10-31');
    const row = body.items.find((i: { companyId: string }) => i.companyId === debtor);
    expect(row).toEqual({
      companyId: debtor,
      companyName: 'ООО «Должник»',
      company: { id: debtor, name: 'ООО «Должник»', hidden: false },
      ownerId: manager.user.id,
      currency: 'RUB',
      invoices: 6,
      total: '7100.00',
      overdue: '5880.00',
      buckets: { current: '1220.00', d1_30: '2440.00', d31_60: '1220.00', d61_90: '1220.00', d90plus: '1000.00' },
    });
    const eurRow = body.items.find((i: { companyId: string }) => i.companyId === euro);
    expect(eurRow).toMatchObject({ currency: 'EUR', total: '120.00', overdue: '0.00', buckets: { ...zero, current: '120.00' } });
    expect(body.totals).toEqual([
      { currency: 'EUR', total: '120.00', overdue: '0.00', buckets: { ...zero, current: '120.00' } },
      { currency: 'RUB', total: '7100.00', overdue: '5880.00', buckets: row.buckets },
    ]);
    expect(body.truncated).toBe(false);
    expect(body.items[0].companyId).toBe(debtor);
  });

  it('today leaves out what has been paid and cancelled since', async () => {
    const row = (await finance.get('/api/v1/reports/receivables')).json().items.find((i: { companyId: string }) => i.companyId === debtor);
    expect(row).toMatchObject({ invoices: 4, total: '4660.00' });
    const onlyEur = (await finance.get('/api/v1/reports/receivables?asOf=2026-10-31&currency=EUR')).json();
    expect(onlyEur.items.map((i: { currency: string }) => i.currency)).toEqual(['EUR']);
  });

  it('drills down to the invoices of one client, each aged', async () => {
    const r = (await manager.get(`/api/v1/reports/receivables/${debtor}?asOf=2026-10-31`)).json();
    expect(r.companyName).toBe('ООО «Должник»');
    expect(
      r.items.map((i: { invoiceId: string; balance: string; daysOverdue: number; bucket: string }) => [
        i.invoiceId,
        i.balance,
        i.daysOverdue,
        i.bucket,
      ]),
    ).toEqual([
      [ids.d90plus, '1000.00', 138, 'd90plus'],
      [ids.d61_90, '1220.00', 82, 'd61_90'],
      [ids.d31_60, '1220.00', 46, 'd31_60'],
      [ids.cancelled, '1220.00', 30, 'd1_30'],
      [ids.d1_30, '1220.00', 10, 'd1_30'],
      [ids.current, '1220.00', 0, 'current'],
    ]);
  });

  it('shows a manager their clients, a head the team, and nobody else’s; names only where visible', async () => {
    const mine = (await manager.get('/api/v1/reports/receivables?asOf=2026-10-31')).json();
    expect(mine.items.map((i: { companyId: string }) => i.companyId).sort()).toEqual([debtor, euro].sort());
    const team = (await head.get('/api/v1/reports/receivables?asOf=2026-10-31')).json();
    expect(team.totals).toEqual(mine.totals);
    expect((await other.get('/api/v1/reports/receivables?asOf=2026-10-31')).json()).toMatchObject({ items: [], totals: [] });
    expect((await other.get(`/api/v1/reports/receivables/${debtor}?asOf=2026-10-31`)).json()).toMatchObject({
      companyName: null,
      items: [],
    });
    expect((await (await ctx.userWith('marketing')).get('/api/v1/reports/receivables')).statusCode).toBe(403);

    const moved = await company(manager, 'ООО «Переданный должник»');
    await issued(manager, draftBody(ru, moved, { issueDate: '2026-06-01', dueDate: '2026-07-01' }));
    const c = (await ctx.admin.get(`/api/v1/companies/${moved}`)).json();
    await ctx.admin.patch(`/api/v1/companies/${moved}`, { version: c.version, ownerId: other.user.id });
    const row = (await manager.get('/api/v1/reports/receivables?asOf=2026-10-31'))
      .json()
      .items.find((i: { companyId: string }) => i.companyId === moved);
    expect(row).toMatchObject({ companyName: null, company: { id: moved, name: null, hidden: true }, total: '122.00' });
  });
});

describe('an invoice from a deal', () => {
  it('copies the lines, the client and the contact; the deal’s manager owns the draft', async () => {
    const client = await company(manager, 'ООО «Сделка»');
    const contact = (await manager.post('/api/v1/contacts', { firstName: 'Анна', lastName: 'Закупкина', companyId: client })).json().id;
    const product = (
      await ctx.admin.post('/api/v1/products', {
        name: 'Насос НШ-32',
        unit: 'шт',
        vatRate: '22',
        prices: [{ currency: 'RUB', amount: '500.00' }],
      })
    ).json();
    const deal = await manager.post('/api/v1/deals', {
      title: 'Насосы',
      companyId: client,
      contacts: [{ contactId: contact, isDecisionMaker: true }],
      currency: 'RUB',
      lines: [{ productId: product.id, quantity: '3', discountPercent: '10' }],
    });
    expect(deal.statusCode, deal.body).toBe(201);
    const noEntity = await manager.post(`/api/v1/deals/${deal.json().id}/invoice`, {});
    expect(noEntity.json().error.fields).toEqual([
      expect.objectContaining({ path: 'legalEntityId', code: 'invoices.rules.legalEntityRequired' }),
    ]);
    const r = await finance.post(`/api/v1/deals/${deal.json().id}/invoice`, { legalEntityId: ru, issueDate: '2026-11-02' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      status: 'draft',
      dealId: deal.json().id,
      companyId: client,
      contactId: contact,
      ownerId: manager.user.id,
      currency: 'RUB',
      issueDate: '2026-11-02',
      dueDate: '2026-11-12',
      subtotal: '1350.00',
      vatTotal: '297.00',
      total: '1647.00',
    });
    expect(r.json().lines).toEqual([
      expect.objectContaining({
        productId: product.id,
        name: 'Насос НШ-32',
        unit: 'шт',
        quantity: '3',
        price: '500.00',
        discountPercent: '10',
        vatRate: '22',
      }),
    ]);
    expect((await manager.get(`/api/v1/invoices?dealId=${deal.json().id}`)).json().items).toHaveLength(1);
    expect((await other.post(`/api/v1/deals/${deal.json().id}/invoice`, { legalEntityId: ru })).statusCode).toBe(404);

    // An entity that is not a VAT payer bills the same lines without VAT, on its legal basis.
    const small = await legalEntity(finance, { ...eood, name: 'Малка ЕООД', vatPayer: false });
    const eurDeal = await manager.post('/api/v1/deals', {
      title: 'Euro',
      companyId: client,
      currency: 'EUR',
      lines: [{ productId: product.id, quantity: '1', unitPrice: '80.00' }],
    });
    const nv = await manager.post(`/api/v1/deals/${eurDeal.json().id}/invoice`, { legalEntityId: small });
    expect(nv.statusCode, nv.body).toBe(201);
    expect(nv.json()).toMatchObject({
      vatTotal: '0.00',
      total: '80.00',
      vatExemptionReason: 'чл. 113, ал. 9 от ЗДДС',
      lines: [expect.objectContaining({ vatRate: '0' })],
    });

    const bare = await manager.post('/api/v1/deals', { title: 'Без клиента' });
    expect((await manager.post(`/api/v1/deals/${bare.json().id}/invoice`, { legalEntityId: ru })).json().error.fields[0].path).toBe(
      'companyId',
    );
  });
});
