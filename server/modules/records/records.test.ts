import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { findRecordKind, recordKinds } from '../../platform/registry.js';
import { apiKinds } from './index.js';

let ctx: TestContext;
let owner: Caller;
let stranger: Caller;
let operator: Caller;
beforeAll(async () => {
  ctx = await createTestContext();
  owner = await ctx.userWith('manager', { name: 'Владелец' });
  stranger = await ctx.userWith('manager', { name: 'Чужой' });
  operator = await ctx.userWith('operator');
});
afterAll(async () => {
  await ctx?.close();
});

/** One record of each kind with per-record routes, owned by `who`. */
const create: Record<string, (who: Caller) => Promise<string>> = {
  contact: async (who) => (await who.post('/api/v1/contacts', { firstName: 'Общий', lastName: 'Маршрут' })).json().id,
  company: async (who) => (await who.post('/api/v1/companies', { name: 'ООО «Общий маршрут»' })).json().id,
  deal: async (who) => (await who.post('/api/v1/deals', { title: 'Сделка общего маршрута', amount: '1' })).json().id,
  invoice: async (who) => {
    const entity = await ctx.admin.post('/api/v1/legal-entities', { name: 'ООО «Маршрут»', country: 'RU', inn: '7707083893' });
    const companyId = (await who.post('/api/v1/companies', { name: 'ООО «Плательщик»' })).json().id;
    const body = { legalEntityId: entity.json().id, companyId, currency: 'RUB', issueDate: '2026-11-02', dueDate: '2026-11-12', lines: [] };
    return (await who.post('/api/v1/invoices', body)).json().id;
  },
  // A contract is seen through its client: one for a company of `who`, signed by the admin.
  contract: async (who) => {
    const entity = await ctx.admin.post('/api/v1/legal-entities', { name: 'ООО «Договорной маршрут»', country: 'RU', inn: '7707083893' });
    const companyId = (await who.post('/api/v1/companies', { name: 'ООО «Сторона»' })).json().id;
    const body = { companyId, legalEntityId: entity.json().id, number: `М-${companyId.slice(0, 8)}`, date: '2026-11-01', currency: 'RUB' };
    return (await ctx.admin.post('/api/v1/contracts', body)).json().id;
  },
};
/** What a new record's timeline starts with (a draft invoice has nothing on it yet). */
const firstEvent: Record<string, string | undefined> = { contact: 'created', company: 'created', deal: 'deal_created' };

/** The paths a kind's declaration asks for, as the OpenAPI document spells them. */
function expectedPaths(kind: string): Record<string, string[]> {
  const api = findRecordKind(kind)!.api!;
  const base = `/api/v1/${api.segment}/{id}`;
  const out: Record<string, string[]> = {};
  if (api.timeline) out[`${base}/timeline`] = ['get'];
  if (api.notes) out[`${base}/notes`] = ['post'];
  if (api.shares) Object.assign(out, { [`${base}/shares`]: ['get', 'post'], [`${base}/shares/{userId}`]: ['delete'] });
  return out;
}

