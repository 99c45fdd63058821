import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../test/harness.js';
import { addTimelineEvent, hideTimelineByRef, listTimeline, moveTimeline } from './timeline.js';

const SERVER = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Statements that change timeline_events, through Kysely or in SQL text. */
const WRITES = /(insertInto|updateTable|deleteFrom)\(\s*['"`]timeline_events\b|\b(insert\s+into|update|delete\s+from)\s+timeline_events\b/i;

describe('the timeline belongs to the platform', () => {
  it('recognises a write to the table however it is spelled', () => {
    expect(WRITES.test(`db.updateTable('timeline_events').set({ deleted_at: new Date() })`)).toBe(true);
    expect(WRITES.test('sql`update timeline_events set entity_id = ${toId}`')).toBe(true);
    expect(WRITES.test(`db.selectFrom('timeline_events')`)).toBe(false);
  });

  it('no code outside server/platform names timeline_events; tests and fixtures only read it', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SERVER)) {
      const rel = path.relative(SERVER, file);
      if (rel.startsWith(`platform${path.sep}`) || rel.startsWith(`migrations${path.sep}`)) continue;
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes('timeline_events')) continue;
      const isTestSupport = /\.(test|fixtures)\.ts$/.test(file) || rel.startsWith(`test${path.sep}`);
      if (!isTestSupport) offenders.push(`${rel}: mentions timeline_events (use platform/timeline.ts)`);
      else if (WRITES.test(text)) offenders.push(`${rel}: writes timeline_events (use platform/timeline.ts)`);
    }
    expect(offenders).toEqual([]);
  });
});

let ctx: TestContext;
let m1: Caller;
let m2: Caller;
beforeAll(async () => {
  ctx = await createTestContext();
  m1 = await ctx.userWith('manager', { name: 'Первый' });
  m2 = await ctx.userWith('manager', { name: 'Второй' });
});
afterAll(async () => {
  await ctx?.close();
});

const contactOf = async (who: Caller, firstName: string) => {
  const r = await who.post('/api/v1/contacts', { firstName });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
};
const page = (who: Caller, entity: string, id: string, opts: { limit?: number; cursor?: string } = {}) =>
  listTimeline(ctx.db, who.user, entity, id, { limit: opts.limit ?? 50, cursor: opts.cursor });
const event = (entity: string, entityId: string, e: { kind: string; refEntity?: string; refId?: string; body?: string; at?: string }) =>
  addTimelineEvent(ctx.db, {
    workspaceId: ctx.workspaceId,
    entity,
    entityId,
    kind: e.kind,
    userId: m1.user.id,
    refEntity: e.refEntity,
    refId: e.refId,
    body: e.body,
    data: { type: 'call', subject: 'Тема', doneAt: e.at ?? null },
    occurredAt: e.at,
  });

