import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEvent, type DomainEvent } from '../../platform/events.js';
import { PlatformErrors } from '../../platform/errors.js';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { company, draft, draftBody, eood, issued, legalEntity, line, ooo } from './invoices.fixtures.js';
import { onInvoiceIssue } from './index.js';

let ctx: TestContext;
let finance: Caller;
let manager: Caller;
let other: Caller;
let client: string;
const events: DomainEvent[] = [];
let refuseIssue: string | null = null;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await ctx.userWith('finance');
  manager = await ctx.userWith('manager');
  other = await ctx.userWith('manager');
  client = await company(manager, 'ООО «Покупатель»', { inn: '7736207543' });
  onEvent('invoice.issued', 'test:issued', async (_trx, e) => void events.push(e));
  onEvent('invoice.cancelled', 'test:cancelled', async (_trx, e) => void events.push(e));
  // The seam the credit hold will use: a check that refuses inside the issuing transaction.
  onInvoiceIssue('test:refuse', async (_trx, _user, inv) => {
    if (inv.id === refuseIssue) throw PlatformErrors.CONFLICT();
  });
});
afterAll(async () => {
  await ctx.close();
});

const bgBody = (le: string, o: Record<string, unknown> = {}) =>
  draftBody(le, client, { currency: 'EUR', lines: [line({ vatRate: '20', price: '100.00' })], ...o });

