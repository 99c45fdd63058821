import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';

// The deals list sorted by the company's and the owner's name (issue 9), page by page.

let ctx: TestContext;
let head: Caller;
let anna: Caller;
let boris: Caller;
const marker = 'Сортируемая';

async function walk(who: Caller, sort: string, limit = 1): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const url = `/api/v1/deals?q=${encodeURIComponent(marker)}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await who.get(url);
    expect(res.statusCode, res.body).toBe(200);
    out.push(...res.json().items.map((d: { title: string }) => d.title.replace(`${marker} `, '')));
    cursor = res.json().nextCursor;
    if (!cursor) return out;
  }
  throw new Error('too many pages');
}

beforeAll(async () => {
  ctx = await createTestContext();
  head = await ctx.userWith('head_of_sales', { name: 'Вера Руководова' });
  const team = await ctx.createTeam('Сделочники', head.user.id);
  anna = await ctx.userWith('manager', { teamId: team, name: 'Анна Первая' });
  boris = await ctx.userWith('manager', { teamId: team, name: 'Борис Второй' });
  const stranger = await ctx.userWith('manager', { name: 'Чужой' });
  const company = async (who: Caller, name: string) => (await who.post('/api/v1/companies', { name })).json().id as string;
  const deal = async (who: Caller, title: string, companyId?: string) => {
    const res = await who.post('/api/v1/deals', { title: `${marker} ${title}`, amount: '1', companyId });
    expect(res.statusCode, res.body).toBe(201);
  };
  await deal(anna, 'один', await company(anna, 'Яблоко'));
  await deal(boris, 'два', await company(boris, 'Альфа'));
  await deal(anna, 'три');
  // A deal of the head's with a company only the stranger sees: its name must not order the list.
  const hidden = await company(stranger, 'Ааа Тайная');
  await deal(head, 'четыре');
  await ctx.db.updateTable('deals').set({ company_id: hidden }).where('title', '=', `${marker} четыре`).execute();
});

afterAll(async () => {
  await ctx.close();
});

describe('deals sorted by company and owner', () => {
  it('by the company name as the caller sees it, none or hidden first ascending', async () => {
    const asc = await walk(head, 'company');
    expect(asc.slice(0, 2).sort()).toEqual(['три', 'четыре']);
    expect(asc.slice(2)).toEqual(['два', 'один']);
    expect((await walk(head, '-company')).slice(0, 2)).toEqual(['один', 'два']);
  });

  it('by the owner name, page by page as in one page', async () => {
    const asc = await walk(head, 'owner');
    expect(asc.slice(0, 2).sort()).toEqual(['один', 'три']);
    expect(asc.slice(2)).toEqual(['два', 'четыре']);
    const one = (await head.get(`/api/v1/deals?q=${encodeURIComponent(marker)}&sort=-owner&limit=50`)).json().items;
    expect(await walk(head, '-owner')).toEqual(one.map((d: { title: string }) => d.title.replace(`${marker} `, '')));
  });
});
