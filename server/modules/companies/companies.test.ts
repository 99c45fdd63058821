import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspaceWithAdmin } from '../users/index.js';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const RU = {
  name: 'ООО «Ромашка»',
  legalForm: 'ООО',
  inn: '7707083893',
  kpp: '773601001',
  ogrn: '1027700132195',
  bik: '044525225',
  bankName: 'ПАО Сбербанк',
  settlementAccount: '40702810938120061991',
  corrAccount: '30101810400000000225',
};
const fieldsOf = (res: { json: () => { error: { fields: { path: string; code: string; message: string }[] } } }) =>
  Object.fromEntries(res.json().error.fields.map((f) => [f.path, f.code]));

/** A valid 10-digit INN from 9 digits (its check digit appended), so each test has its own. */
function inn10(nine: string) {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  return nine + (([...nine].reduce((a, d, i) => a + Number(d) * w[i], 0) % 11) % 10);
}

let n = 0;
/** A company with a fresh unique INN-less name, created by `who`. */
async function company(who: Caller, extra: Record<string, unknown> = {}) {
  n += 1;
  const res = await who.post('/api/v1/companies', { name: `Фирма ${n}`, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('create and requisites', () => {
  it('stores valid Russian requisites, infers the country, normalises the phone, defaults the owner', async () => {
    const m = await ctx.userWith('manager');
    const res = await m.post('/api/v1/companies', {
      ...RU,
      inn: '7707 083 893',
      phones: [{ type: 'work', number: '8 (495) 123-45-67' }],
      emails: [{ type: 'work', address: 'Info@Romashka.RU' }],
      tags: ['VIP', 'vip', ' опт '],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      name: 'ООО «Ромашка»',
      inn: '7707083893',
      kpp: '773601001',
      country: 'RU',
      ownerId: m.user.id,
      ownerName: m.user.name,
      version: 1,
      phones: [{ type: 'work', number: '+74951234567' }],
      tags: ['VIP', 'опт'],
    });
    expect(c.warnings).toBeUndefined();
    const row = await ctx.db
      .selectFrom('companies')
      .select(['search_phones', 'search_emails', 'created_by'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ search_phones: '74951234567', search_emails: 'info@romashka.ru', created_by: m.user.id });
    const audit = await m.get(`/api/v1/audit?entity=company&id=${c.id}`);
    expect(audit.statusCode).toBe(200);
    expect(audit.json().items.map((a: { action: string }) => a.action)).toEqual(['create']);
    expect(audit.json().items[0].after.inn).toBe('7707083893');
  });

  it('names each invalid requisite with what is wrong, in the request language', async () => {
    const m = await ctx.userWith('manager');
    const res = await m.req({
      method: 'POST',
      url: '/api/v1/companies',
      lang: 'ru',
      payload: {
        name: 'Bad',
        inn: '7707083894',
        kpp: '77360100',
        ogrn: '1022500001328',
        bik: '044525225',
        settlementAccount: '40702810938120061992',
        corrAccount: '30101810400000000226',
        eik: '175074751',
        vatNumber: 'BG175074751',
        iban: 'BG80BNBG96611020345679',
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('VALIDATION');
    expect(fieldsOf(res)).toEqual({
      inn: 'INN_CHECKSUM',
      kpp: 'KPP_FORMAT',
      ogrn: 'OGRN_CHECKSUM',
      settlementAccount: 'ACCOUNT_CHECKSUM',
      corrAccount: 'CORR_ACCOUNT_CHECKSUM',
      eik: 'EIK_CHECKSUM',
      vatNumber: 'VAT_CHECKSUM',
      iban: 'IBAN_CHECKSUM',
    });
    const inn = res.json().error.fields.find((f: { path: string }) => f.path === 'inn');
    expect(inn.message).toMatch(/Неверный ИНН/);
    const count = await ctx.db
      .selectFrom('companies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', '=', 'Bad')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('tells a wrong length from a wrong checksum, in Bulgarian and English', async () => {
    const m = await ctx.userWith('manager');
    const bg = await m.req({
      method: 'POST',
      url: '/api/v1/companies',
      lang: 'bg',
      payload: { name: 'X', inn: '77070838', eik: '17507475', ogrn: '30776032410001', iban: 'BG80BNBG9661102034567' },
    });
    expect(bg.statusCode).toBe(422);
    expect(fieldsOf(bg)).toEqual({ inn: 'INN_LENGTH', eik: 'EIK_LENGTH', ogrn: 'OGRN_LENGTH', iban: 'IBAN_LENGTH' });
    const msgs = Object.fromEntries(bg.json().error.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    expect(msgs.inn).toBe('ИНН има 10 цифри (организация) или 12 цифри (едноличен търговец, физическо лице)');
    expect(msgs.iban).toBe('IBAN за BG има 22 знака');
    const en = await m.req({
      method: 'POST',
      url: '/api/v1/companies',
      lang: 'en',
      payload: { name: 'X', inn: '7725088528', settlementAccount: '40702810938120061991' },
    });
    expect(fieldsOf(en)).toEqual({ inn: 'INN_CHECKSUM', settlementAccount: 'ACCOUNT_NEEDS_BIK' });
    expect(en.json().error.fields[0].message).toBe('Wrong INN: the check digit does not match; look for a typo');
  });

  it('accepts a sole trader (INN 12, OGRNIP) and warns about an unverifiable treasury account', async () => {
    const m = await ctx.userWith('manager');
    const res = await m.req({
      method: 'POST',
      url: '/api/v1/companies',
      lang: 'ru',
      payload: {
        name: 'ИП Петров',
        inn: '500100732259',
        ogrn: '307760324100018',
        bik: '044525225',
        settlementAccount: '03100643000000018500',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().warnings).toEqual([
      { path: 'settlementAccount', code: 'ACCOUNT_TREASURY_UNVERIFIED', message: expect.stringMatching(/Казначейский счёт/) },
    ]);
    const fetched = await m.get(`/api/v1/companies/${res.json().id}`);
    expect(fetched.json().settlementAccount).toBe('03100643000000018500');
  });

  it('stores a Bulgarian company: EIK, VAT by EIK or EGN, IBAN, national phone numbers', async () => {
    const m = await ctx.userWith('manager');
    const res = await m.post('/api/v1/companies', {
      name: '„Дъга“ ЕООД',
      eik: '131272009',
      vatNumber: 'bg 131272009',
      iban: 'BG80 BNBG 9661 1020 3456 78',
      phones: [{ type: 'mobile', number: '0888 123 456' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      country: 'BG',
      eik: '131272009',
      vatNumber: 'BG131272009',
      iban: 'BG80BNBG96611020345678',
      phones: [{ number: '+359888123456' }],
    });
    const egn = await m.post('/api/v1/companies', { name: 'ЕТ Иванов', eik: '1213961230342', vatNumber: 'BG7523169263', country: 'BG' });
    expect(egn.statusCode, egn.body).toBe(201);
  });

  it('rejects a phone that is not a number, naming its index', async () => {
    const m = await ctx.userWith('manager');
    const res = await m.post('/api/v1/companies', {
      name: 'Phones',
      phones: [
        { type: 'work', number: '+7 495 123-45-67' },
        { type: 'work', number: '12345' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual({ 'phones.1.number': 'PHONE_INVALID' });
  });

  it('only users of the same workspace may be owners', async () => {
    const m = await ctx.userWith('manager');
    const other = await createWorkspaceWithAdmin(ctx.db, {
      workspaceName: 'Other',
      email: `other-${Date.now()}@test.local`,
      name: 'Other',
      password: 'correct horse battery',
    });
    const res = await m.post('/api/v1/companies', { name: 'Foreign owner', ownerId: other.user.id });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual({ ownerId: 'OWNER_INVALID' });
    const colleague = await ctx.userWith('manager');
    const ok = await ctx.admin.post('/api/v1/companies', { name: 'Assigned', ownerId: colleague.user.id });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().ownerId).toBe(colleague.user.id);
  });

  it('bad input shapes are 400 naming the field', async () => {
    const m = await ctx.userWith('manager');
    const res = await m.post('/api/v1/companies', { name: '', emails: [{ type: 'work', address: 'nope' }] });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(fieldsOf(res)).sort()).toEqual(['emails.0.address', 'name']);
  });
});

describe('duplicates', () => {
  it('a second company with the same INN gets 409 with the existing one, unless forced', async () => {
    const m = await ctx.userWith('manager');
    const first = await m.post('/api/v1/companies', { name: 'Сбер', inn: '7736050003', kpp: '773601001' });
    expect(first.statusCode, first.body).toBe(201);
    const dup = await m.post('/api/v1/companies', { name: 'Сбер 2', inn: '7736 050 003' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE');
    expect(dup.json().error.message).toBeTruthy();
    expect(dup.json().duplicates).toEqual([
      { type: 'company', id: first.json().id, title: 'Сбер', ownerName: m.user.name, visible: true, matched: 'inn' },
    ]);
    const live = await m.get('/api/v1/companies/duplicates?inn=7736050003');
    expect(live.json().items.map((d: { id: string }) => d.id)).toEqual([first.json().id]);
    const forced = await m.post('/api/v1/companies?force=true', { name: 'Сбер 2', inn: '7736050003' });
    expect(forced.statusCode).toBe(201);
  });

  it("someone else's duplicate is reported without its name", async () => {
    const a = await ctx.userWith('manager');
    const b = await ctx.userWith('manager');
    const first = await a.post('/api/v1/companies', { name: 'Тайная', eik: '175074752' });
    expect(first.statusCode).toBe(201);
    const dup = await b.post('/api/v1/companies', { name: 'Тайная 2', eik: '175074752' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().duplicates).toEqual([
      { type: 'company', id: first.json().id, title: null, ownerName: a.user.name, visible: false, matched: 'eik' },
    ]);
  });

  it('changing the INN to an existing one is a duplicate too; the record itself is not', async () => {
    const m = await ctx.userWith('manager');
    const a = await m.post('/api/v1/companies', { name: 'A', inn: '7725088527' });
    const b = await company(m);
    const same = await m.patch(`/api/v1/companies/${a.json().id}`, { name: 'A2', inn: '7725088527', version: 1 });
    expect(same.statusCode, same.body).toBe(200);
    const clash = await m.patch(`/api/v1/companies/${b.id}`, { inn: '7725088527', version: b.version });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().duplicates[0].id).toBe(a.json().id);
  });
});

describe('list', () => {
  it('pages through a stable name order with a cursor, and sorts by dates both ways', async () => {
    const m = await ctx.userWith('manager');
    const names = ['Бета', 'Альфа', 'Гамма', 'Альфа', 'Дельта'];
    for (const name of names) expect((await m.post('/api/v1/companies', { name, segment: 'list-test' })).statusCode).toBe(201);
    const seen: string[] = [];
    const ids = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await m.get(`/api/v1/companies?segment=list-test&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      for (const it of res.json().items) {
        seen.push(it.name);
        ids.add(it.id);
      }
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].sort());
    expect(ids.size).toBe(5);
    const desc = await m.get('/api/v1/companies?segment=list-test&sort=-name&limit=10');
    expect(desc.json().items.map((c: { name: string }) => c.name)).toEqual([...names].sort().reverse());
    const created = await m.get('/api/v1/companies?segment=list-test&sort=createdAt&order=desc&limit=3');
    const page2 = await m.get(`/api/v1/companies?segment=list-test&sort=createdAt&order=desc&limit=3&cursor=${created.json().nextCursor}`);
    const byCreated = [...created.json().items, ...page2.json().items].map((c: { name: string }) => c.name);
    expect(byCreated).toEqual([...names].reverse());
    const first = created.json().items[0];
    expect(first).not.toHaveProperty('notes');
    expect(first).not.toHaveProperty('settlementAccount');
  });

  it('filters by owner, tag, segment and text (name words, INN)', async () => {
    const m = await ctx.userWith('manager');
    const other = await ctx.userWith('manager');
    await m.post('/api/v1/companies', { name: 'Северная логистика', tags: ['опт'], segment: 'A', inn: inn10('500000002') });
    await m.post('/api/v1/companies', { name: 'Южная торговля', tags: ['розница'], segment: 'B' });
    await ctx.admin.post('/api/v1/companies', { name: 'Северный ветер', ownerId: other.user.id });
    const names = async (q: string, who: Caller = ctx.admin) =>
      (await who.get(`/api/v1/companies?${q}`))
        .json()
        .items.map((c: { name: string }) => c.name)
        .sort();
    expect(await names(`ownerId=${m.user.id}`)).toEqual(['Северная логистика', 'Южная торговля']);
    expect(await names(`ownerId=${m.user.id}&tag=опт`)).toEqual(['Северная логистика']);
    expect(await names(`ownerId=${m.user.id}&segment=B`)).toEqual(['Южная торговля']);
    // Word forms match each other: «северная» finds «Северный» too; a distinct word narrows it.
    expect(await names(`q=${encodeURIComponent('северная')}`)).toEqual(['Северная логистика', 'Северный ветер']);
    expect(await names(`q=${encodeURIComponent('северная логистики')}`)).toEqual(['Северная логистика']);
    expect(await names(`q=${encodeURIComponent('северн')}`)).toEqual(['Северная логистика', 'Северный ветер']);
    expect(await names(`q=${inn10('500000002')}`)).toEqual(['Северная логистика']);
    expect(await names(`q=${encodeURIComponent('северн')}`, m)).toEqual(['Северная логистика']);
  });

  it('a broken cursor is a 400', async () => {
    const res = await ctx.admin.get('/api/v1/companies?cursor=bm9wZQ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('cursor');
  });
});

describe('update, delete, restore', () => {
  it('a stale version is 409 and changes nothing; every write is audited with before/after', async () => {
    const m = await ctx.userWith('manager');
    const c = await company(m, { industry: 'ИТ' });
    const ok = await m.patch(`/api/v1/companies/${c.id}`, { industry: 'Логистика', version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ industry: 'Логистика', version: 2 });
    const stale = await m.patch(`/api/v1/companies/${c.id}`, { industry: 'Медицина', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await m.get(`/api/v1/companies/${c.id}`)).json()).toMatchObject({ industry: 'Логистика', version: 2 });
    const audit = (await m.get(`/api/v1/audit?entity=company&id=${c.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(audit[0].changes).toEqual({ industry: { from: 'ИТ', to: 'Логистика' } });
  });

  it('re-validates accounts against a changed BIK', async () => {
    const m = await ctx.userWith('manager');
    const c = await company(m, { bik: '044525225', settlementAccount: '40702810938120061991' });
    const res = await m.patch(`/api/v1/companies/${c.id}`, { bik: '046015804', version: c.version });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual({ settlementAccount: 'ACCOUNT_CHECKSUM' });
  });

  it('soft delete hides the company, the trash shows it, restore brings it back', async () => {
    const m = await ctx.userWith('manager');
    const c = await company(m, { segment: 'trash-test' });
    expect((await m.del(`/api/v1/companies/${c.id}`)).statusCode).toBe(204);
    expect((await m.get(`/api/v1/companies/${c.id}`)).statusCode).toBe(404);
    expect((await m.get('/api/v1/companies?segment=trash-test')).json().items).toEqual([]);
    const trash = (await m.get('/api/v1/companies?segment=trash-test&deleted=true')).json().items;
    expect(trash.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(trash[0].deletedAt).toBeTruthy();
    const restored = await m.post(`/api/v1/companies/${c.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
    expect((await m.get(`/api/v1/companies/${c.id}`)).statusCode).toBe(200);
    const actions = (await m.get(`/api/v1/audit?entity=company&id=${c.id}`)).json().items.map((a: { action: string }) => a.action);
    expect(actions).toEqual(['restore', 'delete', 'create']);
    expect((await m.post(`/api/v1/companies/${c.id}/restore`)).statusCode).toBe(404);
  });
});

const ACL_INN = inn10('500000001');

describe('record-level access', () => {
  let team: string;
  let head: Caller, a: Caller, b: Caller, otherHead: Caller, director: Caller, operator: Caller;
  let mine: { id: string; version: number };
  beforeAll(async () => {
    head = await ctx.userWith('head_of_sales');
    team = await ctx.createTeam('Team A', head.user.id);
    a = await ctx.userWith('manager', { teamId: team });
    b = await ctx.userWith('manager');
    otherHead = await ctx.userWith('head_of_sales');
    await ctx.createTeam('Team B', otherHead.user.id);
    director = await ctx.userWith('director');
    operator = await ctx.userWith('operator');
    mine = await company(a, { name: 'Секретная фирма Альфа', inn: ACL_INN, segment: 'acl' });
  });

  const sees = async (who: Caller) => {
    const byId = (await who.get(`/api/v1/companies/${mine.id}`)).statusCode;
    const list = (await who.get('/api/v1/companies?segment=acl')).json().items.map((c: { id: string }) => c.id);
    const search = (await who.get(`/api/v1/search?q=${encodeURIComponent('Секретная')}`)).json().items.map((c: { id: string }) => c.id);
    const byInn = (await who.get(`/api/v1/search?q=${ACL_INN}`)).json().items.map((c: { id: string }) => c.id);
    const audit = (await who.get(`/api/v1/audit?entity=company&id=${mine.id}`)).statusCode;
    const timeline = (await who.get(`/api/v1/companies/${mine.id}/timeline`)).statusCode;
    return { byId, list: list.includes(mine.id), search: search.includes(mine.id), byInn: byInn.includes(mine.id), audit, timeline };
  };
  const visible = { byId: 200, list: true, search: true, byInn: true, audit: 200, timeline: 200 };
  const hidden = { byId: 404, list: false, search: false, byInn: false, audit: 404, timeline: 404 };

  it('the owner, the head of their team, director, admin and operator see it; another manager and another head do not', async () => {
    expect(await sees(a)).toEqual(visible);
    expect(await sees(head)).toEqual(visible);
    expect(await sees(director)).toEqual(visible);
    expect(await sees(ctx.admin)).toEqual(visible);
    expect(await sees(operator)).toEqual(visible);
    expect(await sees(b)).toEqual(hidden);
    expect(await sees(otherHead)).toEqual(hidden);
  });

  it('a hidden company is 404 for every write too', async () => {
    expect((await b.patch(`/api/v1/companies/${mine.id}`, { name: 'x', version: 1 })).statusCode).toBe(404);
    expect((await b.del(`/api/v1/companies/${mine.id}`)).statusCode).toBe(404);
    expect((await b.post(`/api/v1/companies/${mine.id}/notes`, { text: 'x' })).statusCode).toBe(404);
    expect((await b.post(`/api/v1/companies/${mine.id}/shares`, { userId: b.user.id })).statusCode).toBe(404);
  });

  it('an operator sees everything but may not change what is not theirs', async () => {
    const res = await operator.patch(`/api/v1/companies/${mine.id}`, { industry: 'x', version: mine.version });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('RECORD_READ_ONLY');
  });

  it('sharing lets another manager see and edit it; unsharing hides it again', async () => {
    const share = await a.post(`/api/v1/companies/${mine.id}/shares`, { userId: b.user.id });
    expect(share.statusCode, share.body).toBe(200);
    expect(share.json().items.map((s: { userId: string }) => s.userId)).toEqual([b.user.id]);
    expect(await sees(b)).toEqual(visible);
    const edit = await b.patch(`/api/v1/companies/${mine.id}`, {
      industry: 'Строительство',
      version: (await b.get(`/api/v1/companies/${mine.id}`)).json().version,
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const bad = await a.post(`/api/v1/companies/${mine.id}/shares`, { userId: '00000000-0000-0000-0000-000000000000' });
    expect(bad.statusCode).toBe(422);
    expect((await a.del(`/api/v1/companies/${mine.id}/shares/${b.user.id}`)).statusCode).toBe(200);
    expect(await sees(b)).toEqual(hidden);
    const actions = (await a.get(`/api/v1/audit?entity=company&id=${mine.id}`)).json().items.map((x: { action: string }) => x.action);
    expect(actions.slice(0, 3)).toEqual(['update', 'update', 'update']);
  });
});

describe('merge', () => {
  it('keeps the first company, moves contacts, shares and timeline, fills empty fields, deletes the other', async () => {
    const m = await ctx.userWith('manager');
    const viewer = await ctx.userWith('manager');
    const keep = await company(m, { name: 'Ромашка', phones: [{ type: 'work', number: '+7 495 111-11-11' }], tags: ['a'] });
    const other = await company(m, {
      name: 'Ромашка (дубль)',
      inn: inn10('500000003'),
      industry: 'ИТ',
      phones: [{ type: 'work', number: '+7 495 222-22-22' }],
      tags: ['b', 'A'],
      notes: 'старый',
    });
    const person = await m.post('/api/v1/contacts', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      companyId: other.id,
      position: 'Бухгалтер',
    });
    expect(person.statusCode, person.body).toBe(201);
    await m.post(`/api/v1/companies/${other.id}/shares`, { userId: viewer.user.id });
    await m.post(`/api/v1/companies/${other.id}/notes`, { text: 'Звонили в понедельник' });

    const res = await m.post(`/api/v1/companies/${keep.id}/merge`, { otherId: other.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: keep.id,
      name: 'Ромашка',
      inn: inn10('500000003'),
      industry: 'ИТ',
      tags: ['a', 'b'],
      notes: 'старый',
      phones: [
        { type: 'work', number: '+74951111111' },
        { type: 'work', number: '+74952222222' },
      ],
    });
    expect((await m.get(`/api/v1/companies/${other.id}`)).statusCode).toBe(404);
    const contact = (await m.get(`/api/v1/contacts/${person.json().id}`)).json();
    expect(contact.companyId).toBe(keep.id);
    expect(contact.companies).toEqual([{ companyId: keep.id, companyName: 'Ромашка', position: 'Бухгалтер', isPrimary: true }]);
    expect((await viewer.get(`/api/v1/companies/${keep.id}`)).statusCode).toBe(200);
    const timeline = (await m.get(`/api/v1/companies/${keep.id}/timeline`))
      .json()
      .items.map((e: { kind: string; body: string | null }) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['merged', 'note', 'created']));
    expect((await m.get(`/api/v1/audit?entity=company&id=${keep.id}`)).json().items[0].action).toBe('merge');
    expect((await m.get(`/api/v1/audit?entity=company&id=${other.id}`)).json().items[0].action).toBe('merge');
    expect((await m.post(`/api/v1/companies/${keep.id}/merge`, { otherId: keep.id })).statusCode).toBe(422);
  });
});

describe('timeline and notes', () => {
  it('notes go on the timeline newest first, paged by cursor', async () => {
    const m = await ctx.userWith('manager');
    const c = await company(m);
    for (const text of ['первая', 'вторая', 'третья']) {
      const res = await m.post(`/api/v1/companies/${c.id}/notes`, { text });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ kind: 'note', body: text, userId: m.user.id, userName: m.user.name });
    }
    const p1 = await m.get(`/api/v1/companies/${c.id}/timeline?limit=2`);
    expect(p1.json().items.map((e: { body: string }) => e.body)).toEqual(['третья', 'вторая']);
    const p2 = await m.get(`/api/v1/companies/${c.id}/timeline?limit=2&cursor=${p1.json().nextCursor}`);
    expect(p2.json().items.map((e: { kind: string; body: string | null }) => e.body ?? e.kind)).toEqual(['первая', 'created']);
    expect(p2.json().nextCursor).toBeNull();
    expect((await m.post(`/api/v1/companies/${c.id}/notes`, { text: '  ' })).statusCode).toBe(400);
  });
});
