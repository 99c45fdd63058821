import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { onLegalEntityDelete } from './index.js';

let ctx: TestContext;
let finance: Caller;
let manager: Caller;
let director: Caller;
beforeAll(async () => {
  ctx = await createTestContext();
  finance = await ctx.userWith('finance');
  manager = await ctx.userWith('manager');
  director = await ctx.userWith('director');
});
afterAll(async () => {
  await ctx.close();
});

const ooo = {
  name: 'ООО «Орбита»',
  country: 'RU',
  inn: '7707083893',
  kpp: '773601001',
  ogrn: '1027700132195',
  address: '117997, г. Москва, ул. Вавилова, д. 19',
  bankName: 'ПАО Сбербанк',
  bik: '044525225',
  settlementAccount: '40702810938120061991',
  correspondentAccount: '30101810400000000225',
  director: 'Иванов И. И.',
  accountant: 'Петрова А. С.',
};
const eood = {
  name: 'Орбита ЕООД',
  country: 'BG',
  eik: '175074752',
  vatNumber: 'BG 175074752',
  iban: 'BG80 BNBG 9661 1020 3456 78',
  bic: 'uncrbgsf',
  address: 'София, бул. Витоша 1',
};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

describe('legal entities', () => {
  it('keeps a Russian ООО and a Bulgarian ЕООД side by side, normalised, audited', async () => {
    const ru = await finance.post('/api/v1/legal-entities', ooo);
    expect(ru.statusCode, ru.body).toBe(201);
    expect(ru.json()).toMatchObject({ ...ooo, vatPayer: true, defaultCurrency: 'RUB', version: 1, images: { logo: null } });
    const bg = await ctx.admin.post('/api/v1/legal-entities', eood);
    expect(bg.statusCode, bg.body).toBe(201);
    expect(bg.json()).toMatchObject({ vatNumber: 'BG175074752', iban: 'BG80BNBG96611020345678', bic: 'UNCRBGSF', defaultCurrency: 'EUR' });
    const list = await director.get('/api/v1/legal-entities');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining([ooo.name, eood.name]));
    const audit = await ctx.admin.get(`/api/v1/audit?entity=legal_entity&id=${ru.json().id}`);
    expect(audit.json().items.map((a: { action: string }) => a.action)).toEqual(['create']);
  });

  it('changes with the version, refuses a stale one, and audits the difference', async () => {
    const e = (await finance.post('/api/v1/legal-entities', { ...ooo, name: 'ООО «Версия»' })).json();
    const ok = await finance.patch(`/api/v1/legal-entities/${e.id}`, { version: 1, director: 'Сидоров С. С.', vatPayer: false });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ director: 'Сидоров С. С.', vatPayer: false, version: 2, inn: ooo.inn });
    const stale = await finance.patch(`/api/v1/legal-entities/${e.id}`, { version: 1, director: 'X' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const audit = (await ctx.admin.get(`/api/v1/audit?entity=legal_entity&id=${e.id}`)).json().items;
    expect(audit[0].changes).toMatchObject({
      director: { from: 'Иванов И. И.', to: 'Сидоров С. С.' },
      vatPayer: { from: true, to: false },
    });
  });

  it('validates requisites as for clients, naming each field, in the caller’s language', async () => {
    const bad = await finance.req({
      method: 'POST',
      url: '/api/v1/legal-entities',
      payload: { ...ooo, inn: '7707083894', settlementAccount: '40702810938120061992', bic: 'X1' },
      lang: 'ru',
    });
    expect(bad.statusCode).toBe(422);
    const fields = bad.json().error.fields;
    expect(fields.map((f: { path: string; code: string }) => [f.path, f.code])).toEqual([
      ['inn', 'INN_CHECKSUM'],
      ['settlementAccount', 'ACCOUNT_CHECKSUM'],
      ['bic', 'legalEntities.bicFormat'],
    ]);
    expect(fields[0].message).toMatch(/ИНН/);
    const noEik = await finance.post('/api/v1/legal-entities', { name: 'Без ЕИК', country: 'BG' });
    expect(noEik.statusCode).toBe(422);
    expect(noEik.json().error.fields).toEqual([{ path: 'eik', code: 'legalEntities.eikRequired', message: expect.any(String) }]);
    const badEik = await finance.post('/api/v1/legal-entities', { ...eood, eik: '175074751', vatNumber: null });
    expect(badEik.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['eik']);
    // A change is checked against the merged result: a wrong correspondent account for the stored BIK.
    const e = (await finance.post('/api/v1/legal-entities', ooo)).json();
    const corr = await finance.patch(`/api/v1/legal-entities/${e.id}`, { version: 1, correspondentAccount: '30101810400000000226' });
    expect(corr.statusCode).toBe(422);
    expect(corr.json().error.fields[0]).toMatchObject({ path: 'correspondentAccount', code: 'CORR_ACCOUNT_CHECKSUM' });
    expect((await finance.get(`/api/v1/legal-entities/${e.id}`)).json().version).toBe(1);
  });

  it('is for admin and finance: a manager and a head read the live ones and the logo, the director all, none of them changes', async () => {
    const e = (await finance.post('/api/v1/legal-entities', { ...ooo, name: 'ООО «Доступ»' })).json();
    for (const kind of ['logo', 'signature', 'stamp']) {
      const put = await finance.req({
        method: 'PUT',
        url: `/api/v1/legal-entities/${e.id}/images/${kind}`,
        payload: PNG,
        headers: { 'content-type': 'image/png' },
      });
      expect(put.statusCode, put.body).toBe(200);
    }
    const head = await ctx.userWith('head_of_sales');
    // The invoice forms of the sales side pick the billing entity: its public requisites.
    for (const who of [manager, head]) {
      const list = await who.get('/api/v1/legal-entities');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items).toContainEqual(
        expect.objectContaining({ id: e.id, inn: ooo.inn, settlementAccount: ooo.settlementAccount }),
      );
      const one = await who.get(`/api/v1/legal-entities/${e.id}`);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({ name: 'ООО «Доступ»', bik: ooo.bik, director: ooo.director });
      expect((await who.get(`/api/v1/legal-entities/${e.id}/images/logo`)).statusCode).toBe(200);
    }
    const marketing = await ctx.userWith('marketing');
    for (const res of [
      await manager.get('/api/v1/legal-entities?deleted=true'),
      await manager.get(`/api/v1/legal-entities/${e.id}/images/signature`),
      await head.get(`/api/v1/legal-entities/${e.id}/images/stamp`),
      await marketing.get('/api/v1/legal-entities'),
      await manager.post('/api/v1/legal-entities', ooo),
      await manager.patch(`/api/v1/legal-entities/${e.id}`, { version: 1, name: 'x' }),
      await head.patch(`/api/v1/legal-entities/${e.id}`, { version: 1, name: 'x' }),
      await manager.del(`/api/v1/legal-entities/${e.id}`),
      await manager.req({
        method: 'PUT',
        url: `/api/v1/legal-entities/${e.id}/images/logo`,
        payload: PNG,
        headers: { 'content-type': 'image/png' },
      }),
      await manager.del(`/api/v1/legal-entities/${e.id}/images/logo`),
      await manager.post(`/api/v1/legal-entities/${e.id}/restore`),
      await director.post('/api/v1/legal-entities', ooo),
      await director.patch(`/api/v1/legal-entities/${e.id}`, { version: 1, name: 'x' }),
    ]) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await director.get(`/api/v1/legal-entities/${e.id}`)).statusCode).toBe(200);
    expect((await director.get(`/api/v1/legal-entities/${e.id}/images/signature`)).statusCode).toBe(200);
    expect((await finance.get(`/api/v1/legal-entities/${e.id}`)).json()).toMatchObject({
      name: 'ООО «Доступ»',
      images: { logo: { mimeType: 'image/png' } },
    });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/legal-entities' })).statusCode).toBe(401);
    const missing = await finance.get('/api/v1/legal-entities/7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('LEGAL_ENTITY_NOT_FOUND');
  });

  it('soft-deletes and restores, and refuses while a registered use check says it is in use', async () => {
    const e = (await finance.post('/api/v1/legal-entities', { ...eood, name: 'Орбита Корзина ЕООД' })).json();
    expect((await finance.del(`/api/v1/legal-entities/${e.id}`)).statusCode).toBe(204);
    expect((await finance.get(`/api/v1/legal-entities/${e.id}`)).statusCode).toBe(404);
    const bin = (await finance.get('/api/v1/legal-entities?deleted=true')).json().items.map((x: { id: string }) => x.id);
    expect(bin).toContain(e.id);
    const back = await finance.post(`/api/v1/legal-entities/${e.id}/restore`);
    expect(back.statusCode).toBe(200);
    expect(back.json().deletedAt).toBeNull();

    // What invoices will register: here a check that holds this one entity as used.
    onLegalEntityDelete(async (_db, _ws, id) => id === e.id);
    const refused = await finance.del(`/api/v1/legal-entities/${e.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('LEGAL_ENTITY_IN_USE');
    expect((await finance.get(`/api/v1/legal-entities/${e.id}`)).statusCode).toBe(200);
    const actions = (await ctx.admin.get(`/api/v1/audit?entity=legal_entity&id=${e.id}`))
      .json()
      .items.map((a: { action: string }) => a.action);
    expect(actions).toEqual(['restore', 'delete', 'create']);
  });

  it('stores logo, signature and stamp as sniffed images, byte-exact, size-limited', async () => {
    const e = (await finance.post('/api/v1/legal-entities', { ...ooo, name: 'ООО «Печать»' })).json();
    const put = await finance.req({
      method: 'PUT',
      url: `/api/v1/legal-entities/${e.id}/images/stamp`,
      payload: PNG,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().images.stamp).toMatchObject({ mimeType: 'image/png', size: PNG.length });
    const got = await director.get(`/api/v1/legal-entities/${e.id}/images/stamp`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.rawPayload.equals(PNG)).toBe(true);

    // An SVG (script-capable) or HTML sent as an image is refused whatever it claims to be.
    const svg = await finance.req({
      method: 'PUT',
      url: `/api/v1/legal-entities/${e.id}/images/logo`,
      payload: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      headers: { 'content-type': 'image/png' },
    });
    expect(svg.statusCode).toBe(422);
    expect(svg.json().error.fields[0]).toMatchObject({ path: 'body', code: 'legalEntities.imageType' });
    const big = await finance.req({
      method: 'PUT',
      url: `/api/v1/legal-entities/${e.id}/images/logo`,
      payload: Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]),
      headers: { 'content-type': 'image/png' },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('BODY_TOO_LARGE');
    const none = await finance.req({ method: 'PUT', url: `/api/v1/legal-entities/${e.id}/images/logo` });
    expect(none.statusCode).toBe(422);
    expect((await finance.get(`/api/v1/legal-entities/${e.id}/images/logo`)).statusCode).toBe(404);

    expect((await finance.del(`/api/v1/legal-entities/${e.id}/images/stamp`)).statusCode).toBe(204);
    expect((await finance.get(`/api/v1/legal-entities/${e.id}`)).json().images.stamp).toBeNull();
    expect((await finance.del(`/api/v1/legal-entities/${e.id}/images/stamp`)).statusCode).toBe(404);
  });
});
