import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { DEFAULT_RULES } from './tickets.sla.js';
import * as service from './tickets.service.js';

let ctx: TestContext;
let manager: Caller;
let other: Caller;
let operator: Caller;
let n = 0;

// Round the clock: due times are then the creation time plus the rule's minutes, whatever the hour
// the suite runs at. The working-hours maths itself is tested in tickets.sla.test.ts.
const ALWAYS = Array.from({ length: 7 }, () => [{ from: '00:00', to: '24:00' }]);

beforeAll(async () => {
  ctx = await createTestContext();
  manager = await ctx.userWith('manager');
  other = await ctx.userWith('manager');
  operator = await ctx.userWith('operator');
  const r = await ctx.admin.req({ method: 'PUT', url: '/api/v1/sla/working-hours', payload: { week: ALWAYS, holidays: [] } });
  expect(r.statusCode, r.body).toBe(200);
});
afterAll(async () => {
  await ctx.close();
});

async function companyOf(who: Caller, extra: Record<string, unknown> = {}) {
  const r = await who.post('/api/v1/companies', { name: `ООО «Сервис ${++n}»`, ...extra });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

async function ticketOf(who: Caller, body: Record<string, unknown>) {
  const r = await who.post('/api/v1/tickets', { subject: `Не работает ${++n}`, ...body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

const minutesBetween = (a: string, b: string) => (new Date(b).getTime() - new Date(a).getTime()) / 60_000;
const rule = (priority: string, segment: string) => DEFAULT_RULES.find((r) => r.priority === priority && r.segment === segment)!;

describe('tickets', () => {
  it('gets its due times from the default rule of its priority and the company segment', async () => {
    const companyId = await companyOf(manager, { segment: 'A' });
    const t = await ticketOf(manager, { companyId, priority: 'urgent', channel: 'email', category: 'Доставка' });
    expect(t).toMatchObject({ status: 'new', priority: 'urgent', segment: 'A', channel: 'email', overdue: false, dueAtManual: false });
    expect(t.company).toEqual({ id: companyId, name: expect.any(String), hidden: false });
    expect(minutesBetween(t.createdAt, t.dueAt)).toBe(rule('urgent', 'A').resolutionMinutes);
    expect(minutesBetween(t.createdAt, t.responseDueAt)).toBe(rule('urgent', 'A').responseMinutes);

    const plain = await ticketOf(manager, { companyId: await companyOf(manager) });
    expect(plain).toMatchObject({ priority: 'normal', segment: 'none', channel: 'manual' });
    expect(minutesBetween(plain.createdAt, plain.dueAt)).toBe(rule('normal', 'none').resolutionMinutes);
  });

  it("follows the workspace's own rules and recomputes when the priority changes", async () => {
    const r = await ctx.admin.req({
      method: 'PUT',
      url: '/api/v1/sla/rules',
      payload: { items: [{ priority: 'high', segment: 'B', responseMinutes: 30, resolutionMinutes: 300 }] },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items).toHaveLength(16);
    expect(r.json().items).toContainEqual({ priority: 'high', segment: 'B', responseMinutes: 30, resolutionMinutes: 300 });
    const t = await ticketOf(manager, { companyId: await companyOf(manager, { segment: 'b' }), priority: 'low' });
    const p = await manager.patch(`/api/v1/tickets/${t.id}`, { priority: 'high', version: t.version });
    expect(p.statusCode, p.body).toBe(200);
    expect(minutesBetween(t.createdAt, p.json().dueAt)).toBe(300);
    expect(minutesBetween(t.createdAt, p.json().responseDueAt)).toBe(30);

    const bad = await ctx.admin.req({
      method: 'PUT',
      url: '/api/v1/sla/rules',
      headers: { 'accept-language': 'ru' },
      payload: { items: [{ priority: 'low', segment: 'A', responseMinutes: 500, resolutionMinutes: 60 }] },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields[0]).toMatchObject({ path: 'items.0.responseMinutes' });
    expect(bad.json().error.fields[0].message).toMatch(/реакции/);
    expect((await manager.req({ method: 'PUT', url: '/api/v1/sla/rules', payload: { items: [] } })).statusCode).toBe(400);
  });

  it('needs a client the caller may open, and names the field', async () => {
    const none = await manager.post('/api/v1/tickets', { subject: 'Без клиента' });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.fields).toEqual([expect.objectContaining({ path: 'companyId' })]);
    const foreign = await manager.post('/api/v1/tickets', { subject: 'Чужой', companyId: await companyOf(other) });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error.fields).toEqual([expect.objectContaining({ path: 'companyId' })]);
    const badStatus = await manager.post('/api/v1/tickets', { subject: 'x', companyId: await companyOf(manager), channel: 'fax' });
    expect(badStatus.statusCode).toBe(400);
    const count = await ctx.db
      .selectFrom('tickets')
      .select(ctx.db.fn.countAll().as('n'))
      .where('subject', 'in', ['Без клиента', 'Чужой'])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('a contact alone brings its company', async () => {
    const companyId = await companyOf(manager, { segment: 'C' });
    const c = await manager.post('/api/v1/contacts', { firstName: 'Ирина', lastName: `Клиент ${++n}`, companyId });
    expect(c.statusCode, c.body).toBe(201);
    const t = await ticketOf(manager, { contactId: c.json().id });
    expect(t).toMatchObject({ companyId, contactId: c.json().id, segment: 'C' });
  });

  it('is seen by operators, by whoever may open its client, and by nobody else (404)', async () => {
    const t = await ticketOf(manager, { companyId: await companyOf(manager) });
    expect((await manager.get(`/api/v1/tickets/${t.id}`)).statusCode).toBe(200);
    expect((await operator.get(`/api/v1/tickets/${t.id}`)).statusCode).toBe(200);
    const hidden = await other.get(`/api/v1/tickets/${t.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('TICKET_NOT_FOUND');
    expect((await other.patch(`/api/v1/tickets/${t.id}`, { status: 'open', version: 1 })).statusCode).toBe(404);
    expect((await other.post(`/api/v1/tickets/${t.id}/comments`, { body: 'чужое' })).statusCode).toBe(404);
    const listed = (await other.get('/api/v1/tickets?limit=200')).json().items.map((x: { id: string }) => x.id);
    expect(listed).not.toContain(t.id);
    expect((await operator.get('/api/v1/tickets?limit=200')).json().items.map((x: { id: string }) => x.id)).toContain(t.id);
  });

  it('sets the assignee only as the owners rule allows', async () => {
    const t = await ticketOf(manager, { companyId: await companyOf(manager) });
    const toOther = await manager.patch(`/api/v1/tickets/${t.id}`, { assigneeId: other.user.id, version: t.version });
    expect(toOther.statusCode).toBe(422);
    expect(toOther.json().error.fields).toEqual([expect.objectContaining({ path: 'assigneeId', code: 'OWNER_NOT_ALLOWED' })]);
    const self = await manager.patch(`/api/v1/tickets/${t.id}`, { assigneeId: manager.user.id, version: t.version });
    expect(self.statusCode, self.body).toBe(200);
    const byAdmin = await ctx.admin.patch(`/api/v1/tickets/${t.id}`, { assigneeId: other.user.id, version: self.json().version });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    // The assignee sees the ticket though the client is not theirs.
    expect((await other.get(`/api/v1/tickets/${t.id}`)).statusCode).toBe(200);
    expect((await other.get(`/api/v1/tickets?assigneeId=${other.user.id}`)).json().items.map((x: { id: string }) => x.id)).toContain(t.id);
  });

  it('moves along the lifecycle; closed is final unless a supervisor reopens it', async () => {
    let t = await ticketOf(manager, { companyId: await companyOf(manager) });
    const step = async (who: Caller, status: string, expected = 200) => {
      const r = await who.req({ method: 'PATCH', url: `/api/v1/tickets/${t.id}`, payload: { status, version: t.version }, lang: 'en' });
      expect(r.statusCode, r.body).toBe(expected);
      if (expected === 200) t = r.json();
      return r;
    };
    await step(manager, 'open');
    const early = await manager.post(`/api/v1/tickets/${t.id}/satisfaction`, { score: 5 });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('TICKET_NOT_RESOLVED');
    await step(manager, 'resolved');
    expect(t.resolvedAt).not.toBeNull();
    await step(manager, 'closed');
    expect(t.closedAt).not.toBeNull();
    const back = await step(manager, 'resolved', 409);
    expect(back.json().error.code).toBe('TICKET_TRANSITION_INVALID');
    expect(back.json().error.message).toContain('Closed');
    await step(manager, 'open', 409);
    await step(ctx.admin, 'open');
    expect(t).toMatchObject({ status: 'open', resolvedAt: null, closedAt: null });
    const stale = await manager.patch(`/api/v1/tickets/${t.id}`, { status: 'pending', version: t.version - 1 });
    expect(stale.statusCode).toBe(409);
  });

  it('takes satisfaction after resolving, 1 to 5, and shows the history on the client timeline', async () => {
    const companyId = await companyOf(manager);
    const t = await ticketOf(manager, { companyId });
    const resolved = (await manager.patch(`/api/v1/tickets/${t.id}`, { status: 'resolved', version: t.version })).json();
    expect((await manager.post(`/api/v1/tickets/${t.id}/satisfaction`, { score: 6 })).statusCode).toBe(400);
    const rated = await manager.post(`/api/v1/tickets/${t.id}/satisfaction`, { score: 4, comment: 'Быстро' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json().satisfaction).toMatchObject({ score: 4, comment: 'Быстро' });
    expect(resolved.status).toBe('resolved');
    const timeline = (await manager.get(`/api/v1/companies/${companyId}/timeline`)).json().items;
    const kinds = timeline.filter((e: { refId: string }) => e.refId === t.id).map((e: { kind: string }) => e.kind);
    expect(kinds.sort()).toEqual(['ticket', 'ticket_satisfaction', 'ticket_status']);
  });

  it('keeps internal comments apart; the first one to the client is the first response', async () => {
    const t = await ticketOf(manager, { companyId: await companyOf(manager) });
    const internal = await operator.post(`/api/v1/tickets/${t.id}/comments`, { body: 'Проверить склад', internal: true });
    expect(internal.statusCode, internal.body).toBe(201);
    expect((await manager.get(`/api/v1/tickets/${t.id}`)).json().firstResponseAt).toBeNull();
    const reply = await manager.post(`/api/v1/tickets/${t.id}/comments`, { body: 'Мы разбираемся' });
    expect(reply.json()).toMatchObject({ internal: false, authorId: manager.user.id });
    expect((await manager.get(`/api/v1/tickets/${t.id}`)).json().firstResponseAt).toBe(reply.json().createdAt);
    const all = (await manager.get(`/api/v1/tickets/${t.id}/comments`)).json().items;
    expect(all.map((c: { body: string }) => c.body)).toEqual(['Проверить склад', 'Мы разбираемся']);
    const toClient = (await manager.get(`/api/v1/tickets/${t.id}/comments?internal=false`)).json().items;
    expect(toClient.map((c: { body: string }) => c.body)).toEqual(['Мы разбираемся']);
  });

  it('flags overdue tickets, and pending stops the clock', async () => {
    const t = await ticketOf(manager, { companyId: await companyOf(manager), priority: 'urgent' });
    const created = new Date(t.createdAt);
    const later = (min: number) => new Date(created.getTime() + min * 60_000);
    const resolution = rule('urgent', 'none').resolutionMinutes;
    // Answered at once, so only the resolution time counts.
    await manager.post(`/api/v1/tickets/${t.id}/comments`, { body: 'Приняли' });
    const fresh = await manager.get(`/api/v1/tickets/${t.id}`);
    const v = fresh.json().version;
    // Pending from minute 60 to minute 60 + resolution: the due time moves on by that much.
    const paused = await service.updateTicket(ctx.db, manager.user, 'en', t.id, { status: 'pending', version: v }, later(60));
    expect(paused.overdue).toBe(false);
    const resumed = await service.updateTicket(
      ctx.db,
      manager.user,
      'en',
      t.id,
      { status: 'open', version: paused.version },
      later(60 + resolution),
    );
    expect(minutesBetween(t.createdAt, resumed.dueAt)).toBe(2 * resolution);
    expect(await service.getTicket(ctx.db, manager.user, t.id, later(2 * resolution - 1))).toMatchObject({ overdue: false });
    expect(await service.getTicket(ctx.db, manager.user, t.id, later(2 * resolution + 1))).toMatchObject({ overdue: true });

    const late = await ticketOf(manager, { companyId: await companyOf(manager), dueAt: '2026-01-05T10:00:00Z' });
    expect(late).toMatchObject({ overdue: true, dueAtManual: true, dueAt: '2026-01-05T10:00:00.000Z' });
    const flagged = (await manager.get('/api/v1/tickets?overdue=true&limit=200')).json().items.map((x: { id: string }) => x.id);
    expect(flagged).toContain(late.id);
    expect(flagged).not.toContain(t.id);
  });

  it('creates a ticket from a call, linked to it', async () => {
    const providerCallId = `ticket-call-${Date.now()}`;
    const token = (await ctx.admin.post('/api/v1/api-tokens', { name: 'PBX' })).json().token;
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/telephony/events',
      headers: { authorization: `Bearer ${token}` },
      payload: [
        { provider: 'generic', providerCallId, event: 'ringing', direction: 'in', from: '+79161234567', to: '74950000001' },
        { providerCallId, event: 'ended' },
      ],
    });
    const call = await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', providerCallId).executeTakeFirstOrThrow();
    const t = await ticketOf(operator, { companyId: await companyOf(operator), callId: call.id });
    expect(t).toMatchObject({ callId: call.id, channel: 'phone' });
    expect((await operator.get(`/api/v1/tickets?callId=${call.id}`)).json().items.map((x: { id: string }) => x.id)).toEqual([t.id]);
    const unseen = await manager.post('/api/v1/tickets', { subject: 'x', companyId: await companyOf(manager), callId: call.id });
    expect(unseen.statusCode).toBe(422);
    expect(unseen.json().error.fields).toEqual([expect.objectContaining({ path: 'callId' })]);
  });

  it('reports by product, category and segment, counting only what the viewer sees', async () => {
    const reporter = await ctx.userWith('manager');
    const product = (await ctx.admin.post('/api/v1/products', { name: `Насос ${++n}` })).json();
    const a = await companyOf(reporter, { segment: 'A' });
    const b = await companyOf(reporter, { segment: 'B' });
    const t1 = await ticketOf(reporter, { companyId: a, category: 'Гарантия', productIds: [product.id] });
    await ticketOf(reporter, { companyId: b, category: 'Гарантия' });
    await ticketOf(reporter, { companyId: b, category: 'Доставка', productIds: [product.id] });
    const done = (await reporter.patch(`/api/v1/tickets/${t1.id}`, { status: 'resolved', version: t1.version })).json();
    await reporter.post(`/api/v1/tickets/${done.id}/satisfaction`, { score: 5 });
    await ticketOf(other, { companyId: await companyOf(other), category: 'Гарантия' });

    const byCategory = (await reporter.get('/api/v1/reports/tickets?groupBy=category')).json();
    expect(byCategory.total).toMatchObject({ count: 3, resolved: 1, open: 2, rated: 1, meanSatisfaction: 5 });
    expect(byCategory.rows).toEqual([
      expect.objectContaining({ key: 'Гарантия', count: 2, resolved: 1 }),
      expect.objectContaining({ key: 'Доставка', count: 1, resolved: 0, meanResolutionHours: null }),
    ]);
    const bySegment = (await reporter.get('/api/v1/reports/tickets?groupBy=segment')).json();
    expect(bySegment.rows.map((r: { key: string; count: number }) => [r.key, r.count])).toEqual([
      ['B', 2],
      ['A', 1],
    ]);
    const byProduct = (await reporter.get('/api/v1/reports/tickets?groupBy=product')).json();
    expect(byProduct.rows).toEqual([
      expect.objectContaining({ key: product.id, name: product.name, count: 2 }),
      expect.objectContaining({ key: null, count: 1 }),
    ]);
    const bad = await reporter.get('/api/v1/reports/tickets?from=2026-05-01&to=2026-04-01');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields).toEqual([expect.objectContaining({ path: 'to' })]);
  });

  it('validates the working hours (admin only)', async () => {
    const week = [
      [
        { from: '09:00', to: '13:00' },
        { from: '12:00', to: '18:00' },
      ],
      [{ from: '18:00', to: '09:00' }],
      [],
      [],
      [],
      [],
      [],
    ];
    const r = await ctx.admin.req({ method: 'PUT', url: '/api/v1/sla/working-hours', payload: { week, holidays: [] } });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['week.0.1.from', 'week.1.0.to']);
    const off = Array.from({ length: 7 }, () => []);
    expect(
      (await ctx.admin.req({ method: 'PUT', url: '/api/v1/sla/working-hours', payload: { week: off, holidays: [] } })).statusCode,
    ).toBe(422);
    expect(
      (await manager.req({ method: 'PUT', url: '/api/v1/sla/working-hours', payload: { week: ALWAYS, holidays: [] } })).statusCode,
    ).toBe(403);
    expect((await manager.get('/api/v1/sla/working-hours')).json()).toMatchObject({ week: ALWAYS, holidays: [] });
  });
});
