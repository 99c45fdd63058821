import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEvent, type DomainEvent } from '../../platform/events.js';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { company, draft, draftBody, eood, issued, legalEntity, line, ooo } from './invoices.fixtures.js';

let ctx: TestContext;
let finance: Caller;
let manager: Caller;
let other: Caller;
let ru: string;
let bg: string;
const events: DomainEvent[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await ctx.userWith('finance');
  manager = await ctx.userWith('manager');
  other = await ctx.userWith('manager');
  ru = await legalEntity(finance, ooo);
  bg = await legalEntity(finance, eood);
  for (const type of ['invoice.paid', 'payment.created', 'payment.reversed'] as const) {
    onEvent(type, `test:${type}`, async (_trx, e) => void events.push(e));
  }
});
afterAll(async () => {
  await ctx.close();
});

const pay = (companyId: string, amount: string, allocations: { invoiceId: string; amount: string }[], o: Record<string, unknown> = {}) =>
  finance.post('/api/v1/payments', {
    companyId,
    amount,
    currency: 'RUB',
    date: '2026-11-20',
    method: 'bank_transfer',
    reference: 'п/п 17',
    allocations,
    ...o,
  });

const get = async (id: string) => (await manager.get(`/api/v1/invoices/${id}`)).json();

describe('payments', () => {
  it('pay an invoice in parts; the last part pays it, publishes invoice.paid and shows on the timelines', async () => {
    const client = await company(manager, 'ООО «Частями»');
    const inv = await issued(manager, draftBody(ru, client, { lines: [line({ price: '1000.00' })] }));
    expect(inv.total).toBe('1220.00');
    const first = await pay(client, '500.00', [{ invoiceId: inv.id, amount: '500.00' }]);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      amount: '500.00',
      allocatedTotal: '500.00',
      unallocated: '0.00',
      allocations: [{ invoiceId: inv.id, number: inv.number, amount: '500.00' }],
    });
    expect(await get(inv.id)).toMatchObject({ status: 'partially_paid', paidTotal: '500.00', balance: '720.00' });
    expect(events.some((e) => e.type === 'invoice.paid')).toBe(false);
    const second = await pay(client, '720.00', [{ invoiceId: inv.id, amount: '720.00' }], { date: '2026-11-25' });
    const paid = await get(inv.id);
    expect(paid).toMatchObject({ status: 'paid', paidTotal: '1220.00', balance: '0.00' });
    expect(paid.payments.map((p: { amount: string }) => p.amount)).toEqual(['500.00', '720.00']);
    const ev = events.find((e) => e.type === 'invoice.paid' && (e.payload as { id: string }).id === inv.id);
    expect(ev?.payload).toMatchObject({ paymentId: second.json().id, total: '1220.00', companyId: client });
    const created = events.find((e) => e.type === 'payment.created' && (e.payload as { id: string }).id === second.json().id);
    expect(created?.payload).toMatchObject({ before: null, after: { amount: '720.00', companyId: client } });
    const company_ = (await manager.get(`/api/v1/companies/${client}/timeline`)).json().items;
    expect(company_.filter((e: { kind: string }) => e.kind === 'payment')).toHaveLength(2);
    const own = (await manager.get(`/api/v1/invoices/${inv.id}/timeline`)).json().items;
    expect(own.filter((e: { kind: string }) => e.kind === 'invoice_payment')).toHaveLength(2);
  });

  it('spread one payment over several invoices; the overpayment is the advance, offered on the next invoice', async () => {
    const client = await company(manager, 'ООО «Аванс»');
    const a = await issued(manager, draftBody(ru, client));
    const b = await issued(manager, draftBody(ru, client, { lines: [line({ price: '200.00' })] }));
    const p = await pay(client, '400.00', [
      { invoiceId: a.id, amount: '122.00' },
      { invoiceId: b.id, amount: '244.00' },
    ]);
    expect(p.json()).toMatchObject({ allocatedTotal: '366.00', unallocated: '34.00' });
    expect((await get(a.id)).status).toBe('paid');
    expect((await get(b.id)).status).toBe('paid');
    expect((await manager.get(`/api/v1/companies/${client}/advance`)).json()).toEqual({
      companyId: client,
      items: [{ currency: 'RUB', amount: '34.00' }],
    });
    expect((await other.get(`/api/v1/companies/${client}/advance`)).statusCode).toBe(404);

    const next = await issued(manager, draftBody(ru, client));
    expect(next.advanceAvailable).toBe('34.00');
    expect((await manager.post(`/api/v1/invoices/${next.id}/apply-advance`, {})).statusCode).toBe(403);
    const applied = await finance.post(`/api/v1/invoices/${next.id}/apply-advance`, {});
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ status: 'partially_paid', paidTotal: '34.00', balance: '88.00', advanceAvailable: '0.00' });
    expect((await manager.get(`/api/v1/companies/${client}/advance`)).json().items).toEqual([]);
    const none = await finance.post(`/api/v1/invoices/${next.id}/apply-advance`, {});
    expect(none.json().error.fields[0]).toMatchObject({ path: 'amount', code: 'invoices.rules.noAdvance' });
    expect((await finance.get(`/api/v1/payments/${p.json().id}`)).json()).toMatchObject({ unallocated: '0.00', allocatedTotal: '400.00' });
  });

  it('refuse, naming the field, what an allocation may not pay, and store nothing', async () => {
    const client = await company(manager, 'ООО «Отказы»');
    const elsewhere = await company(manager, 'ООО «Другой плательщик»');
    const inv = await issued(manager, draftBody(ru, client));
    const eur = await issued(manager, draftBody(bg, client, { currency: 'EUR', lines: [line({ vatRate: '20' })] }));
    const d = await draft(manager, draftBody(ru, client));
    const cancelled = await issued(manager, draftBody(ru, client));
    await manager.post(`/api/v1/invoices/${cancelled.id}/cancel`, { reason: 'Ошибка' });
    const theirs = await issued(manager, draftBody(ru, elsewhere));
    const before = (await finance.get(`/api/v1/payments?companyId=${client}`)).json().items.length;

    const r = await finance.req({
      method: 'POST',
      url: '/api/v1/payments',
      lang: 'ru',
      payload: {
        companyId: client,
        amount: '1000.00',
        currency: 'RUB',
        date: '2026-11-20',
        method: 'bank_transfer',
        allocations: [
          { invoiceId: inv.id, amount: '122.01' },
          { invoiceId: eur.id, amount: '1.00' },
          { invoiceId: d.id, amount: '1.00' },
          { invoiceId: cancelled.id, amount: '1.00' },
          { invoiceId: theirs.id, amount: '1.00' },
          { invoiceId: inv.id, amount: '1.00' },
        ],
      },
    });
    expect(r.statusCode).toBe(422);
    const fields = r.json().error.fields;
    expect(fields.map((f: { path: string; code: string }) => [f.path, f.code])).toEqual([
      ['allocations.5.invoiceId', 'invoices.rules.duplicateInvoice'],
      ['allocations.0.amount', 'invoices.rules.exceedsBalance'],
      ['allocations.1.invoiceId', 'invoices.rules.currencyMismatch'],
      ['allocations.2.invoiceId', 'invoices.rules.notPayable'],
      ['allocations.3.invoiceId', 'invoices.rules.notPayable'],
      ['allocations.4.invoiceId', 'invoices.rules.otherCompany'],
    ]);
    expect(fields[1].message).toContain('122.00');
    expect(fields[2].message).toContain('EUR');
    const over = await pay(client, '100.00', [{ invoiceId: inv.id, amount: '100.01' }]);
    expect(over.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['allocations']);
    const future = await pay(client, '10.00', [], { date: '2100-01-01' });
    expect(future.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['date']);
    expect(
      (await manager.post('/api/v1/payments', { companyId: client, amount: '1.00', currency: 'RUB', date: '2026-11-20', method: 'cash' }))
        .statusCode,
    ).toBe(403);
    expect((await finance.get(`/api/v1/payments?companyId=${client}`)).json().items).toHaveLength(before);
    expect((await get(inv.id)).paidTotal).toBe('0.00');
  });

  it('let only one of two concurrent payments take the whole balance', async () => {
    const client = await company(manager, 'ООО «Гонка»');
    const inv = await issued(manager, draftBody(ru, client));
    const rs = await Promise.all([1, 2].map(() => pay(client, '122.00', [{ invoiceId: inv.id, amount: '122.00' }])));
    expect(rs.map((r) => r.statusCode).sort()).toEqual([201, 422]);
    expect(await get(inv.id)).toMatchObject({ status: 'paid', paidTotal: '122.00' });
  });

  it('reverse a wrong payment: audited, the invoices owed again, once', async () => {
    const client = await company(manager, 'ООО «Сторно»');
    const a = await issued(manager, draftBody(ru, client));
    const b = await issued(manager, draftBody(ru, client));
    const p = (
      await pay(client, '200.00', [
        { invoiceId: a.id, amount: '122.00' },
        { invoiceId: b.id, amount: '50.00' },
      ])
    ).json();
    expect((await get(a.id)).status).toBe('paid');
    const r = await finance.post(`/api/v1/payments/${p.id}/reverse`, { reason: 'Платёж другого клиента' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ reverseReason: 'Платёж другого клиента', unallocated: '0.00' });
    expect(await get(a.id)).toMatchObject({ status: 'issued', paidTotal: '0.00', balance: '122.00' });
    expect(await get(b.id)).toMatchObject({ status: 'issued', paidTotal: '0.00' });
    expect((await manager.get(`/api/v1/companies/${client}/advance`)).json().items).toEqual([]);
    expect((await finance.post(`/api/v1/payments/${p.id}/reverse`, { reason: 'ещё' })).json().error.code).toBe('PAYMENT_ALREADY_REVERSED');
    const audit = (await finance.get(`/api/v1/audit?entity=payment&id=${p.id}`)).json().items;
    expect(audit.map((x: { action: string }) => x.action)).toEqual(['reverse', 'create']);
    const ev = events.find((e) => e.type === 'payment.reversed' && (e.payload as { id: string }).id === p.id);
    expect(ev?.payload).toMatchObject({
      amount: '200.00',
      invoices: expect.arrayContaining([
        { invoiceId: a.id, amount: '122.00' },
        { invoiceId: b.id, amount: '50.00' },
      ]),
    });
    expect((await manager.get(`/api/v1/companies/${client}/timeline`)).json().items).toContainEqual(
      expect.objectContaining({ kind: 'payment_reversed', refId: p.id }),
    );
  });

  it('give money paid on a cancelled invoice, or on a credited part, back to the client as an advance', async () => {
    const client = await company(manager, 'ООО «Возврат»');
    const inv = await issued(manager, draftBody(ru, client));
    await pay(client, '100.00', [{ invoiceId: inv.id, amount: '100.00' }]);
    const c = (await manager.post(`/api/v1/invoices/${inv.id}/cancel`, { reason: 'Отказ от поставки' })).json();
    expect(c).toMatchObject({ status: 'cancelled', paidTotal: '0.00' });
    expect((await manager.get(`/api/v1/companies/${client}/advance`)).json().items).toEqual([{ currency: 'RUB', amount: '100.00' }]);

    const bgInv = await issued(manager, draftBody(bg, client, { currency: 'EUR', lines: [line({ vatRate: '20', quantity: '3' })] }));
    await pay(client, '360.00', [{ invoiceId: bgInv.id, amount: '360.00' }], { currency: 'EUR' });
    const note = (
      await manager.post(`/api/v1/invoices/${bgInv.id}/credit-note`, { reason: 'Върната стока', lines: [line({ vatRate: '20' })] })
    ).json();
    await manager.post(`/api/v1/invoices/${note.id}/issue`, {});
    expect(await get(bgInv.id)).toMatchObject({ status: 'paid', creditedTotal: '120.00', paidTotal: '240.00', balance: '0.00' });
    const advance = (await manager.get(`/api/v1/companies/${client}/advance`)).json().items;
    expect(advance).toEqual([
      { currency: 'EUR', amount: '120.00' },
      { currency: 'RUB', amount: '100.00' },
    ]);
  });

  it('show a payment to who may see the client, with invoices they may not see hidden', async () => {
    const client = await company(manager, 'ООО «Видимость»');
    const inv = await issued(manager, draftBody(ru, client));
    const p = (await pay(client, '122.00', [{ invoiceId: inv.id, amount: '122.00' }])).json();
    expect((await manager.get(`/api/v1/payments/${p.id}`)).statusCode).toBe(200);
    expect((await other.get(`/api/v1/payments/${p.id}`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/payments')).json().items.map((x: { id: string }) => x.id)).not.toContain(p.id);
    // Share the client with another manager: they see the payment, not the invoice of the first.
    expect((await manager.post(`/api/v1/companies/${client}/shares`, { userId: other.user.id })).statusCode).toBeLessThan(300);
    const seen = (await other.get(`/api/v1/payments/${p.id}`)).json();
    expect(seen.allocations).toEqual([{ invoiceId: inv.id, number: null, hidden: true, amount: '122.00' }]);
  });
});
