import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { company, draft, draftBody, eood, legalEntity, line, ooo } from './invoices.fixtures.js';

let ctx: TestContext;
let finance: Caller;
let head: Caller;
let manager: Caller;
let other: Caller;
let ru: string;
let bg: string;
let client: string;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await ctx.userWith('finance');
  head = await ctx.userWith('head_of_sales');
  const team = await ctx.createTeam('Продажи', head.user.id);
  manager = await ctx.userWith('manager', { teamId: team });
  other = await ctx.userWith('manager');
  ru = await legalEntity(finance, ooo);
  bg = await legalEntity(finance, eood);
  client = await company(manager, 'ООО «Клиент»', { inn: '7736207543' });
});
afterAll(async () => {
  await ctx.close();
});

describe('invoice totals', () => {
  it('rounds each line to kopecks: 3 × 33.33 at 22 % with 7.5 % off is 92.49 + 20.35', async () => {
    const inv = await draft(
      manager,
      draftBody(ru, client, {
        lines: [
          line({ quantity: '3', price: '33.33', discountPercent: '7.5', vatRate: '22' }),
          // Three lines of 0.03 at 22 %: 0.0066 VAT each rounds to 0.01 on every line (0.03 in all),
          // where VAT on their sum would be 0.02.
          line({ name: 'Шайба', price: '0.03' }),
          line({ name: 'Шайба', price: '0.03' }),
          line({ name: 'Шайба', price: '0.03' }),
        ],
      }),
    );
    expect(inv.lines[0]).toMatchObject({ quantity: '3', price: '33.33', discountPercent: '7.5', vatRate: '22' });
    expect(inv.lines[0]).toMatchObject({ subtotal: '92.49', vatAmount: '20.35', total: '112.84' });
    expect(inv.lines[1]).toMatchObject({ subtotal: '0.03', vatAmount: '0.01', total: '0.04' });
    expect(inv).toMatchObject({ subtotal: '92.58', vatTotal: '20.38', total: '112.96', paidTotal: '0.00', balance: '112.96' });
    expect(inv.vatBreakdown).toEqual([{ vatRate: '22', base: '92.58', vat: '20.38' }]);
    expect(inv.amountInWords).toBe('Сто двенадцать рублей 96 копеек');
    expect(inv).toMatchObject({ status: 'draft', number: null, overdue: false, kind: 'invoice' });
  });

  it('carves VAT out of prices that include it («в том числе НДС»)', async () => {
    const inv = await draft(
      manager,
      draftBody(ru, client, { pricesIncludeVat: true, lines: [line({ quantity: '3', price: '33.33', discountPercent: '7.5' })] }),
    );
    expect(inv).toMatchObject({ subtotal: '75.81', vatTotal: '16.68', total: '92.49' });
  });

  it('spells a Bulgarian total in Bulgarian, with the VAT block per rate', async () => {
    const inv = await draft(
      manager,
      draftBody(bg, client, {
        currency: 'EUR',
        vatExemptionReason: 'чл. 53, ал. 1 от ЗДДС',
        lines: [line({ price: '1000.00', vatRate: '20' }), line({ price: '200.00', vatRate: '9' }), line({ price: '34.56', vatRate: '0' })],
      }),
    );
    expect(inv.vatBreakdown).toEqual([
      { vatRate: '20', base: '1000.00', vat: '200.00' },
      { vatRate: '9', base: '200.00', vat: '18.00' },
      { vatRate: '0', base: '34.56', vat: '0.00' },
    ]);
    expect(inv.total).toBe('1452.56');
    expect(inv.amountInWords).toBe('Хиляда четиристотин петдесет и две евро и петдесет и шест евроцента');
    expect(inv.legalEntity).toEqual({ id: bg, name: eood.name, country: 'BG' });
    expect(inv.seller).toMatchObject({ name: eood.name, eik: eood.eik, iban: eood.iban });
  });
});

