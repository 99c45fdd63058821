import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';

let ctx: TestContext;
let head: Caller;
let member: Caller;
let manager: Caller;
let outsider: Caller;

type View = { id: string; name: string; shared: boolean; mine: boolean; canEdit: boolean; ownerId: string; columns: string[] };

const save = async (who: Caller, body: Record<string, unknown>, query = '') => {
  const res = await who.post(`/api/v1/views${query}`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as View;
};
const names = async (who: Caller, list = 'contacts') => {
  const res = await who.get(`/api/v1/views?list=${list}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as View[]).map((v) => v.name);
};
const put = (who: Caller, url: string, payload: Record<string, unknown>) => who.req({ method: 'PUT', url, payload });
const fieldsOf = (res: { json: () => { error: { fields: { path: string }[] } } }) => res.json().error.fields.map((f) => f.path);

beforeAll(async () => {
  ctx = await createTestContext();
  head = await ctx.userWith('head_of_sales');
  const team = await ctx.createTeam('Отдел видов', head.user.id);
  member = await ctx.userWith('manager', { teamId: team });
  manager = await ctx.userWith('manager', { teamId: team });
  outsider = await ctx.userWith('manager');
});

afterAll(async () => {
  await ctx.close();
});

describe('saved views: own and shared with the team', () => {
  it('saves filters, sort and columns, and gives them back as saved', async () => {
    const v = await save(member, {
      list: 'contacts',
      name: 'Мои VIP',
      filters: { tag: 'vip', ownerId: member.user.id },
      sort: '-updatedAt',
      columns: ['name', 'phone', 'tags'],
    });
    expect(v).toMatchObject({
      list: 'contacts',
      name: 'Мои VIP',
      filters: { tag: 'vip', ownerId: member.user.id },
      sort: '-updatedAt',
      columns: ['name', 'phone', 'tags'],
      shared: false,
      mine: true,
      canEdit: true,
      ownerId: member.user.id,
    });
    expect((await member.get(`/api/v1/views/${v.id}`)).json().name).toBe('Мои VIP');
    // The list as the address names it, as the list's GET takes it.
    const d = await save(member, { name: 'Открытые', filters: { status: 'open' }, sort: '-amount' }, '?list=deals');
    expect(d).toMatchObject({ list: 'deals', filters: { status: 'open' }, columns: [] });
    expect(await names(member, 'deals')).toEqual(['Открытые']);
  });

  it('a view is its owner’s alone until a head shares one with the team', async () => {
    await save(outsider, { list: 'contacts', name: 'Чужой вид' });
    const own = await save(head, { list: 'contacts', name: 'Личный руководителя' });
    const shared = await save(head, { list: 'contacts', name: 'Команде', filters: { segment: 'A' }, shared: true });
    expect(shared).toMatchObject({ shared: true, mine: true });

    expect(await names(member)).toEqual(['Мои VIP', 'Команде']);
    expect(await names(manager)).toEqual(['Команде']);
    expect(await names(outsider)).toEqual(['Чужой вид']);
    expect(await names(head)).toEqual(['Команде', 'Личный руководителя']);

    const seen = (await member.get(`/api/v1/views/${shared.id}`)).json();
    expect(seen).toMatchObject({ shared: true, mine: false, canEdit: false, ownerName: head.user.name });
    expect((await member.get(`/api/v1/views/${own.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/views/${shared.id}`)).statusCode).toBe(404);

    // Unshared again, the team loses it.
    expect((await head.patch(`/api/v1/views/${shared.id}`, { shared: false })).json().shared).toBe(false);
    expect(await names(manager)).toEqual([]);
    await head.patch(`/api/v1/views/${shared.id}`, { shared: true });
    expect(await names(manager)).toEqual(['Команде']);
  });

  it('a manager cannot share, neither on saving nor later', async () => {
    const res = await manager.post('/api/v1/views', { list: 'contacts', name: 'Всем', shared: true });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('VIEW_SHARE_FORBIDDEN');
    expect(fieldsOf(res)).toEqual(['shared']);
    const v = await save(manager, { list: 'companies', name: 'Мои компании' });
    const later = await manager.patch(`/api/v1/views/${v.id}`, { shared: true });
    expect(later.statusCode).toBe(403);
    expect((await member.get('/api/v1/views?list=companies')).json().items).toEqual([]);
  });

  it('only the owner (or an admin) changes or deletes a view; another user’s view is not found', async () => {
    const team = (await head.get('/api/v1/views?list=contacts')).json().items.find((v: View) => v.name === 'Команде') as View;
    const byMember = await member.patch(`/api/v1/views/${team.id}`, { name: 'Переименовал' });
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().error.code).toBe('VIEW_READ_ONLY');
    expect((await member.del(`/api/v1/views/${team.id}`)).statusCode).toBe(403);

    const mine = await save(member, { list: 'contacts', name: 'Черновик' });
    for (const res of [
      await outsider.get(`/api/v1/views/${mine.id}`),
      await outsider.patch(`/api/v1/views/${mine.id}`, { name: 'Моё' }),
      await outsider.del(`/api/v1/views/${mine.id}`),
      await head.patch(`/api/v1/views/${mine.id}`, { name: 'Моё' }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('VIEW_NOT_FOUND');
    }
    expect((await member.get(`/api/v1/views/${mine.id}`)).json().name).toBe('Черновик');

    const renamed = await ctx.admin.patch(`/api/v1/views/${mine.id}`, { name: 'Поправил админ' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Поправил админ', mine: false, canEdit: true });
    expect((await member.del(`/api/v1/views/${mine.id}`)).statusCode).toBe(204);
    expect((await member.get(`/api/v1/views/${mine.id}`)).statusCode).toBe(404);
  });

  it('refuses what the list does not take, naming the field', async () => {
    const bad = async (body: Record<string, unknown>, status = 422) => {
      const res = await member.post('/api/v1/views', { list: 'contacts', name: 'Плохой', ...body });
      expect(res.statusCode, res.body).toBe(status);
      return fieldsOf(res);
    };
    expect(await bad({ columns: ['name', 'amount'] })).toEqual(['columns.1']);
    expect(await bad({ columns: ['name', 'name'] })).toEqual(['columns.1']);
    expect(await bad({ sort: 'amount' })).toEqual(['sort']);
    expect(await bad({ filters: { stageId: 'x' } })).toEqual(['filters.stageId']);
    expect(await bad({ filters: { ownerId: 'nobody' } })).toEqual(['filters.ownerId']);
    expect(await bad({ list: 'invoices' }, 400)).toEqual(['list']);
    expect(await bad({ list: undefined })).toEqual(['list']);
    const mismatch = await member.post('/api/v1/views?list=deals', { list: 'contacts', name: 'Два списка' });
    expect(mismatch.statusCode).toBe(422);
    expect(fieldsOf(mismatch)).toEqual(['list']);
    const v = await save(member, { list: 'deals', name: 'Сделки' });
    const patch = await member.patch(`/api/v1/views/${v.id}`, { columns: ['title', 'phone'], filters: { tag: 'vip' } });
    expect(patch.statusCode).toBe(422);
    expect(fieldsOf(patch).sort()).toEqual(['columns.1', 'filters.tag']);
  });

  it('a head who is in no team and leads none cannot share', async () => {
    const loner = await ctx.userWith('head_of_sales');
    const res = await loner.post('/api/v1/views', { list: 'contacts', name: 'Некому', shared: true });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['shared']);
  });
});

describe('column preferences per user and list', () => {
  it('the defaults until chosen, then the choice, each user their own', async () => {
    const before = (await member.get('/api/v1/views/preferences/companies')).json().columns;
    expect(before).toContain('name');
    const res = await put(member, '/api/v1/views/preferences/companies', { columns: ['name', 'industry', 'owner'] });
    expect(res.statusCode, res.body).toBe(200);
    expect((await member.get('/api/v1/views/preferences/companies')).json()).toEqual({ columns: ['name', 'industry', 'owner'] });
    await put(member, '/api/v1/views/preferences/companies', { columns: ['owner', 'name'] });
    expect((await member.get('/api/v1/views/preferences/companies')).json().columns).toEqual(['owner', 'name']);
    expect((await manager.get('/api/v1/views/preferences/companies')).json().columns).toEqual(before);
  });

  it('refuses an unknown list or column', async () => {
    expect((await member.get('/api/v1/views/preferences/invoices')).statusCode).toBe(400);
    const res = await put(member, '/api/v1/views/preferences/deals', { columns: ['title', 'tags'] });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['columns.1']);
    expect((await put(member, '/api/v1/views/preferences/deals', { columns: [] })).statusCode).toBe(400);
  });
});
