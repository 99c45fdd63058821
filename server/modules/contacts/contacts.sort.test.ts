import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';

// The lists' sorts by values outside the row (issue 9): company, owner, last contact, next
// activity; every page by keyset cursor, so walking the pages gives the same order as one page.

let ctx: TestContext;
let head: Caller;
let anna: Caller;
let boris: Caller;
let stranger: Caller;
const ids: Record<string, string> = {};
const tag = 'сортировка';

const contact = async (who: Caller, key: string, body: Record<string, unknown>) => {
  const res = await who.post('/api/v1/contacts', { firstName: key, lastName: 'Сортов', tags: [tag], ...body });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
};
const activity = async (who: Caller, contactId: string, dueAt: string, done?: string) => {
  const res = await who.post('/api/v1/activities', { type: 'call', subject: 'Звонок', dueAt, contactId });
  expect(res.statusCode, res.body).toBe(201);
  if (done) {
    const r = await who.post(`/api/v1/activities/${res.json().id}/complete`, { doneAt: done, outcome: 'Поговорили' });
    expect(r.statusCode, r.body).toBe(200);
  }
};

/** Every page of the list with `limit`, walked by cursor: the first names in order. */
async function walk(who: Caller, path: string, sort: string, limit = 2): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const res = await who.get(
      `/api/v1/${path}?tag=${encodeURIComponent(tag)}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    out.push(...body.items.map((r: { firstName?: string; name?: string }) => r.firstName ?? r.name));
    cursor = body.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('too many pages');
}

beforeAll(async () => {
  ctx = await createTestContext();
  head = await ctx.userWith('head_of_sales', { name: 'Вера Руководова' });
  const team = await ctx.createTeam('Сортировщики', head.user.id);
  anna = await ctx.userWith('manager', { teamId: team, name: 'Анна Первая' });
  boris = await ctx.userWith('manager', { teamId: team, name: 'Борис Второй' });
  stranger = await ctx.userWith('manager', { name: 'Чужой Менеджер' });
  const company = async (who: Caller, name: string) => (await who.post('/api/v1/companies', { name, tags: [tag] })).json().id as string;
  const yandex = await company(anna, 'Яблоко');
  const alpha = await company(boris, 'Альфа');
  // A company only the stranger sees: its name must not order the head's list.
  const hidden = await company(stranger, 'Ааа Тайная');
  await contact(anna, 'Дарья', { companyId: yandex });
  await contact(anna, 'Ева', {});
  await contact(boris, 'Глеб', { companyId: alpha });
  await contact(boris, 'Жанна', {});
  await contact(anna, 'Зоя', {});
  await ctx.db.updateTable('contacts').set({ company_id: hidden }).where('id', '=', ids['Зоя']).execute();

  await activity(anna, ids['Дарья'], '2026-11-01T09:00:00Z', '2026-11-01T09:30:00Z');
  await activity(boris, ids['Глеб'], '2026-11-20T09:00:00Z', '2026-11-20T09:30:00Z');
  await activity(anna, ids['Ева'], '2027-02-01T09:00:00Z');
  await activity(boris, ids['Жанна'], '2027-01-10T09:00:00Z');
  await activity(boris, ids['Жанна'], '2027-03-10T09:00:00Z');
});

afterAll(async () => {
  await ctx.close();
});

describe('contacts sorted by values outside the row, page by page', () => {
  it('by company name as the caller sees it (no company, or a hidden one, sorts as empty)', async () => {
    const asc = await walk(head, 'contacts', 'company');
    expect(asc.slice(0, 3).sort()).toEqual(['Ева', 'Жанна', 'Зоя']);
    expect(asc.slice(3)).toEqual(['Глеб', 'Дарья']);
    const desc = await walk(head, 'contacts', '-company');
    expect(desc.slice(0, 2)).toEqual(['Дарья', 'Глеб']);
  });

  it('by owner name', async () => {
    const asc = await walk(head, 'contacts', 'owner');
    expect(asc.slice(0, 3).sort()).toEqual(['Дарья', 'Ева', 'Зоя']);
    expect(asc.slice(3).sort()).toEqual(['Глеб', 'Жанна']);
    expect((await walk(head, 'contacts', '-owner')).slice(0, 2).sort()).toEqual(['Глеб', 'Жанна']);
  });

  it('by last contact: never contacted first ascending, most recent first descending', async () => {
    const asc = await walk(head, 'contacts', 'lastContact');
    expect(asc.slice(0, 3).sort()).toEqual(['Ева', 'Жанна', 'Зоя']);
    expect(asc.slice(3)).toEqual(['Дарья', 'Глеб']);
    const desc = await walk(head, 'contacts', '-lastContact', 1);
    expect(desc.slice(0, 2)).toEqual(['Глеб', 'Дарья']);
  });

  it('by the next open activity: the soonest first, none last; done ones do not count', async () => {
    const asc = await walk(head, 'contacts', 'nextActivity');
    expect(asc.slice(0, 2)).toEqual(['Жанна', 'Ева']);
    expect(asc.slice(2).sort()).toEqual(['Глеб', 'Дарья', 'Зоя']);
    // The rows carry the values they are sorted by.
    const rows = (await head.get(`/api/v1/contacts?tag=${encodeURIComponent(tag)}&sort=nextActivity`)).json().items;
    expect(rows[0]).toMatchObject({ firstName: 'Жанна', nextActivityAt: '2027-01-10T09:00:00.000Z', lastContactAt: null });
    const dasha = rows.find((r: { firstName: string }) => r.firstName === 'Дарья');
    expect(dasha).toMatchObject({ nextActivityAt: null, lastContactAt: '2026-11-01T09:30:00.000Z' });
  });

  it('one page holds what the walk by cursor gives, and a manager sees only their own', async () => {
    for (const sort of ['company', '-owner', 'lastContact', '-nextActivity']) {
      const one = (await head.get(`/api/v1/contacts?tag=${encodeURIComponent(tag)}&sort=${sort}&limit=50`)).json();
      expect(await walk(head, 'contacts', sort)).toEqual(one.items.map((r: { firstName: string }) => r.firstName));
    }
    expect((await walk(anna, 'contacts', 'nextActivity')).sort()).toEqual(['Дарья', 'Ева', 'Зоя']);
  });

  it('refuses a sort the list does not have, and a cursor of another sort kind', async () => {
    expect((await head.get('/api/v1/contacts?sort=amount')).statusCode).toBe(400);
    const first = (await head.get(`/api/v1/contacts?tag=${encodeURIComponent(tag)}&sort=company&limit=1`)).json();
    const res = await head.get(`/api/v1/contacts?sort=lastContact&cursor=${first.nextCursor}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('cursor');
  });
});

describe('companies sorted by owner and next activity', () => {
  it('page by page', async () => {
    const owners = await walk(head, 'companies', 'owner', 1);
    expect(owners).toEqual(['Яблоко', 'Альфа']);
    expect(await walk(head, 'companies', '-owner', 1)).toEqual(['Альфа', 'Яблоко']);
    expect(
      (
        await boris.post('/api/v1/activities', {
          type: 'task',
          subject: 'Счёт',
          dueAt: '2027-01-05T09:00:00Z',
          companyId: (await head.get('/api/v1/companies?q=Альфа')).json().items[0].id,
        })
      ).statusCode,
    ).toBe(201);
    expect(await walk(head, 'companies', 'nextActivity', 1)).toEqual(['Альфа', 'Яблоко']);
    const alpha = (await head.get(`/api/v1/companies?tag=${encodeURIComponent(tag)}&sort=nextActivity`)).json().items[0];
    expect(alpha).toMatchObject({ name: 'Альфа', nextActivityAt: '2027-01-05T09:00:00.000Z' });
    expect((await head.get('/api/v1/companies?sort=company')).statusCode).toBe(400);
  });
});
