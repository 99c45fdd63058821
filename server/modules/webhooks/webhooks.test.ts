import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEvent } from '../../platform/events.js';
import { sql } from 'kysely';
import { createWorkspaceWithAdmin } from '../users/index.js';
import { createTestContext, TEST_PASSWORD, type Caller, type TestContext } from '../../test/harness.js';
import { startReceiver, until, verifySignature } from '../../test/receiver.js';

let ctx: TestContext;
let manager: Caller;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  // Private targets allowed: the receiver is on 127.0.0.1. A short timeout for the hanging receiver.
  ctx = await createTestContext({ env: { ORBITA_WEBHOOKS_ALLOW_PRIVATE: 'true', ORBITA_WEBHOOKS_TIMEOUT_MS: '1000' } });
  manager = await ctx.userWith('manager', { name: 'Мария Менеджер' });
  receiver = await startReceiver();
  await ctx.startJobs();
});
afterAll(async () => {
  await ctx.close();
  await receiver.close();
});

type Hook = { id: string; secret: string; url: string; events: string[] };
async function hook(events: string[], extra: Record<string, unknown> = {}, as: Caller = ctx.admin): Promise<Hook> {
  const r = await as.post('/api/v1/webhooks', { url: receiver.url, events, ...extra });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}
const deliveries = async (id: string) => (await ctx.admin.get(`/api/v1/webhooks/${id}/deliveries`)).json().items;
const bodies = () => receiver.received.map((r) => JSON.parse(r.raw));