describe('VAT rates by the country of our legal entity', () => {
  it('refuses a rate the country does not have, naming the line', async () => {
    const r = await manager.req({
      method: 'POST',
      url: '/api/v1/invoices',
      payload: draftBody(ru, client, { lines: [line(), line({ vatRate: '20' })] }),
      lang: 'ru',
    });
    expect(r.statusCode).toBe(422);
    const f = r.json().error.fields;
    expect(f.map((x: { path: string; code: string }) => [x.path, x.code])).toEqual([
      ['lines.1.vatRate', 'invoices.rules.vatRateNotAllowed'],
    ]);
    expect(f[0].message).toContain('22, 10, 0, none');
    const b = await manager.post('/api/v1/invoices', draftBody(bg, client, { currency: 'EUR', lines: [line({ vatRate: '22' })] }));
    expect(b.statusCode).toBe(422);
    expect(b.json().error.fields[0]).toMatchObject({ path: 'lines.0.vatRate', message: expect.stringContaining('20, 9, 0') });
  });

  it('asks for the reason of «Без НДС» and the legal basis of a Bulgarian 0 %', async () => {
    const none = await manager.post('/api/v1/invoices', draftBody(ru, client, { lines: [line({ vatRate: 'none' })] }));
    expect(none.statusCode).toBe(422);
    expect(none.json().error.fields.map((x: { path: string }) => x.path)).toEqual(['vatExemptionReason']);
    const ok = await draft(
      manager,
      draftBody(ru, client, { vatExemptionReason: 'УСН, п. 2 ст. 346.11 НК РФ', lines: [line({ vatRate: 'none', price: '500.00' })] }),
    );
    expect(ok).toMatchObject({ vatTotal: '0.00', total: '500.00', vatExemptionReason: 'УСН, п. 2 ст. 346.11 НК РФ' });
    const zero = await manager.post('/api/v1/invoices', draftBody(bg, client, { currency: 'EUR', lines: [line({ vatRate: '0' })] }));
    expect(zero.json().error.fields.map((x: { path: string }) => x.path)).toEqual(['vatExemptionReason']);
  });

  it('lets an entity that is not a VAT payer invoice only without VAT', async () => {
    const usn = await legalEntity(finance, { ...ooo, name: 'ООО «Упрощёнка»', vatPayer: false });
    const r = await manager.post('/api/v1/invoices', draftBody(usn, client));
    expect(r.statusCode).toBe(422);
    expect(r.json().error.fields[0]).toMatchObject({ path: 'lines.0.vatRate', message: expect.stringContaining('none') });
  });

  it('keeps Bulgarian invoices of 2026 in euro, and the due date after the issue date', async () => {
    const r = await manager.post('/api/v1/invoices', draftBody(bg, client, { currency: 'BGN', lines: [line({ vatRate: '20' })] }));
    expect(r.json().error.fields.map((x: { path: string }) => x.path)).toEqual(['currency']);
    const old = await manager.post(
      '/api/v1/invoices',
      draftBody(bg, client, { currency: 'BGN', issueDate: '2025-12-30', dueDate: '2026-01-10', lines: [line({ vatRate: '20' })] }),
    );
    expect(old.statusCode, old.body).toBe(201);
    const due = await manager.post('/api/v1/invoices', draftBody(ru, client, { dueDate: '2026-11-01' }));
    expect(due.json().error.fields.map((x: { path: string }) => x.path)).toEqual(['dueDate']);
  });

  it('refuses links the caller cannot see and entities that are not ours', async () => {
    const theirs = await company(other, 'ООО «Чужая»');
    const r = await manager.post('/api/v1/invoices', draftBody('7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7', theirs));
    expect(r.statusCode).toBe(422);
    expect(
      r
        .json()
        .error.fields.map((x: { path: string }) => x.path)
        .sort(),
    ).toEqual(['companyId', 'legalEntityId']);
  });
});