describe('routes generated from the records registry', () => {
  it('every kind gets exactly the routes it declares, and a kind without a declaration none', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, object> };
    expect(apiKinds().map((k) => k.kind)).toEqual(expect.arrayContaining(['contact', 'company', 'deal', 'invoice']));
    for (const def of apiKinds()) {
      for (const [path, methods] of Object.entries(expectedPaths(def.kind))) {
        expect(Object.keys(doc.paths[path] ?? {}).sort(), path).toEqual(methods.sort());
      }
    }
    expect(Object.keys(expectedPaths('deal'))).toEqual(['/api/v1/deals/{id}/timeline']);
    for (const kind of recordKinds().filter((k) => !findRecordKind(k)!.api)) {
      const table = findRecordKind(kind)!.table.replace(/_/g, '-');
      const generated = Object.keys(doc.paths).filter((p) => new RegExp(`^/api/v1/${table}/\\{id\\}/(timeline|notes|shares)`).test(p));
      expect(generated, kind).toEqual([]);
    }
  });

  it('has a record to try for every kind with generated routes', () => {
    expect(
      apiKinds()
        .filter((k) => !create[k.kind])
        .map((k) => k.kind),
    ).toEqual([]);
  });

  it.each(['contact', 'company', 'deal', 'invoice', 'contract'])(
    '%s: the owner reads the timeline, a stranger gets the kind’s own 404',
    async (kind) => {
      const id = await create[kind](owner);
      const { segment, notFound } = findRecordKind(kind)!.api!;
      const mine = await owner.get(`/api/v1/${segment}/${id}/timeline`);
      expect(mine.statusCode, mine.body).toBe(200);
      if (firstEvent[kind]) expect(mine.json().items.map((e: { kind: string }) => e.kind)).toContain(firstEvent[kind]);
      const theirs = await stranger.get(`/api/v1/${segment}/${id}/timeline`);
      expect(theirs.statusCode).toBe(404);
      expect(theirs.json().error.code).toBe(notFound.code);
      const missing = await owner.get(`/api/v1/${segment}/7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7/timeline`);
      expect(missing.json().error.code).toBe(notFound.code);
    },
  );

  it.each(['contact', 'company'])('%s: notes go on the timeline, audited; a stranger may add none', async (kind) => {
    const id = await create[kind](owner);
    const { segment } = findRecordKind(kind)!.api!;
    const res = await owner.post(`/api/v1/${segment}/${id}/notes`, { text: 'Перезвонить во вторник' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'note', body: 'Перезвонить во вторник', userId: owner.user.id, userName: 'Владелец' });
    const timeline = (await owner.get(`/api/v1/${segment}/${id}/timeline`)).json().items;
    expect(timeline[0].id).toBe(res.json().id);
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', res.json().id).execute();
    expect(audit).toEqual([{ action: 'create', after: { entity: kind, entityId: id, kind: 'note', body: 'Перезвонить во вторник' } }]);
    expect((await stranger.post(`/api/v1/${segment}/${id}/notes`, { text: 'x' })).statusCode).toBe(404);
    expect(
      (await owner.get(`/api/v1/${segment}/${id}/timeline`)).json().items.filter((e: { kind: string }) => e.kind === 'note'),
    ).toHaveLength(1);
  });

  it.each(['contact', 'company'])('%s: shares are read by who sees the record, changed only by who may change it', async (kind) => {
    const id = await create[kind](owner);
    const { segment } = findRecordKind(kind)!.api!;
    const shares = `/api/v1/${segment}/${id}/shares`;
    // The operator sees every record but changes only their own: they may not share it either.
    expect((await operator.get(shares)).statusCode).toBe(200);
    const refused = await operator.post(shares, { userId: operator.user.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('RECORD_READ_ONLY');
    for (const res of [await stranger.get(shares), await stranger.post(shares, { userId: stranger.user.id })])
      expect(res.statusCode).toBe(404);
    const added = await owner.post(shares, { userId: stranger.user.id });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().items).toEqual([{ userId: stranger.user.id, userName: 'Чужой', createdAt: expect.any(String) }]);
    // Shared with, the colleague may change the record, so they may also take themselves off it.
    expect((await operator.del(`${shares}/${stranger.user.id}`)).statusCode).toBe(403);
    const removed = await stranger.del(`${shares}/${stranger.user.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().items).toEqual([]);
    expect((await stranger.get(shares)).statusCode).toBe(404);
  });

  it('a record in the bin answers 404, but a deleted deal’s timeline still reads (as its stage history does)', async () => {
    const contact = await create.contact(owner);
    expect((await owner.del(`/api/v1/contacts/${contact}`)).statusCode).toBe(204);
    for (const res of [
      await owner.get(`/api/v1/contacts/${contact}/timeline`),
      await owner.post(`/api/v1/contacts/${contact}/notes`, { text: 'x' }),
      await owner.get(`/api/v1/contacts/${contact}/shares`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('CONTACT_NOT_FOUND');
    }
    const deal = await create.deal(owner);
    expect((await owner.del(`/api/v1/deals/${deal}`)).statusCode).toBe(204);
    const timeline = await owner.get(`/api/v1/deals/${deal}/timeline`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    expect((await stranger.get(`/api/v1/deals/${deal}/timeline`)).statusCode).toBe(404);
    expect((await owner.post(`/api/v1/deals/${deal}/notes`, { text: 'x' })).statusCode).toBe(404);
  });
});
