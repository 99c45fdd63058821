import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

describe('GET /api/v1/amount-in-words', () => {
  it('spells the amount in the asked language, or the caller’s', async () => {
    const ru = await ctx.admin.get('/api/v1/amount-in-words?amount=1234.56&currency=RUB&lang=ru');
    expect(ru.statusCode, ru.body).toBe(200);
    expect(ru.json()).toEqual({ text: 'Одна тысяча двести тридцать четыре рубля 56 копеек' });
    const bg = await ctx.admin.get('/api/v1/amount-in-words?amount=1234.56&currency=EUR&lang=bg');
    expect(bg.json().text).toBe('Хиляда двеста тридесет и четири евро и петдесет и шест евроцента');
    const manager = await ctx.userWith('manager');
    const own = await manager.req({ method: 'GET', url: '/api/v1/amount-in-words?amount=2&currency=usd', lang: 'en' });
    expect(own.json().text).toBe('Two US dollars');
  });

  it('needs a signed-in caller', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/amount-in-words?amount=1&currency=RUB&lang=ru' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 422 naming each bad field with its rule, translated', async () => {
    const res = await ctx.admin.req({ method: 'GET', url: '/api/v1/amount-in-words?amount=-5&currency=XYZ&lang=de', lang: 'ru' });
    expect(res.statusCode).toBe(422);
    const fields = res.json().error.fields;
    expect(fields.map((f: { path: string; code: string }) => [f.path, f.code])).toEqual([
      ['amount', 'money.amountNegative'],
      ['currency', 'money.currency'],
      ['lang', 'money.lang'],
    ]);
    expect(fields[0].message).toBe('Отрицательную сумму нельзя записать прописью');
    for (const [amount, code] of [
      ['1.001', 'money.amountFormat'],
      ['1e5', 'money.amountFormat'],
      ['1000000000000000', 'money.amountTooLarge'],
    ]) {
      const r = await ctx.admin.get(`/api/v1/amount-in-words?amount=${amount}&currency=RUB&lang=en`);
      expect(r.statusCode).toBe(422);
      expect(r.json().error.fields).toEqual([{ path: 'amount', code, message: expect.any(String) }]);
    }
    const missing = await ctx.admin.get('/api/v1/amount-in-words?currency=RUB');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0].path).toBe('amount');
  });
});