describe('webhooks: management', () => {
  it('creates a webhook for the admin with a strong generated secret, shown only once', async () => {
    const h = await hook(['contact.*', 'deal.won']);
    expect(h.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(h.events).toEqual(['contact.*', 'deal.won']);
    const one = await ctx.admin.get(`/api/v1/webhooks/${h.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: h.id, url: receiver.url, isActive: true });
    expect(one.json().secret).toBeUndefined();
    const list = await ctx.admin.get('/api/v1/webhooks');
    expect(list.json().items.map((x: Hook) => x.id)).toContain(h.id);
    expect(list.body).not.toContain(h.secret);
    // The audit trail records the creation but never the secret.
    const audit = await ctx.db.selectFrom('audit_log').select(['after']).where('entity_id', '=', h.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(h.secret);
    await ctx.admin.del(`/api/v1/webhooks/${h.id}`);
  });

  it('is for admins only', async () => {
    expect((await manager.post('/api/v1/webhooks', { url: receiver.url, events: ['deal.*'] })).statusCode).toBe(403);
    expect((await manager.get('/api/v1/webhooks')).statusCode).toBe(403);
  });

  it('validates events (exact names or <entity>.*), URL and secret, naming the field', async () => {
    for (const [body, path] of [
      [{ url: receiver.url, events: ['deal.exploded'] }, 'events.0'],
      [{ url: receiver.url, events: ['deal.*', 'product.created'] }, 'events.1'],
      [{ url: receiver.url, events: ['*'] }, 'events.0'],
      [{ url: receiver.url, events: [] }, 'events'],
      [{ url: 'ftp://example.com/x', events: ['deal.*'] }, 'url'],
      [{ url: 'http://exa\u0000mple.com/', events: ['deal.*'] }, 'url'],
      [{ url: receiver.url, events: ['deal.*'], secret: 'short' }, 'secret'],
      [{ url: receiver.url, events: ['deal.*'], secret: 'has a space in it 123' }, 'secret'],
    ] as const) {
      const r = await ctx.admin.post('/api/v1/webhooks', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    expect((await ctx.admin.get('/api/v1/webhooks/not-a-uuid')).statusCode).toBe(400);
    expect((await ctx.admin.get('/api/v1/webhooks/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await ctx.admin.get('/api/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries')).statusCode).toBe(404);
  });

  it('changes and deletes a webhook, with optimistic versions', async () => {
    const h = await hook(['deal.*']);
    const r = await ctx.admin.patch(`/api/v1/webhooks/${h.id}`, { events: ['deal.won', 'deal.lost'], isActive: false, version: 1 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ events: ['deal.won', 'deal.lost'], isActive: false, version: 2 });
    expect((await ctx.admin.patch(`/api/v1/webhooks/${h.id}`, { isActive: true, version: 1 })).statusCode).toBe(409);
    expect((await ctx.admin.del(`/api/v1/webhooks/${h.id}`)).statusCode).toBe(204);
    expect((await ctx.admin.get(`/api/v1/webhooks/${h.id}`)).statusCode).toBe(404);
  });
});

describe('webhooks: delivery', () => {
  it('POSTs a signed event the receiver can verify, once, and records the delivery', async () => {
    receiver.received.length = 0;
    const h = await hook(['contact.created']);
    const created = await manager.post('/api/v1/contacts', { firstName: 'Вера', lastName: 'Вебхукова' });
    expect(created.statusCode).toBe(201);
    const contactId = created.json().id;
    await until(
      () => receiver.received.length,
      (n) => n >= 1,
    );
    const [got] = receiver.received;
    expect(got.headers['content-type']).toBe('application/json');
    // The header as the contract spells it, on the wire.
    expect(got.rawHeaders).toContain('X-Orbita-Signature');
    expect(got.headers['x-orbita-signature']).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    expect(verifySignature(got.headers['x-orbita-signature'] as string, got.raw, h.secret)).toBe(true);
    // What a receiver must reject: another secret, or a body changed on the way.
    expect(verifySignature(got.headers['x-orbita-signature'] as string, got.raw, 'whsec_not-the-secret-at-all')).toBe(false);
    expect(verifySignature(got.headers['x-orbita-signature'] as string, got.raw.replace('Вера', 'Вора'), h.secret)).toBe(false);
    const body = JSON.parse(got.raw);
    expect(Object.keys(body).sort()).toEqual(['data', 'id', 'occurredAt', 'type', 'workspaceId']);
    expect(body).toMatchObject({
      type: 'contact.created',
      workspaceId: ctx.workspaceId,
      data: { entity: 'contact', id: contactId, object: { id: contactId, firstName: 'Вера', lastName: 'Вебхукова' } },
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(body.occurredAt))).toBe(false);
    const ds = await until(
      () => deliveries(h.id),
      (items) => items[0]?.status === 'delivered',
    );
    expect(ds).toEqual([
      expect.objectContaining({
        eventId: body.id,
        eventType: 'contact.created',
        status: 'delivered',
        attempts: 1,
        responseCode: 200,
        lastError: null,
      }),
    ]);
    // Nothing more arrives: one delivery per event.
    await new Promise((r) => setTimeout(r, 1200));
    expect(receiver.received).toHaveLength(1);
    await ctx.admin.del(`/api/v1/webhooks/${h.id}`);
  });

  it("sends deal.stage_changed, deal.won and deal.lost from the deal's moves and closes", async () => {
    receiver.received.length = 0;
    const h = await hook(['deal.stage_changed', 'deal.won', 'deal.lost']);
    const pipeline = (await ctx.admin.get('/api/v1/pipelines')).json().items[0];
    const open = pipeline.stages.filter((s: { kind: string }) => s.kind === 'open');
    const reasonId = (await ctx.admin.get('/api/v1/lost-reasons')).json().items?.[0]?.id;
    const d = (await manager.post('/api/v1/deals', { title: 'Поставка бумаги', amount: '1000.00', currency: 'RUB' })).json();
    expect((await manager.post(`/api/v1/deals/${d.id}/move`, { stageId: open[1].id })).statusCode).toBe(200);
    const won = await manager.post(`/api/v1/deals/${d.id}/close`, { outcome: 'won' });
    expect(won.statusCode, won.body).toBe(200);
    const d2 = (await manager.post('/api/v1/deals', { title: 'Проигранная', amount: '5.00', currency: 'RUB' })).json();
    expect(reasonId).toBeTruthy();
    const lost = await manager.post(`/api/v1/deals/${d2.id}/close`, { outcome: 'lost', reasonId, comment: 'Дорого' });
    expect(lost.statusCode, lost.body).toBe(200);
    const want = 5;
    await until(
      () => receiver.received.length,
      (n) => n >= want,
    );
    const types = bodies()
      .map((b) => `${b.type}:${b.data.id === d.id ? 'd1' : 'd2'}`)
      .sort();
    expect(types).toEqual(
      ['deal.stage_changed:d1', 'deal.stage_changed:d1', 'deal.won:d1', 'deal.stage_changed:d2', 'deal.lost:d2'].sort(),
    );
    const wonEvent = bodies().find((b) => b.type === 'deal.won');
    expect(wonEvent.data).toMatchObject({
      entity: 'deal',
      id: d.id,
      toStatus: 'won',
      fromStatus: 'open',
      object: { status: 'won' },
      previous: { status: 'open' },
    });
    for (const r of receiver.received) expect(verifySignature(r.headers['x-orbita-signature'] as string, r.raw, h.secret)).toBe(true);
    await ctx.admin.del(`/api/v1/webhooks/${h.id}`);
  });

  it('sends call.ended for every call over and call.missed for an incoming one nobody took, naming no client', async () => {
    receiver.received.length = 0;
    const h = await hook(['call.*']);
    const contact = (
      await manager.post('/api/v1/contacts?force=true', {
        firstName: 'Звонящий',
        lastName: 'Тайнов',
        phones: [{ number: '+7 916 555-01-02' }],
      })
    ).json();
    const at = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const sent = await ctx.admin.post('/api/v1/telephony/events', [
      {
        providerCallId: 'wh-missed',
        event: 'ended',
        direction: 'in',
        from: '+79165550102',
        startedAt: at(5),
        endedAt: at(4),
        disposition: 'no_answer',
      },
      {
        providerCallId: 'wh-answered',
        event: 'ended',
        direction: 'in',
        from: '+79165550102',
        startedAt: at(3),
        answeredAt: at(3),
        endedAt: at(1),
        disposition: 'answered',
      },
    ]);
    expect(sent.statusCode, sent.body).toBe(202);
    await until(
      () => receiver.received.length,
      (n) => n >= 3,
    );
    const got = bodies();
    const missedId = got.find((b) => b.type === 'call.missed').data.id;
    expect(got.map((b) => `${b.type}:${b.data.id === missedId ? 'missed' : 'answered'}`).sort()).toEqual(
      ['call.ended:answered', 'call.ended:missed', 'call.missed:missed'].sort(),
    );
    expect(got[0].data).toMatchObject({ entity: 'call', contactIds: [contact.id], call: { contactId: contact.id, direction: 'in' } });
    // Ids of the linked clients only: their names are for those who may open them, in Orbita.
    for (const r of receiver.received) {
      expect(r.raw).not.toContain('Тайнов');
      expect(verifySignature(r.headers['x-orbita-signature'] as string, r.raw, h.secret)).toBe(true);
    }
    await ctx.admin.del(`/api/v1/webhooks/${h.id}`);
  });

  it('sends nothing when the change rolls back', async () => {
    receiver.received.length = 0;
    const h = await hook(['contact.*']);
    onEvent('contact.created', 'test-failing', async () => {
      throw new Error('a later handler fails');
    });
    const r = await manager.post('/api/v1/contacts', { firstName: 'Не', lastName: 'Сохранится' });
    onEvent('contact.created', 'test-failing', async () => {});
    expect(r.statusCode).toBe(500);
    await new Promise((res) => setTimeout(res, 1500));
    expect(receiver.received).toHaveLength(0);
    expect(await deliveries(h.id)).toEqual([]);
    expect((await ctx.admin.get('/api/v1/jobs')).json().items).toEqual([]);
    await ctx.admin.del(`/api/v1/webhooks/${h.id}`);
  });

  it('retries a failed delivery with backoff until the receiver accepts it', async () => {
    receiver.received.length = 0;
    const base = receiver.received.length;
    receiver.answer((n) => (n === base + 1 ? 503 : 200));
    const h = await hook(['company.created']);
    expect((await manager.post('/api/v1/companies', { name: 'ООО «Повтор»' })).statusCode).toBe(201);
    const first = await until(
      () => deliveries(h.id),
      (items) => items[0]?.status === 'retrying',
    );
    expect(first[0]).toMatchObject({ attempts: 1, responseCode: 503, lastError: 'HTTP 503' });
    const done = await until(
      () => deliveries(h.id),
      (items) => items[0]?.status === 'delivered',
    );
    expect(done[0]).toMatchObject({ attempts: 2, responseCode: 200, lastError: null });
    expect(receiver.received).toHaveLength(2);
    // The same event both times (receivers deduplicate by id), signed afresh.
    expect(JSON.parse(receiver.received[0].raw).id).toBe(JSON.parse(receiver.received[1].raw).id);
    expect(receiver.received[1].at - receiver.received[0].at).toBeGreaterThan(2_000);
    receiver.answer(() => 200);
    await ctx.admin.del(`/api/v1/webhooks/${h.id}`);
  });

  it('gives up on a receiver that does not answer within the timeout, and retries later', async () => {
    receiver.received.length = 0;
    receiver.answer(() => 'hang');
    const h = await hook(['activity.created']);
    const a = await manager.post('/api/v1/activities', {
      type: 'call',
      subject: 'Позвонить',
      dueAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(a.statusCode, a.body).toBe(201);
    const t0 = Date.now();
    const ds = await until(
      () => deliveries(h.id),
      (items) => items[0]?.status === 'retrying',
    );
    expect(ds[0]).toMatchObject({ attempts: 1, responseCode: null, lastError: expect.stringContaining('no answer within 1000 ms') });
    expect(Date.now() - t0).toBeLessThan(8_000);
    receiver.answer(() => 200);
    await ctx.admin.del(`/api/v1/webhooks/${h.id}`);
  });

  it('names nothing its owner may not open: a webhook whose owner is no longer an admin gets nothing', async () => {
    receiver.received.length = 0;
    const second = await ctx.userWith('admin', { name: 'Второй админ' });
    const h = await hook(['contact.created'], {}, second);
    const demote = await ctx.admin.patch(`/api/v1/users/${second.user.id}`, { role: 'manager' });
    expect(demote.statusCode, demote.body).toBe(200);
    expect((await manager.post('/api/v1/contacts', { firstName: 'Скрытая', lastName: 'Запись' })).statusCode).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(0);
    expect(await deliveries(h.id)).toEqual([]);
  });

  it('names no linked record its owner may not open: a company and a contact of another workspace appear hidden', async () => {
    // Webhook owners are active admins (only admins manage webhooks, hooksFor keeps only active
    // admins), and an admin opens every record of their workspace; what an admin can never open is
    // another workspace's record. A deal linked to one (bad data, a faulty import) must not carry its
    // name out to the receiver, as the admin's own audit trail does not.
    receiver.received.length = 0;
    const other = await createWorkspaceWithAdmin(ctx.db, {
      workspaceName: 'Чужое пространство',
      email: `other-${Date.now()}@test.local`,
      name: 'Чужой админ',
      password: TEST_PASSWORD,
    });
    const stranger = await ctx.signIn(other.user.email, TEST_PASSWORD);
    const company = (await stranger.post('/api/v1/companies', { name: 'ООО «Чужая тайна»' })).json();
    const contact = (await stranger.post('/api/v1/contacts', { firstName: 'Тайный', lastName: 'Чужак' })).json();
    expect(company.id && contact.id).toBeTruthy();
    const h = await hook(['deal.updated']);
    const d = (await manager.post('/api/v1/deals', { title: 'Сделка со ссылкой', amount: '10.00', currency: 'RUB' })).json();
    await sql`update deals set company_id = ${company.id} where id = ${d.id}`.execute(ctx.db);
    await sql`insert into deal_contacts (workspace_id, deal_id, contact_id) values (${ctx.workspaceId}, ${d.id}, ${contact.id})`.execute(
      ctx.db,
    );
    // The admin changes it: the audited snapshot is read as the actor, and an admin's own read names
    // the linked company (visibility of an admin is not a filter), so only the owner's judgement hides it.
    const u = await ctx.admin.patch(`/api/v1/deals/${d.id}`, { title: 'Сделка со ссылкой 2', version: d.version });
    expect(u.statusCode, u.body).toBe(200);
    await until(
      () => receiver.received.length,
      (n) => n >= 1,
    );
    const raw = receiver.received[0].raw;
    expect(raw).not.toContain('Чужая тайна');
    expect(raw).not.toContain('Тайный');
    expect(raw).not.toContain('Чужак');
    const data = JSON.parse(raw).data;
    expect(data.object).toMatchObject({
      title: 'Сделка со ссылкой 2',
      companyId: company.id,
      companyName: null,
      company: { id: company.id, name: null, hidden: true },
      contacts: [{ contactId: contact.id, name: null, hidden: true }],
    });
    expect(data.previous).toMatchObject({ companyName: null, company: { id: company.id, name: null, hidden: true } });
    await ctx.admin.del(`/api/v1/webhooks/${h.id}`);
  });

  it('pages deliveries newest first', async () => {
    receiver.received.length = 0;
    const h = await hook(['contact.updated', 'contact.created']);
    const c = (await manager.post('/api/v1/contacts', { firstName: 'Пага', lastName: 'Страничная' })).json();
    const u = await manager.patch(`/api/v1/contacts/${c.id}`, { firstName: 'Пагина', version: c.version });
    expect(u.statusCode, u.body).toBe(200);
    await until(
      () => deliveries(h.id),
      (items) => items.length === 2 && items.every((x: { status: string }) => x.status === 'delivered'),
    );
    const p1 = (await ctx.admin.get(`/api/v1/webhooks/${h.id}/deliveries?limit=1`)).json();
    expect(p1.items.map((x: { eventType: string }) => x.eventType)).toEqual(['contact.updated']);
    const p2 = (await ctx.admin.get(`/api/v1/webhooks/${h.id}/deliveries?limit=1&cursor=${p1.nextCursor}`)).json();
    expect(p2.items.map((x: { eventType: string }) => x.eventType)).toEqual(['contact.created']);
    expect(p2.nextCursor).toBeNull();
    const updated = bodies().find((b) => b.type === 'contact.updated');
    expect(updated.data).toMatchObject({ object: { firstName: 'Пагина' }, previous: { firstName: 'Пага' } });
    expect((await ctx.admin.get(`/api/v1/webhooks/${h.id}/deliveries?cursor=abc`)).statusCode).toBe(400);
  });
});