describe('drafts', () => {
  it('change with the version, recompute the totals, refuse a stale version and are audited', async () => {
    const inv = await draft(manager, draftBody(ru, client));
    const ok = await manager.patch(`/api/v1/invoices/${inv.id}`, {
      version: inv.version,
      lines: [line({ quantity: '2', price: '150.00' })],
      notes: 'Оплата по счёту',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      subtotal: '300.00',
      vatTotal: '66.00',
      total: '366.00',
      notes: 'Оплата по счёту',
      version: inv.version + 1,
    });
    const stale = await manager.patch(`/api/v1/invoices/${inv.id}`, { version: inv.version, notes: 'x' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    // A change that keeps the lines re-checks them against a new entity's rates.
    const moved = await manager.patch(`/api/v1/invoices/${inv.id}`, { version: inv.version + 1, legalEntityId: bg, currency: 'EUR' });
    expect(moved.statusCode).toBe(422);
    expect(moved.json().error.fields[0].path).toBe('lines.0.vatRate');
    const audit = (await ctx.admin.get(`/api/v1/audit?entity=invoice&id=${inv.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(audit[0].changes.total).toEqual({ from: '122.00', to: '366.00' });
  });

  it('go to the bin and come back; a deleted one is found only in the bin', async () => {
    const inv = await draft(manager, draftBody(ru, client, { notes: 'В корзину' }));
    expect((await manager.del(`/api/v1/invoices/${inv.id}`)).statusCode).toBe(204);
    expect((await manager.get(`/api/v1/invoices/${inv.id}`)).statusCode).toBe(404);
    const bin = (await manager.get('/api/v1/invoices?deleted=true')).json().items.map((i: { id: string }) => i.id);
    expect(bin).toContain(inv.id);
    const back = await manager.post(`/api/v1/invoices/${inv.id}/restore`);
    expect(back.statusCode).toBe(200);
    expect(back.json().deletedAt).toBeNull();
  });

  it('keep the legal entity they name from being deleted', async () => {
    const le = await legalEntity(finance, { ...ooo, name: 'ООО «Занятое»' });
    await draft(manager, draftBody(le, client));
    const r = await finance.del(`/api/v1/legal-entities/${le}`);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('LEGAL_ENTITY_IN_USE');
  });
});

describe('access', () => {
  it("hides another manager's invoice (404), shows it to the head of the team and to finance", async () => {
    const inv = await draft(manager, draftBody(ru, client));
    expect((await other.get(`/api/v1/invoices/${inv.id}`)).statusCode).toBe(404);
    expect((await other.patch(`/api/v1/invoices/${inv.id}`, { version: 1, notes: 'x' })).statusCode).toBe(404);
    expect((await other.get('/api/v1/invoices')).json().items.map((i: { id: string }) => i.id)).not.toContain(inv.id);
    expect((await head.get(`/api/v1/invoices/${inv.id}`)).statusCode).toBe(200);
    const f = await finance.get(`/api/v1/invoices/${inv.id}`);
    expect(f.statusCode).toBe(200);
    expect(f.json().canEdit).toBe(true);
  });

  it("names the client only while the viewer may see it; finance's invoice belongs to the client's manager", async () => {
    const mine = await company(manager, 'ООО «Передаваемая»');
    const inv = await draft(finance, draftBody(ru, mine));
    expect(inv.ownerId).toBe(manager.user.id);
    const seen = (await manager.get(`/api/v1/invoices/${inv.id}`)).json();
    expect(seen).toMatchObject({ companyName: 'ООО «Передаваемая»', company: { hidden: false } });
    expect(seen.buyer.name).toBe('ООО «Передаваемая»');
    const c = (await ctx.admin.get(`/api/v1/companies/${mine}`)).json();
    expect((await ctx.admin.patch(`/api/v1/companies/${mine}`, { version: c.version, ownerId: other.user.id })).statusCode).toBe(200);
    const hidden = (await manager.get(`/api/v1/invoices/${inv.id}`)).json();
    expect(hidden).toMatchObject({ companyId: mine, companyName: null, company: { id: mine, name: null, hidden: true }, buyer: null });
    expect(hidden.advanceAvailable).toBeNull();
    const listed = (await manager.get(`/api/v1/invoices?companyId=${mine}`)).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: inv.id, companyName: null, company: { id: mine, name: null, hidden: true } })]);
    expect(JSON.stringify(await (await manager.get(`/api/v1/audit?entity=invoice&id=${inv.id}`)).json())).not.toContain('Передаваемая');
  });
});

describe('the list', () => {
  it('pages on the issue date with the one cursor, filters, and totals per currency over all pages', async () => {
    const buyer = await company(manager, 'ООО «Список»');
    const dates = ['2026-10-01', '2026-10-05', '2026-10-05', '2026-10-09', '2026-10-20'];
    const made = [];
    for (const [i, d] of dates.entries()) {
      made.push(
        await draft(manager, draftBody(ru, buyer, { issueDate: d, dueDate: '2026-12-31', lines: [line({ price: `${i + 1}00.00` })] })),
      );
    }
    made.push(
      await draft(
        manager,
        draftBody(bg, buyer, { currency: 'EUR', issueDate: '2026-10-07', dueDate: '2026-12-31', lines: [line({ vatRate: '20' })] }),
      ),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/invoices?companyId=${buyer}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await manager.get(url)).json();
      expect(page.totals).toEqual([
        { currency: 'EUR', count: 1, total: '120.00', paidTotal: '0.00', balance: '0.00', overdue: '0.00' },
        { currency: 'RUB', count: 5, total: '1830.00', paidTotal: '0.00', balance: '0.00', overdue: '0.00' },
      ]);
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    const byDate = [...made].sort((a, b) => (a.issueDate === b.issueDate ? (a.id < b.id ? 1 : -1) : a.issueDate < b.issueDate ? 1 : -1));
    expect(seen).toEqual(byDate.map((i) => i.id));
    const period = (await manager.get(`/api/v1/invoices?companyId=${buyer}&from=2026-10-05&to=2026-10-07&sort=issueDate`)).json().items;
    expect(period.map((i: { issueDate: string }) => i.issueDate)).toEqual(['2026-10-05', '2026-10-05', '2026-10-07']);
    const eur = (await manager.get(`/api/v1/invoices?companyId=${buyer}&currency=EUR&status=draft&ownerId=${manager.user.id}`)).json();
    expect(eur.items.map((i: { id: string }) => i.id)).toEqual([made[5].id]);
    expect((await head.get(`/api/v1/invoices?companyId=${buyer}&ownerId=${manager.user.id}`)).json().items).toHaveLength(6);
    expect((await other.get(`/api/v1/invoices?companyId=${buyer}`)).json()).toMatchObject({ items: [], totals: [] });
    const bad = await manager.get('/api/v1/invoices?cursor=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('cursor');
  });
});
