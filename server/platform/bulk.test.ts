import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../test/harness.js';

// Bulk actions of the lists (issue 9 item 5) through the real routes of contacts and companies.
let ctx: TestContext;
let head: Caller;
let mine: Caller;
let colleague: Caller;
let stranger: Caller;

beforeAll(async () => {
  ctx = await createTestContext();
  const lead = await ctx.userWith('head_of_sales');
  const team = await ctx.createTeam('Продажи', lead.user.id);
  head = lead;
  mine = await ctx.userWith('manager', { teamId: team });
  colleague = await ctx.userWith('manager', { teamId: team });
  stranger = await ctx.userWith('manager');
});
afterAll(async () => {
  await ctx.close();
});

async function contact(who: Caller, body: Record<string, unknown>) {
  const res = await who.post('/api/v1/contacts?force=true', { firstName: 'Анна', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const bulk = (who: Caller, kind: string, body: unknown) => who.post(`/api/v1/${kind}/bulk`, body);
const fieldsOf = (res: { json: () => { error: { fields: { path: string; code: string }[] } } }) =>
  Object.fromEntries(res.json().error.fields.map((f) => [f.path, f.code]));

describe('selection', () => {
  it('"all matching" is chosen by the server from the filter: every match, case-insensitive tag, nothing else', async () => {
    const tag = `vip${Date.now()}`;
    const a = await contact(mine, { lastName: 'Балкова', tags: [tag.toUpperCase()] });
    const b = await contact(mine, { lastName: 'Балкова', tags: [tag] });
    const other = await contact(mine, { lastName: 'Другая', tags: ['other'] });
    const hidden = await contact(stranger, { lastName: 'Чужая', tags: [tag] });
    const list = await mine.get(`/api/v1/contacts?tag=${tag}`);
    expect(
      list
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort(),
    ).toEqual([a, b].sort());
    const count = await mine.get(`/api/v1/contacts/count?tag=${tag}`);
    expect(count.json()).toEqual({ total: 2, capped: false });

    const res = await bulk(mine, 'contacts', { action: 'setSegment', segment: 'A', filter: { tag } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ matched: 2, changed: 2, skipped: 0 });
    expect(res.json().ids.sort()).toEqual([a, b].sort());
    for (const id of [other]) expect((await mine.get(`/api/v1/contacts/${id}`)).json().segment).toBeNull();
    expect((await stranger.get(`/api/v1/contacts/${hidden}`)).json().segment).toBeNull();

    // The same again changes nothing and writes no audit entry.
    const again = await bulk(mine, 'contacts', { action: 'setSegment', segment: 'A', filter: { tag } });
    expect(again.json()).toMatchObject({ matched: 2, changed: 0, skipped: 2 });
    const audit = await mine.get(`/api/v1/audit?entity=contact&id=${a}`);
    const updates = audit.json().items.filter((e: { action: string }) => e.action === 'update');
    expect(updates).toHaveLength(1);
  });

  it('ids the caller may not see are not touched (and not counted)', async () => {
    const own = await contact(mine, { lastName: 'Своя' });
    const foreign = await contact(stranger, { lastName: 'Чужая' });
    const res = await bulk(mine, 'contacts', { action: 'addTag', tag: 'Горячий', ids: [own, foreign] });
    expect(res.json()).toMatchObject({ matched: 1, changed: 1, ids: [own] });
    expect((await stranger.get(`/api/v1/contacts/${foreign}`)).json().tags).toEqual([]);
  });

  it('refuses ids and filter together, a missing parameter, and names the field', async () => {
    const both = await bulk(mine, 'contacts', { action: 'delete', ids: [crypto.randomUUID()], filter: {} });
    expect(both.statusCode).toBe(400);
    expect(fieldsOf(both)).toMatchObject({ ids: 'records.rules.bulkSelection' });
    const noTag = await bulk(mine, 'companies', { action: 'addTag', ids: [crypto.randomUUID()] });
    expect(noTag.statusCode).toBe(400);
    expect(fieldsOf(noTag)).toMatchObject({ tag: 'validation.required' });
    const ru = await mine.req({ method: 'POST', url: '/api/v1/contacts/bulk', payload: { action: 'assign', filter: {} }, lang: 'ru' });
    expect(ru.json().error.fields[0].message).toBe('Обязательное поле');
  });
});

describe('tags and segment', () => {
  it('adds a tag once whatever its case and removes it in any case', async () => {
    const x = await contact(mine, { lastName: 'Тегова', tags: ['VIP'] });
    const y = await contact(mine, { lastName: 'Тегова' });
    const add = await bulk(mine, 'contacts', { action: 'addTag', tag: 'vip', ids: [x, y] });
    expect(add.json()).toMatchObject({ changed: 1, ids: [y] });
    expect((await mine.get(`/api/v1/contacts/${y}`)).json().tags).toEqual(['vip']);
    const remove = await bulk(mine, 'contacts', { action: 'removeTag', tag: 'Vip', ids: [x, y] });
    expect(remove.json()).toMatchObject({ changed: 2 });
    expect((await mine.get(`/api/v1/contacts/${x}`)).json().tags).toEqual([]);
  });

  it('suggests the tags and segments in use, most used first, from any case of the prefix', async () => {
    await contact(mine, { lastName: 'Фасет', tags: ['Партнёр'], segment: 'Ключевой' });
    await contact(mine, { lastName: 'Фасет', tags: ['партнёр', 'Пробный'], segment: 'Ключевой' });
    const res = await mine.get(`/api/v1/contacts/facets?q=${encodeURIComponent('пар')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().tags).toEqual([{ value: expect.stringMatching(/^[пП]артнёр$/), count: 2 }]);
    const seg = await mine.get(`/api/v1/contacts/facets?q=${encodeURIComponent('КЛЮЧ')}`);
    expect(seg.json().segments).toEqual([{ value: 'Ключевой', count: 2 }]);
    // Nothing of another manager's contacts is suggested.
    await contact(stranger, { lastName: 'Фасет', tags: ['Секретный'] });
    expect((await mine.get(`/api/v1/contacts/facets?q=${encodeURIComponent('секр')}`)).json().tags).toEqual([]);
  });
});

describe('assign', () => {
  it('only roles that may reassign; a head within the team, each record checked', async () => {
    const own = await contact(mine, { lastName: 'Передача' });
    const foreign = await contact(stranger, { lastName: 'Передача' });
    const byManager = await bulk(mine, 'contacts', { action: 'assign', ownerId: colleague.user.id, ids: [own] });
    expect(byManager.statusCode).toBe(403);
    const outside = await bulk(head, 'contacts', { action: 'assign', ownerId: stranger.user.id, ids: [own] });
    expect(outside.statusCode).toBe(422);
    expect(fieldsOf(outside)).toEqual({ ownerId: 'OWNER_NOT_ALLOWED' });

    const res = await bulk(head, 'contacts', { action: 'assign', ownerId: colleague.user.id, ids: [own, foreign] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ matched: 1, changed: 1, ids: [own] });
    expect((await colleague.get(`/api/v1/contacts/${own}`)).json().ownerId).toBe(colleague.user.id);
    expect((await stranger.get(`/api/v1/contacts/${foreign}`)).json().ownerId).toBe(stranger.user.id);
    const audit = (await head.get(`/api/v1/audit?entity=contact&id=${own}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'reassign' });
  });

  it('a director assigns everything the filter matches, companies too', async () => {
    const director = await ctx.userWith('director');
    const name = `Компания ${Date.now()}`;
    const ids: string[] = [];
    for (const i of [1, 2, 3]) {
      const res = await mine.post('/api/v1/companies?force=true', { name: `${name} ${i}`, segment: 'Опт' });
      ids.push(res.json().id);
    }
    const res = await bulk(director, 'companies', {
      action: 'assign',
      ownerId: colleague.user.id,
      filter: { ownerId: mine.user.id, segment: 'опт' },
    });
    expect(res.json()).toMatchObject({ matched: 3, changed: 3 });
    for (const id of ids) expect((await director.get(`/api/v1/companies/${id}`)).json().ownerId).toBe(colleague.user.id);
  });
});

describe('delete and its undo', () => {
  it('bins the selection with an audit entry each, and restore brings exactly those back', async () => {
    const tag = `bin${Date.now()}`;
    const ids = [await contact(mine, { lastName: 'Корзина', tags: [tag] }), await contact(mine, { lastName: 'Корзина', tags: [tag] })];
    const del = await bulk(mine, 'contacts', { action: 'delete', filter: { tag } });
    expect(del.json()).toMatchObject({ matched: 2, changed: 2 });
    expect((await mine.get(`/api/v1/contacts?tag=${tag}`)).json().items).toEqual([]);
    expect((await mine.get(`/api/v1/contacts/${ids[0]}`)).statusCode).toBe(404);
    const audit = (await mine.get(`/api/v1/audit?entity=contact&id=${ids[0]}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'delete' });

    const undo = await bulk(mine, 'contacts', { action: 'restore', ids: del.json().ids });
    expect(undo.json()).toMatchObject({ changed: 2 });
    expect((await mine.get(`/api/v1/contacts?tag=${tag}`)).json().items).toHaveLength(2);
  });

  it('a role that edits only its own records leaves the others as they were', async () => {
    const marketing = await ctx.userWith('marketing');
    const own = await contact(marketing, { lastName: 'Маркетинг' });
    const other = await contact(mine, { lastName: 'Маркетинг' });
    const res = await bulk(marketing, 'contacts', { action: 'delete', ids: [own, other] });
    expect(res.json()).toMatchObject({ matched: 2, changed: 1, skipped: 1, ids: [own] });
    expect((await mine.get(`/api/v1/contacts/${other}`)).statusCode).toBe(200);
  });
});