describe('timeline API', () => {
  it('adds events and lists them newest first in keyset pages, with the author', async () => {
    const c = await contactOf(m1, 'Лента');
    const ids = [];
    for (const [i, at] of ['2030-03-01T10:00:00Z', '2030-03-02T10:00:00Z', '2030-03-03T10:00:00Z'].entries())
      ids.push(await event('contact', c, { kind: 'note', body: `заметка ${i}`, at }));
    // Dated after the contact's own "created" event, so they come first.
    const first = await page(m1, 'contact', c, { limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect(first.items[0]).toMatchObject({ userName: 'Первый', body: 'заметка 2', hidden: false });
    const second = await page(m1, 'contact', c, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.kind)).toEqual(['note', 'created']);
    expect(second.items[0].id).toBe(ids[0]);
    expect(second.nextCursor).toBeNull();
  });

  it('lists events about a record the viewer may not open as hidden: no body, only the kept details', async () => {
    const c = await contactOf(m1, 'Видимость');
    const deal = (await m2.post('/api/v1/deals', { title: 'Чужая сделка', amount: '1' })).json().id as string;
    await event('contact', c, { kind: 'activity', refEntity: 'deal', refId: deal, body: 'Секретный звонок', at: '2026-04-01T09:00:00Z' });
    const [mine] = (await page(m1, 'contact', c)).items.filter((e) => e.refId === deal);
    expect(mine).toMatchObject({ hidden: true, body: null, data: { type: 'call', doneAt: '2026-04-01T09:00:00Z' } });
    expect(mine.data).not.toHaveProperty('subject');
    const [admins] = (await page(ctx.admin, 'contact', c)).items.filter((e) => e.refId === deal);
    expect(admins).toMatchObject({ hidden: false, body: 'Секретный звонок', data: { subject: 'Тема' } });
  });

  it('hides the events about one record on the named timelines only, once', async () => {
    const a = await contactOf(m1, 'Скрытие');
    const b = await contactOf(m1, 'Остаётся');
    const [x, y] = [crypto.randomUUID(), crypto.randomUUID()];
    const onA = await event('contact', a, { kind: 'activity', refEntity: 'activity', refId: x });
    const otherKind = await event('contact', a, { kind: 'document', refEntity: 'activity', refId: x });
    const aboutY = await event('contact', a, { kind: 'activity', refEntity: 'activity', refId: y });
    const onB = await event('contact', b, { kind: 'activity', refEntity: 'activity', refId: x });
    const hide = () => hideTimelineByRef(ctx.db, ctx.workspaceId, { entity: 'activity', id: x, kind: 'activity' }, [a]);
    expect(await hide()).toBe(1);
    expect(await hide()).toBe(0);
    const ids = async (id: string) => (await page(ctx.admin, 'contact', id)).items.map((e) => e.id);
    expect(await ids(a)).not.toContain(onA);
    expect(await ids(a)).toEqual(expect.arrayContaining([otherKind, aboutY]));
    expect(await ids(b)).toContain(onB);
    // Another workspace's call names the same timelines in vain.
    expect(await hideTimelineByRef(ctx.db, crypto.randomUUID(), { entity: 'activity', id: y }, [a])).toBe(0);
    expect(await hideTimelineByRef(ctx.db, ctx.workspaceId, { entity: 'activity', id: y }, [])).toBe(0);
  });

  it('moves a merged record’s events, and events that refer to it, onto the kept record', async () => {
    const from = await contactOf(m1, 'Слитый');
    const to = await contactOf(m1, 'Оставленный');
    const other = await contactOf(m1, 'Сосед');
    const own = await event('contact', from, { kind: 'note', body: 'была у слитого' });
    const about = await event('contact', other, { kind: 'merged', refEntity: 'contact', refId: from });
    await moveTimeline(ctx.db, ctx.workspaceId, 'contact', from, to);
    expect((await page(m1, 'contact', from)).items).toEqual([]);
    expect((await page(m1, 'contact', to)).items.map((e) => e.id)).toContain(own);
    const [ref] = (await page(m1, 'contact', other)).items.filter((e) => e.id === about);
    expect(ref).toMatchObject({ refEntity: 'contact', refId: to, hidden: false });
  });

  it('filters by event family over HTTP (deal = deal_created, deal_stage, ...), pages within the filter, refuses a malformed list', async () => {
    const c = await contactOf(m1, 'Фильтр');
    const deal = await m1.post('/api/v1/deals', { title: 'Фильтруемая сделка', amount: '150.00', contactIds: [c] });
    expect(deal.statusCode, deal.body).toBe(201);
    const note = await m1.post(`/api/v1/contacts/${c}/notes`, { text: 'заметка фильтра' });
    expect(note.statusCode, note.body).toBe(201);
    const done = await m1.post('/api/v1/activities', {
      type: 'call',
      subject: 'Звонок фильтра',
      contactId: c,
      done: true,
      doneAt: new Date().toISOString(),
      outcome: 'Договорились',
    });
    expect(done.statusCode, done.body).toBe(201);
    const kinds = async (q: string) => {
      const r = await m1.get(`/api/v1/contacts/${c}/timeline${q}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().items as { kind: string }[]).map((e) => e.kind);
    };
    expect((await kinds('')).sort()).toEqual(['activity', 'created', 'deal_created', 'note']);
    expect(await kinds('?kinds=deal')).toEqual(['deal_created']);
    expect((await kinds('?kinds=note,activity')).sort()).toEqual(['activity', 'note']);
    expect(await kinds('?kinds=invoice')).toEqual([]);
    const first = await m1.get(`/api/v1/contacts/${c}/timeline?kinds=note,activity,created&limit=2`);
    const rest = await m1.get(`/api/v1/contacts/${c}/timeline?kinds=note,activity,created&limit=2&cursor=${first.json().nextCursor}`);
    expect([...first.json().items, ...rest.json().items].map((e: { kind: string }) => e.kind).sort()).toEqual([
      'activity',
      'created',
      'note',
    ]);
    for (const bad of ['Deal', 'deal,', 'deal;drop', 'a'.repeat(31)]) {
      const r = await m1.get(`/api/v1/contacts/${c}/timeline?kinds=${encodeURIComponent(bad)}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.fields[0].path).toBe('kinds');
    }
  });
});
