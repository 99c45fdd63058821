// Finding 2.6 of issue 6: who may decide a record's owner. Only who may reassign (a head of sales
// for their team, a director, an admin) may make someone other than themselves the owner, on
// create and on update, for every owned kind; a share lets a colleague edit a record, not take it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from './harness.js';

let ctx: TestContext;
let head: Caller;
let m1: Caller;
let m2: Caller;
let outsider: Caller;

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

type Kind = { kind: string; path: string; body: () => Record<string, unknown> };
const kinds: Kind[] = [
  { kind: 'contact', path: 'contacts', body: () => ({ firstName: 'Ольга', lastName: 'Зимина' }) },
  { kind: 'company', path: 'companies', body: () => ({ name: 'ООО «Вектор»' }) },
  { kind: 'deal', path: 'deals', body: () => ({ title: 'Поставка', amount: '100' }) },
  { kind: 'activity', path: 'activities', body: () => ({ type: 'task', subject: 'Позвонить', dueAt: inHours(2) }) },
];

beforeAll(async () => {
  ctx = await createTestContext();
  const teamA = await ctx.createTeam('Team A');
  const teamB = await ctx.createTeam('Team B');
  head = await ctx.userWith('head_of_sales', { teamId: teamA });
  await ctx.db.updateTable('teams').set({ lead_id: head.user.id }).where('id', '=', teamA).execute();
  m1 = await ctx.userWith('manager', { teamId: teamA });
  m2 = await ctx.userWith('manager', { teamId: teamA });
  outsider = await ctx.userWith('manager', { teamId: teamB });
});
afterAll(async () => {
  await ctx.close();
});

async function create(who: Caller, k: Kind, extra: Record<string, unknown> = {}) {
  return who.post(`/api/v1/${k.path}`, { ...k.body(), ...extra });
}
const fields = (res: { json: () => { error: { fields: { path: string; code: string; message: string }[] } } }) =>
  Object.fromEntries(res.json().error.fields.map((f) => [f.path, f.code]));

describe.each(kinds)('owner of a $kind', (k) => {
  it('a manager cannot create it owned by their head, another team or the admin (422 on ownerId)', async () => {
    for (const owner of [head.user.id, outsider.user.id, ctx.admin.user.id, m2.user.id]) {
      const res = await create(m1, k, { ownerId: owner });
      expect(res.statusCode, res.body).toBe(422);
      expect(fields(res)).toEqual({ ownerId: 'OWNER_NOT_ALLOWED' });
      expect(res.json().error.fields[0].message).not.toBe('OWNER_NOT_ALLOWED');
    }
    const own = await create(m1, k, { ownerId: m1.user.id });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().ownerId).toBe(m1.user.id);
  });

  it('a head assigns within their team only; the admin to anyone', async () => {
    const inTeam = await create(head, k, { ownerId: m2.user.id });
    expect(inTeam.statusCode, inTeam.body).toBe(201);
    expect(inTeam.json().ownerId).toBe(m2.user.id);
    const out = await create(head, k, { ownerId: outsider.user.id });
    expect(out.statusCode, out.body).toBe(422);
    expect(fields(out)).toEqual({ ownerId: 'OWNER_NOT_ALLOWED' });
    const byAdmin = await create(ctx.admin, k, { ownerId: outsider.user.id });
    expect(byAdmin.statusCode, byAdmin.body).toBe(201);
  });

  it('a colleague with a share cannot take it by PATCHing ownerId to themselves', async () => {
    const rec = (await create(m1, k)).json();
    await ctx.db
      .insertInto('record_shares')
      .values({ workspace_id: ctx.workspaceId, entity: k.kind, entity_id: rec.id, user_id: outsider.user.id })
      .execute();
    const seen = await outsider.get(`/api/v1/${k.path}/${rec.id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    const res = await outsider.patch(`/api/v1/${k.path}/${rec.id}`, { ownerId: outsider.user.id, version: seen.json().version });
    expect(res.statusCode, res.body).toBe(422);
    expect(fields(res)).toEqual({ ownerId: 'OWNER_NOT_ALLOWED' });
    const after = await m1.get(`/api/v1/${k.path}/${rec.id}`);
    expect(after.json().ownerId).toBe(m1.user.id);
  });

  it('the owner (a manager) cannot hand it to a colleague; the head can move it within the team', async () => {
    const rec = (await create(m1, k)).json();
    const res = await m1.patch(`/api/v1/${k.path}/${rec.id}`, { ownerId: m2.user.id, version: rec.version });
    expect(res.statusCode, res.body).toBe(422);
    expect(fields(res)).toEqual({ ownerId: 'OWNER_NOT_ALLOWED' });
    const moved = await head.patch(`/api/v1/${k.path}/${rec.id}`, { ownerId: m2.user.id, version: rec.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().ownerId).toBe(m2.user.id);
  });
});
