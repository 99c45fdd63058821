import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { priceFor } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

describe('products', () => {
  it('creates a product with a price list per currency and the workspace VAT rate by default', async () => {
    const res = await ctx.admin.post('/api/v1/products', {
      name: 'Насос центробежный',
      sku: 'NC-100',
      unit: 'шт',
      prices: [
        { currency: 'RUB', amount: '125000.50' },
        { currency: 'EUR', amount: '1300' },
        { currency: 'BGN', amount: '2542.58' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ name: 'Насос центробежный', sku: 'NC-100', unit: 'шт', vatRate: '22', isActive: true, version: 1 });
    expect(p.prices).toEqual([
      { currency: 'BGN', amount: '2542.58' },
      { currency: 'EUR', amount: '1300.00' },
      { currency: 'RUB', amount: '125000.50' },
    ]);
    expect(await priceFor(ctx.db, ctx.workspaceId, p.id, 'EUR')).toBe('1300.00');
    expect(await priceFor(ctx.db, ctx.workspaceId, p.id, 'USD')).toBeNull();
    const audit = await ctx.admin.get(`/api/v1/audit?entity=product&id=${p.id}`);
    expect(audit.json().items.map((a: { action: string }) => a.action)).toEqual(['create']);
  });

  it('rejects bad prices, duplicate currencies and out-of-range VAT naming each field', async () => {
    const res = await ctx.admin.post('/api/v1/products', {
      name: 'X',
      vatRate: '120',
      prices: [
        { currency: 'RUB', amount: '1.001' },
        { currency: 'RUB', amount: '-5' },
      ],
    });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .error.fields.map((f: { path: string }) => f.path)
      .sort();
    expect(paths).toEqual(['prices', 'prices.0.amount', 'prices.1.amount', 'vatRate']);
    const decimal = res.json().error.fields.find((f: { path: string }) => f.path === 'prices.0.amount');
    expect(decimal.message).toBe('Must be a decimal number such as 1234.50');
  });

  it('keeps SKUs unique per workspace, case-insensitively, also on restore', async () => {
    const a = (await ctx.admin.post('/api/v1/products', { name: 'Кабель', sku: 'CAB-1' })).json();
    const dup = await ctx.admin.post('/api/v1/products', { name: 'Кабель 2', sku: 'cab-1' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'PRODUCT_SKU_TAKEN', fields: [{ path: 'sku' }] });
    expect((await ctx.admin.del(`/api/v1/products/${a.id}`)).statusCode).toBe(204);
    const b = await ctx.admin.post('/api/v1/products', { name: 'Кабель новый', sku: 'CAB-1' });
    expect(b.statusCode).toBe(201);
    const restore = await ctx.admin.post(`/api/v1/products/${a.id}/restore`);
    expect(restore.statusCode).toBe(409);
    expect((await ctx.admin.get(`/api/v1/products/${a.id}`)).statusCode).toBe(404);
  });

  it('patches with version; a stale version is 409 and changes nothing', async () => {
    const p = (await ctx.admin.post('/api/v1/products', { name: 'Датчик', prices: [{ currency: 'RUB', amount: '100' }] })).json();
    const ok = await ctx.admin.patch(`/api/v1/products/${p.id}`, {
      version: 1,
      vatRate: '10',
      prices: [{ currency: 'USD', amount: '2.5' }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, vatRate: '10', prices: [{ currency: 'USD', amount: '2.50' }] });
    const stale = await ctx.admin.patch(`/api/v1/products/${p.id}`, { version: 1, name: 'Другое' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await ctx.admin.get(`/api/v1/products/${p.id}`)).json()).toMatchObject({ name: 'Датчик', version: 2 });
  });

  it('deletes and restores', async () => {
    const p = (await ctx.admin.post('/api/v1/products', { name: 'Фильтр временный' })).json();
    await ctx.admin.del(`/api/v1/products/${p.id}`);
    const listed = (await ctx.admin.get('/api/v1/products?q=временный')).json().items;
    expect(listed).toEqual([]);
    const bin = (await ctx.admin.get('/api/v1/products?deleted=true&q=временный')).json().items;
    expect(bin.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const back = await ctx.admin.post(`/api/v1/products/${p.id}/restore`);
    expect(back.statusCode).toBe(200);
    expect(back.json().deletedAt).toBeNull();
    expect((await ctx.admin.get('/api/v1/products?q=временный')).json().items).toHaveLength(1);
  });

  it('searches name and SKU case-insensitively (Cyrillic too), filters by active, pages with a cursor', async () => {
    for (const [i, name] of ['Клапан А', 'клапан Б', 'Клапан В', 'Привод'].entries()) {
      await ctx.admin.post('/api/v1/products', { name, sku: `KL-${i}`, isActive: name !== 'Клапан В' });
    }
    const found = (await ctx.admin.get(`/api/v1/products?q=${encodeURIComponent('КЛАПАН')}`))
      .json()
      .items.map((p: { name: string }) => p.name);
    expect(found.sort()).toEqual(['Клапан А', 'Клапан В', 'клапан Б']);
    const active = (await ctx.admin.get(`/api/v1/products?q=${encodeURIComponent('клапан')}&active=true`)).json().items;
    expect(active).toHaveLength(2);
    const bySku = (await ctx.admin.get('/api/v1/products?q=kl-3')).json().items.map((p: { name: string }) => p.name);
    expect(bySku).toEqual(['Привод']);
    const page1 = (await ctx.admin.get(`/api/v1/products?q=${encodeURIComponent('клапан')}&limit=2`)).json();
    expect(page1.items).toHaveLength(2);
    const page2 = (await ctx.admin.get(`/api/v1/products?q=${encodeURIComponent('клапан')}&limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const all = [...page1.items, ...page2.items].map((p: { id: string }) => p.id);
    expect(new Set(all).size).toBe(3);
  });

  it('managers read the catalogue but cannot change it', async () => {
    const m = await ctx.userWith('manager');
    expect((await m.get('/api/v1/products')).statusCode).toBe(200);
    const denied = await m.post('/api/v1/products', { name: 'Нельзя' });
    expect(denied.statusCode).toBe(403);
  });
});