describe('issuing a Russian invoice', () => {
  it('numbers the series with its prefix and year, freezes the invoice, and tells the timelines', async () => {
    const le = await legalEntity(finance, { ...ooo, name: 'ООО «Серия»' });
    const dealId = (await manager.post('/api/v1/deals', { title: 'Поставка насосов', companyId: client, amount: '122' })).json().id;
    const first = await issued(manager, draftBody(le, client, { dealId }));
    expect(first).toMatchObject({ number: 'СЧ-2026-000001', status: 'issued', issuedBy: manager.user.id });
    expect(first.seller).toMatchObject({ name: 'ООО «Серия»', inn: ooo.inn, director: ooo.director, bik: ooo.bik });
    expect(first.buyer).toMatchObject({ name: 'ООО «Покупатель»', inn: '7736207543' });
    expect((await issued(manager, draftBody(le, client))).number).toBe('СЧ-2026-000002');

    const numbering = await finance.patch(`/api/v1/invoice-numbering/${le}`, { prefix: 'INV' });
    expect(numbering.statusCode, numbering.body).toBe(200);
    expect(numbering.json()).toMatchObject({ prefix: 'INV', lastNumber: expect.any(String) });
    expect((await issued(manager, draftBody(le, client))).number).toBe('INV-2026-000003');
    expect((await issued(manager, draftBody(le, client, { issueDate: '2027-01-11', dueDate: '2027-01-21' }))).number).toBe(
      'INV-2027-000001',
    );
    const badPrefix = await finance.patch(`/api/v1/invoice-numbering/${le}`, { prefix: 'С Ч' });
    expect(badPrefix.json().error.fields[0]).toMatchObject({ path: 'prefix', code: 'invoices.rules.prefixFormat' });
    expect((await manager.get(`/api/v1/invoice-numbering/${le}`)).statusCode).toBe(403);

    // Frozen: no change, no delete; the seller stays as printed when our requisites change.
    const patch = await manager.patch(`/api/v1/invoices/${first.id}`, { version: first.version, notes: 'x' });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().error.code).toBe('INVOICE_NOT_DRAFT');
    expect((await manager.del(`/api/v1/invoices/${first.id}`)).statusCode).toBe(409);
    expect((await manager.post(`/api/v1/invoices/${first.id}/issue`, {})).json().error.code).toBe('INVOICE_NOT_DRAFT');
    const entity = (await finance.get(`/api/v1/legal-entities/${le}`)).json();
    await finance.patch(`/api/v1/legal-entities/${le}`, { version: entity.version, director: 'Сидоров С. С.' });
    expect((await manager.get(`/api/v1/invoices/${first.id}`)).json().seller.director).toBe(ooo.director);

    for (const url of [
      `/api/v1/companies/${client}/timeline`,
      `/api/v1/deals/${dealId}/timeline`,
      `/api/v1/invoices/${first.id}/timeline`,
    ]) {
      const items = (await manager.get(url)).json().items;
      expect(items, url).toContainEqual(
        expect.objectContaining({ kind: 'invoice_issued', refEntity: 'invoice', refId: first.id, body: first.number }),
      );
    }
    // Another manager sees that the client was invoiced on its timeline only as hidden.
    const audit = (await ctx.admin.get(`/api/v1/audit?entity=invoice&id=${first.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['issue', 'create']);
    const ev = events.find((e) => e.type === 'invoice.issued' && (e.payload as { id: string }).id === first.id);
    expect(ev?.payload).toMatchObject({ number: 'СЧ-2026-000001', companyId: client, dealId, total: '122.00', kind: 'invoice' });
  });

  it('refuses an empty invoice, and a refused issue leaves no gap', async () => {
    const le = await legalEntity(finance, { ...ooo, name: 'ООО «Без пропусков»' });
    const empty = await draft(manager, draftBody(le, client, { lines: [] }));
    const r = await manager.post(`/api/v1/invoices/${empty.id}/issue`, {});
    expect(r.statusCode).toBe(422);
    expect(r.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['lines']);
    const a = await draft(manager, draftBody(le, client));
    refuseIssue = a.id;
    expect((await manager.post(`/api/v1/invoices/${a.id}/issue`, {})).statusCode).toBe(409);
    refuseIssue = null;
    expect((await issued(manager, draftBody(le, client))).number).toBe('СЧ-2026-000001');
    expect((await manager.post(`/api/v1/invoices/${a.id}/issue`, {})).json().number).toBe('СЧ-2026-000002');
  });

  it('gives 30 parallel issues of one entity 30 distinct numbers in a row', async () => {
    const le = await legalEntity(finance, { ...ooo, name: 'ООО «Параллель»' });
    const drafts = [];
    for (let i = 0; i < 30; i++) drafts.push(await draft(manager, draftBody(le, client)));
    const res = await Promise.all(drafts.map((d) => manager.post(`/api/v1/invoices/${d.id}/issue`, {})));
    expect(res.map((r) => r.statusCode)).toEqual(drafts.map(() => 200));
    const numbers = res.map((r) => r.json().number).sort();
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => `СЧ-2026-${String(i + 1).padStart(6, '0')}`));
  });

  it('is cancelled (not credited), once, by whoever may change it', async () => {
    const le = await legalEntity(finance, { ...ooo, name: 'ООО «Отмена»' });
    const inv = await issued(manager, draftBody(le, client));
    expect((await other.post(`/api/v1/invoices/${inv.id}/cancel`, { reason: 'Ошибка' })).statusCode).toBe(404);
    expect((await manager.post(`/api/v1/invoices/${inv.id}/credit-note`, { reason: 'x' })).json().error.code).toBe(
      'INVOICE_CREDIT_NOTE_NOT_ALLOWED',
    );
    const c = await manager.post(`/api/v1/invoices/${inv.id}/cancel`, { reason: 'Ошибка в реквизитах' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Ошибка в реквизитах', number: inv.number, balance: '122.00' });
    expect((await manager.post(`/api/v1/invoices/${inv.id}/cancel`, { reason: 'ещё раз' })).json().error.code).toBe(
      'INVOICE_ALREADY_CANCELLED',
    );
    const d = await draft(manager, draftBody(le, client));
    expect((await manager.post(`/api/v1/invoices/${d.id}/cancel`, { reason: 'x' })).json().error.code).toBe('INVOICE_NOT_ISSUED');
    const items = (await manager.get(`/api/v1/companies/${client}/timeline`)).json().items;
    expect(items).toContainEqual(expect.objectContaining({ kind: 'invoice_cancelled', refId: inv.id }));
    expect(events.some((e) => e.type === 'invoice.cancelled' && (e.payload as { id: string }).id === inv.id)).toBe(true);
  });
});

describe('Bulgarian numbering and credit notes', () => {
  it('numbers with 10 digits from the configured start, in date order, and the start is fixed once used', async () => {
    const le = await legalEntity(finance, { ...eood, name: 'Номера ЕООД' });
    const set = await finance.patch(`/api/v1/invoice-numbering/${le}`, { firstNumber: 1000000041 });
    expect(set.json()).toMatchObject({ firstNumber: 1000000041, nextNumber: '1000000041', lastNumber: null });
    const a = await issued(manager, bgBody(le, { issueDate: '2026-11-05', dueDate: '2026-11-20' }));
    expect(a.number).toBe('1000000041');
    const late = await draft(manager, bgBody(le, { issueDate: '2026-11-04', dueDate: '2026-11-20' }));
    const r = await manager.post(`/api/v1/invoices/${late.id}/issue`, {});
    expect(r.statusCode).toBe(422);
    expect(r.json().error.fields[0]).toMatchObject({ path: 'issueDate', code: 'invoices.rules.issueDateBeforeLast' });
    expect(r.json().error.fields[0].message).toContain('1000000041');
    const ok = await manager.post(`/api/v1/invoices/${late.id}/issue`, { issueDate: '2026-11-05' });
    expect(ok.json()).toMatchObject({ number: '1000000042', issueDate: '2026-11-05' });
    const again = await finance.patch(`/api/v1/invoice-numbering/${le}`, { firstNumber: 5 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVOICE_NUMBERING_IN_USE');
    const ruStart = await finance.patch(`/api/v1/invoice-numbering/${await legalEntity(finance, { ...ooo, name: 'ООО «Старт»' })}`, {
      firstNumber: 5,
    });
    expect(ruStart.json().error.fields[0].path).toBe('firstNumber');
  });

  it('corrects an invoice by a credit note from the same series; a full credit voids it', async () => {
    const le = await legalEntity(finance, { ...eood, name: 'Кредит ЕООД' });
    const inv = await issued(manager, bgBody(le, { lines: [line({ vatRate: '20', price: '100.00', quantity: '3' })] }));
    expect(inv).toMatchObject({ number: '0000000001', total: '360.00' });
    expect((await manager.post(`/api/v1/invoices/${inv.id}/cancel`, { reason: 'x' })).json().error.code).toBe('INVOICE_NEEDS_CREDIT_NOTE');

    const partial = await manager.post(`/api/v1/invoices/${inv.id}/credit-note`, {
      reason: 'Върната 1 бройка',
      lines: [line({ vatRate: '20', price: '100.00' })],
    });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json()).toMatchObject({
      kind: 'credit_note',
      status: 'draft',
      total: '120.00',
      correctionReason: 'Върната 1 бройка',
      correctsInvoice: { id: inv.id, number: '0000000001' },
    });
    const note = await manager.post(`/api/v1/invoices/${partial.json().id}/issue`, {});
    expect(note.json()).toMatchObject({ number: '0000000002', status: 'issued' });
    const after = (await manager.get(`/api/v1/invoices/${inv.id}`)).json();
    expect(after).toMatchObject({ status: 'issued', creditedTotal: '120.00', balance: '240.00' });
    expect(after.creditNotes).toEqual([expect.objectContaining({ id: partial.json().id, number: '0000000002', total: '120.00' })]);

    const tooMuch = await manager.post(`/api/v1/invoices/${inv.id}/credit-note`, {
      reason: 'x',
      lines: [line({ vatRate: '20', price: '300.00' })],
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error.fields[0]).toMatchObject({ path: 'lines', code: 'invoices.rules.creditExceedsInvoice' });
    expect(tooMuch.json().error.fields[0].message).toContain('240.00');

    const rest = await manager.post(`/api/v1/invoices/${inv.id}/credit-note`, {
      reason: 'Анулиране',
      lines: [line({ vatRate: '20', price: '200.00' })],
    });
    expect((await manager.post(`/api/v1/invoices/${rest.json().id}/issue`, {})).json().number).toBe('0000000003');
    expect((await manager.get(`/api/v1/invoices/${inv.id}`)).json()).toMatchObject({
      status: 'cancelled',
      balance: '0.00',
      creditedTotal: '360.00',
    });
    // A credit note is a correction, not a debt: never overdue, never credited itself.
    const noteBody = (await manager.get(`/api/v1/invoices/${partial.json().id}`)).json();
    expect(noteBody).toMatchObject({ overdue: false, advanceAvailable: null, creditNotes: [] });
    expect((await manager.post(`/api/v1/invoices/${partial.json().id}/credit-note`, { reason: 'x' })).json().error.code).toBe(
      'INVOICE_CREDIT_NOTE_NOT_ALLOWED',
    );
    const timeline = (await manager.get(`/api/v1/invoices/${inv.id}/timeline`)).json().items;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'invoice_credited')).toHaveLength(2);
  });
});
