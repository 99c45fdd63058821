import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { coveredColumns, onMerge, type MergedPayload } from '../../platform/merge.js';
import { reassignContacts } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const fieldsOf = (res: { json: () => { error: { fields: { path: string; code: string }[] } } }) =>
  Object.fromEntries(res.json().error.fields.map((f) => [f.path, f.code]));

let seq = 0;
/** A unique mobile number for each call, so duplicate checks never collide across tests. */
const mobile = () => `+7 916 ${String(1000000 + ++seq).slice(-7)}`;

async function contact(who: Caller, body: Record<string, unknown> = {}) {
  const res = await who.post('/api/v1/contacts?force=true', { firstName: 'Иван', lastName: 'Петров', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('create', () => {
  it('accepts phones in any format, stores E.164, fills the search columns and defaults the owner', async () => {
    const m = await ctx.userWith('manager');
    const res = await m.post('/api/v1/contacts', {
      firstName: 'Мария',
      lastName: 'Иванова',
      middleName: 'Петровна',
      birthday: '1985-04-12',
      phones: [
        { type: 'mobile', number: '8 (916) 555-01-01' },
        { type: 'work', number: '+7 495 555 01 02' },
        { type: 'home', number: '+7-916-555-01-01' },
      ],
      emails: [{ type: 'work', address: 'Maria.Ivanova@Example.COM' }],
      messengers: [{ type: 'telegram', handle: '@mivanova' }],
      importantDates: [{ label: 'Годовщина фирмы', date: '2010-09-01' }],
      preferences: [
        { kind: 'pets', text: 'Кот Барсик' },
        { kind: 'gifts', text: 'Любит чай улун' },
      ],
      tags: ['vip'],
      source: 'exhibition',
      segment: 'A',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      fullName: 'Иванова Мария Петровна',
      ownerId: m.user.id,
      birthday: '1985-04-12',
      version: 1,
      phones: [
        { type: 'mobile', number: '+79165550101' },
        { type: 'work', number: '+74955550102' },
      ],
      preferences: [
        { kind: 'pets', text: 'Кот Барсик' },
        { kind: 'gifts', text: 'Любит чай улун' },
      ],
      messengers: [{ type: 'telegram', handle: '@mivanova' }],
      importantDates: [{ label: 'Годовщина фирмы', date: '2010-09-01' }],
    });
    const row = await ctx.db
      .selectFrom('contacts')
      .select(['search_phones', 'search_emails'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ search_phones: '79165550101 74955550102', search_emails: 'maria.ivanova@example.com' });
    const upd = await m.patch(`/api/v1/contacts/${c.id}`, {
      phones: [{ type: 'mobile', number: '+7 999 000-00-01' }],
      emails: [],
      version: 1,
    });
    expect(upd.statusCode, upd.body).toBe(200);
    const row2 = await ctx.db
      .selectFrom('contacts')
      .select(['search_phones', 'search_emails'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row2).toEqual({ search_phones: '79990000001', search_emails: '' });
  });

  it('Bulgarian numbers follow the contact country or its company country', async () => {
    const m = await ctx.userWith('manager');
    const direct = await contact(m, { country: 'BG', phones: [{ type: 'mobile', number: '0888 123 456' }] });
    expect(direct.phones[0].number).toBe('+359888123456');
    const bgCompany = (await m.post('/api/v1/companies', { name: 'Дъга ООД', eik: '020469788' })).json();
    const viaCompany = await contact(m, { companyId: bgCompany.id, phones: [{ type: 'mobile', number: '0878 111 222' }] });
    expect(viaCompany.phones[0].number).toBe('+359878111222');
  });

  it('an invalid phone is 422 naming phones.N.number, in the request language', async () => {
    const m = await ctx.userWith('manager');
    const res = await m.req({
      method: 'POST',
      url: '/api/v1/contacts',
      lang: 'ru',
      payload: {
        firstName: 'X',
        phones: [
          { type: 'mobile', number: mobile() },
          { type: 'work', number: '123' },
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual({ 'phones.1.number': 'PHONE_INVALID' });
    expect(res.json().error.fields[0].message).toMatch(/Неверный номер телефона/);
  });

  it('works in several companies with positions; only visible companies may be linked', async () => {
    const m = await ctx.userWith('manager');
    const other = await ctx.userWith('manager');
    const c1 = (await m.post('/api/v1/companies', { name: 'Альфа' })).json();
    const c2 = (await m.post('/api/v1/companies', { name: 'Бета' })).json();
    const hidden = (await other.post('/api/v1/companies', { name: 'Чужая' })).json();
    const p = await contact(m, { companyId: c1.id, position: 'Директор', companies: [{ companyId: c2.id, position: 'Консультант' }] });
    expect(p).toMatchObject({ companyId: c1.id, companyName: 'Альфа', position: 'Директор' });
    expect(p.companies).toEqual([
      { companyId: c1.id, companyName: 'Альфа', position: 'Директор', isPrimary: true },
      { companyId: c2.id, companyName: 'Бета', position: 'Консультант', isPrimary: false },
    ]);
    const moved = await m.patch(`/api/v1/contacts/${p.id}`, { companyId: c2.id, version: p.version });
    expect(moved.json()).toMatchObject({ companyId: c2.id, position: 'Консультант' });
    const left = await m.patch(`/api/v1/contacts/${p.id}`, { companyId: null, version: moved.json().version });
    expect(left.json()).toMatchObject({ companyId: null, position: null });
    expect(left.json().companies.map((x: { companyId: string }) => x.companyId)).toEqual([c1.id]);
    const bad = await m.post('/api/v1/contacts', { firstName: 'X', companyId: hidden.id });
    expect(bad.statusCode).toBe(422);
    expect(fieldsOf(bad)).toEqual({ companyId: 'COMPANY_INVALID' });
    const bad2 = await m.post('/api/v1/contacts', { firstName: 'X', companies: [{ companyId: c1.id }, { companyId: hidden.id }] });
    expect(fieldsOf(bad2)).toEqual({ 'companies.1.companyId': 'COMPANY_INVALID' });
  });

  it('remembers who knows and who referred whom, seen from both sides', async () => {
    const m = await ctx.userWith('manager');
    const a = await contact(m, { firstName: 'Анна', lastName: 'Кузнецова' });
    const b = await contact(m, { firstName: 'Борис', lastName: 'Кузнецов' });
    const c = await contact(m, {
      firstName: 'Вера',
      lastName: 'Смирнова',
      links: [
        { contactId: a.id, kind: 'knows', note: 'Учились вместе' },
        { contactId: b.id, kind: 'referredBy' },
      ],
    });
    expect(c.links).toEqual([
      { contactId: b.id, contactName: 'Кузнецов Борис', kind: 'referredBy', note: null },
      { contactId: a.id, contactName: 'Кузнецова Анна', kind: 'knows', note: 'Учились вместе' },
    ]);
    const fromB = (await m.get(`/api/v1/contacts/${b.id}`)).json();
    expect(fromB.links).toEqual([{ contactId: c.id, contactName: 'Смирнова Вера', kind: 'referred', note: null }]);
    const self = await m.patch(`/api/v1/contacts/${a.id}`, { links: [{ contactId: a.id, kind: 'knows' }], version: a.version });
    expect(fieldsOf(self)).toEqual({ 'links.0.contactId': 'LINK_SELF' });
    const stranger = await contact(await ctx.userWith('manager'));
    const hidden = await m.patch(`/api/v1/contacts/${a.id}`, { links: [{ contactId: stranger.id, kind: 'knows' }], version: a.version });
    expect(fieldsOf(hidden)).toEqual({ 'links.0.contactId': 'CONTACT_INVALID' });
  });
});

describe('duplicates', () => {
  it('the same phone in another format, or the same email, is 409 DUPLICATE unless forced', async () => {
    const m = await ctx.userWith('manager');
    const first = await m.post('/api/v1/contacts', {
      firstName: 'Олег',
      lastName: 'Соколов',
      phones: [{ type: 'mobile', number: '+7 (916) 700-00-01' }],
      emails: [{ type: 'work', address: 'oleg@sokolov.ru' }],
    });
    expect(first.statusCode).toBe(201);
    const byPhone = await m.post('/api/v1/contacts', { firstName: 'Олег', phones: [{ type: 'mobile', number: '89167000001' }] });
    expect(byPhone.statusCode).toBe(409);
    expect(byPhone.json().error.code).toBe('DUPLICATE');
    expect(byPhone.json().duplicates).toEqual([
      { type: 'contact', id: first.json().id, title: 'Соколов Олег', ownerName: m.user.name, visible: true, matched: 'phone' },
    ]);
    const byEmail = await m.post('/api/v1/contacts', { firstName: 'О.', emails: [{ type: 'work', address: 'OLEG@sokolov.ru' }] });
    expect(byEmail.statusCode).toBe(409);
    expect(byEmail.json().duplicates[0]).toMatchObject({ id: first.json().id, matched: 'email' });
    // A number that merely contains the stored one's digits is not a duplicate.
    const near = await m.post('/api/v1/contacts', { firstName: 'Near', phones: [{ type: 'mobile', number: '+7 916 700-00-02' }] });
    expect(near.statusCode).toBe(201);
    const live = await m.get(`/api/v1/contacts/duplicates?phone=${encodeURIComponent('8 916 700 00 01')}`);
    expect(live.json().items.map((d: { id: string }) => d.id)).toEqual([first.json().id]);
    const liveEmail = await m.get('/api/v1/contacts/duplicates?email=oleg@sokolov.ru');
    expect(liveEmail.json().items).toHaveLength(1);
    expect(
      (await m.post('/api/v1/contacts?force=true', { firstName: 'Олег', phones: [{ type: 'mobile', number: '89167000001' }] })).statusCode,
    ).toBe(201);
  });

  it("adding an existing phone on edit is a duplicate; keeping one's own is not", async () => {
    const m = await ctx.userWith('manager');
    const taken = mobile();
    await contact(m, { phones: [{ type: 'mobile', number: taken }] });
    const own = mobile();
    const c = await contact(m, { phones: [{ type: 'mobile', number: own }] });
    const keep = await m.patch(`/api/v1/contacts/${c.id}`, { phones: [{ type: 'work', number: own }], version: c.version });
    expect(keep.statusCode, keep.body).toBe(200);
    const clash = await m.patch(`/api/v1/contacts/${c.id}`, {
      phones: [
        { type: 'work', number: own },
        { type: 'mobile', number: taken },
      ],
      version: keep.json().version,
    });
    expect(clash.statusCode).toBe(409);
  });
});

describe('list', () => {
  it('pages by name with a stable cursor, sorts by dates, filters by company, tag, segment, owner, text', async () => {
    const m = await ctx.userWith('manager');
    const co = (await m.post('/api/v1/companies', { name: 'Список' })).json();
    const people = [
      ['Яковлев', 'Пётр'],
      ['Андреев', 'Олег'],
      ['Андреев', 'Олег'],
      ['Борисова', 'Юлия'],
      ['Волков', 'Ян'],
    ];
    for (const [last, first] of people)
      await contact(m, { lastName: last, firstName: first, companyId: co.id, segment: 'L1', tags: last === 'Волков' ? ['горячий'] : [] });
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await m.get(`/api/v1/contacts?companyId=${co.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      names.push(...res.json().items.map((c: { fullName: string }) => c.fullName));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(names).toEqual(['Андреев Олег', 'Андреев Олег', 'Борисова Юлия', 'Волков Ян', 'Яковлев Пётр']);
    const byUpdated = await m.get(`/api/v1/contacts?companyId=${co.id}&sort=-updatedAt&limit=1`);
    expect(byUpdated.json().items[0].fullName).toBe('Волков Ян');
    expect(byUpdated.json().items[0]).toMatchObject({ companyName: 'Список', ownerName: m.user.name });
    expect(byUpdated.json().items[0]).not.toHaveProperty('preferences');
    const list = async (q: string) => (await m.get(`/api/v1/contacts?${q}`)).json().items.map((c: { fullName: string }) => c.fullName);
    expect(await list('tag=горячий')).toEqual(['Волков Ян']);
    expect(await list(`segment=L1&ownerId=${m.user.id}&q=${encodeURIComponent('борисову')}`)).toEqual(['Борисова Юлия']);
    expect(await list(`segment=L1&ownerId=${ctx.admin.user.id}`)).toEqual([]);
  });
});

describe('record-level access per role', () => {
  let head: Caller, mA: Caller, mB: Caller, otherHead: Caller, director: Caller, operator: Caller;
  let secret: { id: string; version: number };
  beforeAll(async () => {
    head = await ctx.userWith('head_of_sales');
    const team = await ctx.createTeam('Sales A', head.user.id);
    mA = await ctx.userWith('manager', { teamId: team });
    mB = await ctx.userWith('manager');
    otherHead = await ctx.userWith('head_of_sales');
    await ctx.createTeam('Sales B', otherHead.user.id);
    director = await ctx.userWith('director');
    operator = await ctx.userWith('operator');
    secret = await contact(mA, {
      firstName: 'Эльвира',
      lastName: 'Засекреченная',
      segment: 'acl',
      phones: [{ type: 'mobile', number: '+7 916 424-24-24' }],
      emails: [{ type: 'work', address: 'elvira@secret.example' }],
    });
  });

  const sees = async (who: Caller) => {
    const byId = (await who.get(`/api/v1/contacts/${secret.id}`)).statusCode;
    const list = (await who.get('/api/v1/contacts?segment=acl')).json().items.some((c: { id: string }) => c.id === secret.id);
    const found = async (q: string) =>
      (await who.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json().items.some((c: { id: string }) => c.id === secret.id);
    return {
      byId,
      list,
      byName: await found('Засекреченная'),
      byPhone: await found('4242424'),
      byEmail: await found('elvira@secret'),
      audit: (await who.get(`/api/v1/audit?entity=contact&id=${secret.id}`)).statusCode,
      timeline: (await who.get(`/api/v1/contacts/${secret.id}/timeline`)).statusCode,
    };
  };
  const visible = { byId: 200, list: true, byName: true, byPhone: true, byEmail: true, audit: 200, timeline: 200 };
  const hidden = { byId: 404, list: false, byName: false, byPhone: false, byEmail: false, audit: 404, timeline: 404 };

  it('manager (owner) sees it', async () => expect(await sees(mA)).toEqual(visible));
  it("head of sales of the owner's team sees it", async () => expect(await sees(head)).toEqual(visible));
  it('director sees it', async () => expect(await sees(director)).toEqual(visible));
  it('admin sees it', async () => expect(await sees(ctx.admin)).toEqual(visible));
  it('operator sees it (to find any caller) but cannot change it', async () => {
    expect(await sees(operator)).toEqual(visible);
    expect((await operator.patch(`/api/v1/contacts/${secret.id}`, { notes: 'x', version: secret.version })).statusCode).toBe(403);
    expect((await operator.del(`/api/v1/contacts/${secret.id}`)).statusCode).toBe(403);
  });
  it('another manager gets 404 in lists, by id, in search and in audit', async () => expect(await sees(mB)).toEqual(hidden));
  it('the head of another team gets 404 everywhere', async () => expect(await sees(otherHead)).toEqual(hidden));

  it('a hidden contact cannot be changed, deleted, merged, noted or shared by the outsider', async () => {
    const own = await contact(mB);
    expect((await mB.patch(`/api/v1/contacts/${secret.id}`, { notes: 'x', version: 1 })).statusCode).toBe(404);
    expect((await mB.del(`/api/v1/contacts/${secret.id}`)).statusCode).toBe(404);
    expect((await mB.post(`/api/v1/contacts/${own.id}/merge`, { otherId: secret.id })).statusCode).toBe(404);
    expect((await mB.post(`/api/v1/contacts/${secret.id}/notes`, { text: 'x' })).statusCode).toBe(404);
    expect((await mB.post(`/api/v1/contacts/${secret.id}/shares`, { userId: mB.user.id })).statusCode).toBe(404);
    expect((await mB.post(`/api/v1/contacts/${secret.id}/restore`)).statusCode).toBe(404);
  });

  it('sharing opens it to one more manager (list, id, search, edit); unsharing closes it', async () => {
    const res = await mA.post(`/api/v1/contacts/${secret.id}/shares`, { userId: mB.user.id });
    expect(res.statusCode, res.body).toBe(200);
    const row = await ctx.db.selectFrom('record_shares').selectAll().where('entity_id', '=', secret.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ entity: 'contact', user_id: mB.user.id, workspace_id: ctx.workspaceId });
    expect(await sees(mB)).toEqual(visible);
    const current = (await mB.get(`/api/v1/contacts/${secret.id}`)).json();
    expect((await mB.patch(`/api/v1/contacts/${secret.id}`, { source: 'referral', version: current.version })).statusCode).toBe(200);
    expect((await mA.get(`/api/v1/contacts/${secret.id}/shares`)).json().items.map((s: { userId: string }) => s.userId)).toEqual([
      mB.user.id,
    ]);
    expect((await mA.del(`/api/v1/contacts/${secret.id}/shares/${mB.user.id}`)).statusCode).toBe(200);
    expect(await sees(mB)).toEqual(hidden);
  });
});

describe('concurrency, delete, restore, audit', () => {
  it('a stale version gets 409 and changes nothing', async () => {
    const m = await ctx.userWith('manager');
    const c = await contact(m, { position: 'Инженер' });
    expect((await m.patch(`/api/v1/contacts/${c.id}`, { position: 'Главный инженер', version: 1 })).statusCode).toBe(200);
    const stale = await m.patch(`/api/v1/contacts/${c.id}`, { position: 'Стажёр', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await m.get(`/api/v1/contacts/${c.id}`)).json()).toMatchObject({ position: 'Главный инженер', version: 2 });
    const audit = (await m.get(`/api/v1/audit?entity=contact&id=${c.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(audit[0].before.position).toBe('Инженер');
    expect(audit[0].after.position).toBe('Главный инженер');
  });

  it('delete is soft: hidden from get, list and search; restore brings it back', async () => {
    const m = await ctx.userWith('manager');
    const c = await contact(m, { lastName: 'Удаляемый', segment: 'del' });
    expect((await m.del(`/api/v1/contacts/${c.id}`)).statusCode).toBe(204);
    expect((await m.get(`/api/v1/contacts/${c.id}`)).statusCode).toBe(404);
    expect((await m.get('/api/v1/contacts?segment=del')).json().items).toEqual([]);
    expect((await m.get(`/api/v1/search?q=${encodeURIComponent('Удаляемый')}`)).json().items).toEqual([]);
    expect((await m.get('/api/v1/contacts?segment=del&deleted=true')).json().items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await m.get(`/api/v1/audit?entity=contact&id=${c.id}`)).statusCode).toBe(200);
    expect((await m.post(`/api/v1/contacts/${c.id}/restore`)).statusCode).toBe(200);
    expect((await m.get(`/api/v1/contacts/${c.id}`)).statusCode).toBe(200);
    const stillThere = await ctx.db.selectFrom('contacts').select('id').where('id', '=', c.id).executeTakeFirst();
    expect(stillThere).toBeTruthy();
    const actions = (await m.get(`/api/v1/audit?entity=contact&id=${c.id}`)).json().items.map((a: { action: string }) => a.action);
    expect(actions).toEqual(['restore', 'delete', 'create']);
  });
});

describe('merge', () => {
  it('keeps the record, moves links, companies, shares, timeline and the rows of any handler, unites channels', async () => {
    const m = await ctx.userWith('manager');
    const viewer = await ctx.userWith('manager');
    // A table of a later module: it follows the merge through its own handler, registered as a
    // module registers its own at composition, and runs in the merge's transaction.
    await sql`create table if not exists test_contact_refs (id serial primary key, contact_id uuid references contacts(id))`.execute(
      ctx.db,
    );
    const seen: { inTransaction: boolean; payload: MergedPayload }[] = [];
    onMerge('contact', 'test_contact_refs', { covers: ['test_contact_refs.contact_id'] }, async (trx, p) => {
      seen.push({ inTransaction: trx.isTransaction, payload: p });
      await sql`update test_contact_refs set contact_id = ${p.keptId} where contact_id = ${p.mergedId}`.execute(trx);
    });
    expect(coveredColumns('contact')).toContain('test_contact_refs.contact_id');
    const co = (await m.post('/api/v1/companies', { name: 'Вектор' })).json();
    const friend = await contact(m, { firstName: 'Друг', lastName: 'Общий' });
    const keep = await contact(m, {
      firstName: 'Пётр',
      lastName: 'Сидоров',
      phones: [{ type: 'mobile', number: '+7 916 800-00-01' }],
      tags: ['a'],
    });
    const other = await contact(m, {
      firstName: 'Петр',
      lastName: 'Сидоров',
      middleName: 'Ильич',
      companyId: co.id,
      position: 'Снабженец',
      birthday: '1980-01-02',
      phones: [
        { type: 'mobile', number: '+7 916 800-00-01' },
        { type: 'work', number: '+7 495 800-00-02' },
      ],
      emails: [{ type: 'work', address: 'p@vector.ru' }],
      tags: ['b'],
      preferences: [{ kind: 'food', text: 'Не ест мясо' }],
      links: [
        { contactId: friend.id, kind: 'knows' },
        { contactId: keep.id, kind: 'knows' },
      ],
    });
    await m.post(`/api/v1/contacts/${other.id}/shares`, { userId: viewer.user.id });
    await m.post(`/api/v1/contacts/${other.id}/notes`, { text: 'Обещал перезвонить' });
    await sql`insert into test_contact_refs (contact_id) values (${other.id})`.execute(ctx.db);

    const res = await m.post(`/api/v1/contacts/${keep.id}/merge`, { otherId: other.id });
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json();
    expect(merged).toMatchObject({
      id: keep.id,
      firstName: 'Пётр',
      middleName: 'Ильич',
      companyId: co.id,
      position: 'Снабженец',
      birthday: '1980-01-02',
      phones: [
        { type: 'mobile', number: '+79168000001' },
        { type: 'work', number: '+74958000002' },
      ],
      emails: [{ type: 'work', address: 'p@vector.ru' }],
      tags: ['a', 'b'],
      preferences: [{ kind: 'food', text: 'Не ест мясо' }],
    });
    expect(merged.companies).toEqual([{ companyId: co.id, companyName: 'Вектор', position: 'Снабженец', isPrimary: true }]);
    expect(merged.links).toEqual([{ contactId: friend.id, contactName: 'Общий Друг', kind: 'knows', note: null }]);
    expect((await m.get(`/api/v1/contacts/${other.id}`)).statusCode).toBe(404);
    expect((await viewer.get(`/api/v1/contacts/${keep.id}`)).statusCode).toBe(200);
    const refs = await sql<{ contact_id: string }>`select contact_id from test_contact_refs`.execute(ctx.db);
    expect(refs.rows.map((r) => r.contact_id)).toEqual([keep.id]);
    expect(seen).toEqual([{ inTransaction: true, payload: { workspaceId: ctx.workspaceId, keptId: keep.id, mergedId: other.id } }]);
    const timeline = (await m.get(`/api/v1/contacts/${keep.id}/timeline`)).json().items;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['merged', 'note']));
    const row = await ctx.db
      .selectFrom('contacts')
      .select(['search_phones', 'search_emails'])
      .where('id', '=', keep.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ search_phones: '79168000001 74958000002', search_emails: 'p@vector.ru' });
    const keepAudit = (await m.get(`/api/v1/audit?entity=contact&id=${keep.id}`)).json().items[0];
    expect(keepAudit).toMatchObject({ action: 'merge' });
    expect(keepAudit.before.mergedFrom).toBe(other.id);
    const otherAudit = (await m.get(`/api/v1/audit?entity=contact&id=${other.id}`)).json().items[0];
    expect(otherAudit.action).toBe('merge');
    expect(otherAudit.after.mergedInto).toBe(keep.id);
  });
});

describe('timeline', () => {
  it('notes are timeline events, newest first, with cursor paging', async () => {
    const m = await ctx.userWith('manager');
    const c = await contact(m);
    for (const text of ['one', 'two', 'three']) expect((await m.post(`/api/v1/contacts/${c.id}/notes`, { text })).statusCode).toBe(201);
    const p1 = (await m.get(`/api/v1/contacts/${c.id}/timeline?limit=2`)).json();
    expect(p1.items.map((e: { body: string }) => e.body)).toEqual(['three', 'two']);
    const p2 = (await m.get(`/api/v1/contacts/${c.id}/timeline?limit=2&cursor=${p1.nextCursor}`)).json();
    expect(p2.items.map((e: { kind: string; body: string | null }) => e.body ?? e.kind)).toEqual(['one', 'created']);
  });
});

describe('reassignContacts (stale-contact rotation)', () => {
  it('changes the owner, audits a reassign and puts an event on each timeline', async () => {
    const head = await ctx.userWith('head_of_sales');
    const team = await ctx.createTeam('Rotation', head.user.id);
    const from = await ctx.userWith('manager', { teamId: team });
    const to = await ctx.userWith('manager', { teamId: team });
    const c1 = await contact(from);
    const c2 = await contact(from);
    const moved = await reassignContacts(ctx.db, head.user, [c1.id, c2.id, c1.id], to.user.id);
    expect(moved.sort()).toEqual([c1.id, c2.id].sort());
    const after = (await to.get(`/api/v1/contacts/${c1.id}`)).json();
    expect(after).toMatchObject({ ownerId: to.user.id, version: 2 });
    expect((await from.get(`/api/v1/contacts/${c1.id}`)).statusCode).toBe(404);
    const audit = (await head.get(`/api/v1/audit?entity=contact&id=${c2.id}`)).json().items[0];
    expect(audit).toMatchObject({ action: 'reassign', before: { ownerId: from.user.id }, after: { ownerId: to.user.id } });
    const events = (await to.get(`/api/v1/contacts/${c2.id}/timeline`)).json().items;
    expect(events[0]).toMatchObject({ kind: 'reassigned', userId: head.user.id, data: { fromUserId: from.user.id, toUserId: to.user.id } });
    expect(await reassignContacts(ctx.db, head.user, [c1.id], to.user.id)).toEqual([]);
  });

  it("works inside the caller's transaction and refuses contacts the actor cannot see", async () => {
    const a = await ctx.userWith('manager');
    const b = await ctx.userWith('manager');
    const c = await contact(a);
    await expect(reassignContacts(ctx.db, b.user, [c.id], b.user.id)).rejects.toMatchObject({ code: 'CONTACT_NOT_FOUND' });
    await expect(reassignContacts(ctx.db, a.user, [c.id], '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await ctx.db.transaction().execute(async (trx) => {
      await reassignContacts(trx, a.user, [c.id], b.user.id);
    });
    expect((await b.get(`/api/v1/contacts/${c.id}`)).json().ownerId).toBe(b.user.id);
  });
});
