import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { insertContact, insertDeal, insertPipeline, timelineOf } from '../activities/activities.fixtures.js';
import { dashboard, planBalanced, staleContacts } from './control.service.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

// Wednesday 12 March 2025, 10:00 UTC. In Moscow (UTC+3) the week began Monday 00:00 = Sunday 21:00 UTC.
const NOW = new Date('2025-03-12T10:00:00Z');
const daysBefore = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

async function team(name: string) {
  const id = await ctx.createTeam(name);
  const head = await ctx.userWith('head_of_sales', { teamId: id, timeZone: 'Europe/Moscow', name: `${name} head` });
  await ctx.db.updateTable('teams').set({ lead_id: head.user.id }).where('id', '=', id).execute();
  return { id, head };
}

async function setCapacity(userId: string, capacity: number | null) {
  await ctx.db.updateTable('users').set({ capacity }).where('id', '=', userId).execute();
}

describe('team dashboard', () => {
  let teamA: Awaited<ReturnType<typeof team>>;
  let a: Caller;
  let b: Caller;
  let c: Caller;
  let contacts: { a1: string; a2: string; a3: string };

  beforeAll(async () => {
    teamA = await team('Alpha');
    const teamB = await team('Beta');
    a = await ctx.userWith('manager', { teamId: teamA.id, name: 'Anna' });
    b = await ctx.userWith('manager', { teamId: teamA.id, name: 'Boris' });
    c = await ctx.userWith('manager', { teamId: teamB.id, name: 'Chavdar' });
    await setCapacity(a.user.id, 10);
    const ws = ctx.workspaceId;
    contacts = {
      a1: await insertContact(ctx.db, ws, { ownerId: a.user.id, lastName: 'A1', segment: 'A', createdAt: daysBefore(100) }),
      a2: await insertContact(ctx.db, ws, { ownerId: a.user.id, lastName: 'A2', createdAt: daysBefore(100) }),
      a3: await insertContact(ctx.db, ws, { ownerId: a.user.id, lastName: 'A3', segment: 'B', createdAt: daysBefore(60) }),
    };
    const gone = await insertContact(ctx.db, ws, { ownerId: a.user.id, lastName: 'Deleted', createdAt: daysBefore(100) });
    await ctx.db.updateTable('contacts').set({ deleted_at: new Date() }).where('id', '=', gone).execute();
    await insertContact(ctx.db, ws, { ownerId: b.user.id, lastName: 'B1', createdAt: daysBefore(1) });
    await insertContact(ctx.db, ws, { ownerId: c.user.id, lastName: 'C1', createdAt: daysBefore(100) });

    const p = await insertPipeline(ctx.db, ws);
    await insertDeal(ctx.db, ws, p, {
      ownerId: a.user.id,
      amount: '1000.00',
      probability: 50,
      nextStepDueAt: daysBefore(-2),
      contactIds: [contacts.a1],
    });
    await insertDeal(ctx.db, ws, p, { ownerId: a.user.id, amount: '250.50', probability: 20 });
    await insertDeal(ctx.db, ws, p, {
      ownerId: a.user.id,
      amount: '100.00',
      probability: 100,
      currency: 'EUR',
      nextStepDueAt: daysBefore(-1),
    });
    await insertDeal(ctx.db, ws, p, { ownerId: a.user.id, amount: '9999.00', probability: 100, status: 'won' });
    await insertDeal(ctx.db, ws, p, { ownerId: a.user.id, amount: '7777.00', probability: 10, status: 'lost' });
    await insertDeal(ctx.db, ws, p, { ownerId: c.user.id, amount: '10.00', probability: 10 });

    const mk = async (body: Record<string, unknown>) => {
      const res = await a.post('/api/v1/activities', { type: 'task', subject: 'x', ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    await mk({ dueAt: '2025-03-11T09:00:00Z', done: true, doneAt: '2025-03-11T09:30:00Z' }); // planned + done
    await mk({ type: 'call', dueAt: '2025-03-13T09:00:00Z' }); // planned
    await mk({ type: 'call', dueAt: '2025-03-10T08:00:00Z' }); // planned + overdue
    await mk({ dueAt: '2025-03-05T08:00:00Z' }); // overdue from last week
    await mk({ dueAt: '2025-03-09T22:00:00Z', done: true, doneAt: '2025-03-09T22:30:00Z' }); // Monday 01:00 in Moscow: this week
    await mk({ dueAt: '2025-03-09T20:00:00Z', done: true, doneAt: '2025-03-09T20:10:00Z' }); // Sunday 23:00 in Moscow: last week
    const deleted = await mk({ dueAt: '2025-03-11T10:00:00Z' });
    await a.del(`/api/v1/activities/${deleted}`);
    // Real contacts: A1 forty days ago, A2 five days ago; A3 never (created sixty days ago).
    await mk({ type: 'call', contactId: contacts.a1, done: true, doneAt: daysBefore(40).toISOString(), outcome: 'No need now' });
    await mk({ type: 'visit', contactId: contacts.a2, done: true, doneAt: daysBefore(5).toISOString() });
  });

  it("computes each manager's numbers on a known data set", async () => {
    const d = await dashboard(ctx.db, teamA.head.user, { days: 30 }, NOW);
    expect(d).toMatchObject({
      currency: 'RUB',
      days: 30,
      timeZone: 'Europe/Moscow',
      weekStart: '2025-03-09T21:00:00.000Z',
      weekEnd: '2025-03-16T21:00:00.000Z',
    });
    expect(d.items.map((i) => i.name)).toEqual(['Alpha head', 'Anna', 'Boris']);
    const anna = d.items.find((i) => i.userId === a.user.id)!;
    expect(anna).toEqual({
      userId: a.user.id,
      name: 'Anna',
      role: 'manager',
      teamId: teamA.id,
      openDeals: 3,
      openDealsWeighted: '550.10',
      openDealsWeightedByCurrency: [
        { currency: 'EUR', amount: '100.00' },
        { currency: 'RUB', amount: '550.10' },
      ],
      contactsOwned: 3,
      capacity: 10,
      freeCapacity: 7,
      activitiesPlannedThisWeek: 4,
      activitiesDoneThisWeek: 2,
      activitiesOverdue: 2,
      dealsWithoutNextStep: 1,
      contactsUntouched: 2,
      // Called without the lost-call source composed in app.ts (server/modules/lost-calls tests it through the app).
      lostCalls: null,
    });
    const boris = d.items.find((i) => i.userId === b.user.id)!;
    expect(boris).toMatchObject({
      openDeals: 0,
      openDealsWeighted: '0.00',
      contactsOwned: 1,
      capacity: null,
      freeCapacity: null,
      contactsUntouched: 0,
      activitiesOverdue: 0,
    });
    expect(d.totals).toMatchObject({
      openDeals: 3,
      openDealsWeighted: '550.10',
      contactsOwned: 4,
      activitiesOverdue: 2,
      contactsUntouched: 2,
    });
    // A wider "untouched" window counts fewer contacts.
    const wide = await dashboard(ctx.db, teamA.head.user, { days: 50 }, NOW);
    expect(wide.items.find((i) => i.userId === a.user.id)!.contactsUntouched).toBe(1);
  });

  it('is for heads of sales (own teams), directors and admins only', async () => {
    expect((await a.get('/api/v1/control/dashboard')).statusCode).toBe(403);
    const own = await teamA.head.get('/api/v1/control/dashboard?days=30');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().items.map((i: { userId: string }) => i.userId)).not.toContain(c.user.id);
    const betaTeam = (await ctx.db.selectFrom('users').select('team_id').where('id', '=', c.user.id).executeTakeFirstOrThrow()).team_id!;
    expect((await teamA.head.get(`/api/v1/control/dashboard?teamId=${betaTeam}`)).statusCode).toBe(403);
    expect((await teamA.head.get('/api/v1/control/dashboard?teamId=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const director = await ctx.userWith('director');
    const all = await director.get('/api/v1/control/dashboard');
    expect(all.json().items.map((i: { userId: string }) => i.userId)).toEqual(expect.arrayContaining([a.user.id, b.user.id, c.user.id]));
    const beta = await director.get(`/api/v1/control/dashboard?teamId=${betaTeam}`);
    expect(beta.json().items.map((i: { name: string }) => i.name)).toEqual(['Beta head', 'Chavdar']);
  });

  it('serves the dashboard from a short cache, recomputed on demand, access checked each time', async () => {
    const first = await teamA.head.get('/api/v1/control/dashboard');
    const second = await teamA.head.get('/api/v1/control/dashboard');
    expect(second.json().computedAt).toBe(first.json().computedAt);
    const before = first.json().items.find((i: { userId: string }) => i.userId === b.user.id).activitiesOverdue;
    await b.post('/api/v1/activities', { type: 'task', subject: 'Missed', dueAt: new Date(Date.now() - 3600_000).toISOString() });
    expect(
      (await teamA.head.get('/api/v1/control/dashboard')).json().items.find((i: { userId: string }) => i.userId === b.user.id)
        .activitiesOverdue,
    ).toBe(before);
    const fresh = await teamA.head.get('/api/v1/control/dashboard?fresh=true');
    expect(fresh.json().items.find((i: { userId: string }) => i.userId === b.user.id).activitiesOverdue).toBe(before + 1);
    expect((await b.get('/api/v1/control/dashboard')).statusCode).toBe(403);
  });

  it('orders stale contacts by the documented score', async () => {
    const s = await staleContacts(ctx.db, teamA.head.user, { ownerId: a.user.id, limit: 50 }, NOW);
    expect(s.items).toEqual([
      // 60 days, segment B (x1), no deals
      expect.objectContaining({
        contactId: contacts.a3,
        daysSinceLastActivity: 60,
        openDeals: 0,
        segment: 'B',
        score: 60,
        lastActivityAt: null,
      }),
      // 40 days x 1.5 (segment A) / (1 + 1 open deal)
      expect.objectContaining({ contactId: contacts.a1, daysSinceLastActivity: 40, openDeals: 1, score: 30 }),
      // 5 days, no segment
      expect.objectContaining({ contactId: contacts.a2, daysSinceLastActivity: 5, score: 5 }),
    ]);
    const min = await staleContacts(ctx.db, teamA.head.user, { ownerId: a.user.id, minScore: 10, limit: 50 }, NOW);
    expect(min.items.map((i) => i.contactId)).toEqual([contacts.a3, contacts.a1]);
    const p1 = await staleContacts(ctx.db, teamA.head.user, { ownerId: a.user.id, limit: 1 }, NOW);
    const p2 = await staleContacts(ctx.db, teamA.head.user, { ownerId: a.user.id, limit: 2, cursor: p1.nextCursor! }, NOW);
    expect([...p1.items, ...p2.items].map((i) => i.contactId)).toEqual([contacts.a3, contacts.a1, contacts.a2]);
    expect(p2.nextCursor).toBeNull();
  });

  it("serves stale contacts over HTTP within the caller's visibility", async () => {
    const own = await a.get('/api/v1/control/stale-contacts');
    expect(own.statusCode, own.body).toBe(200);
    expect(
      own
        .json()
        .items.map((i: { contactId: string }) => i.contactId)
        .sort(),
    ).toEqual(Object.values(contacts).sort());
    const peek = await b.get(`/api/v1/control/stale-contacts?ownerId=${a.user.id}`);
    expect(peek.json().items).toEqual([]);
    const byHead = await teamA.head.get(`/api/v1/control/stale-contacts?ownerId=${a.user.id}&minScore=1`);
    expect(byHead.json().items).toHaveLength(3);
  });
});

describe('capacity and reassignment', () => {
  it('plans a balanced reassignment that never exceeds a cap', () => {
    const cands = [
      { id: 'r1', name: 'R1', capacity: 3, owned: 2, received: 0 },
      { id: 'r2', name: 'R2', capacity: 5, owned: 1, received: 0 },
    ];
    const { plan, unplaced } = planBalanced(
      ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((id) => ({ id, ownerId: 'r0' })),
      cands,
    );
    expect(plan.map((p) => p.toUserId)).toEqual(['r2', 'r2', 'r2', 'r1', 'r2']);
    expect(unplaced).toEqual(['c6']);
    expect(cands.map((c) => c.owned)).toEqual([3, 5]);
    // A contact never goes back to its own owner; moving it away frees a place there.
    const swap = planBalanced(
      [{ id: 'x', ownerId: 'r1' }],
      [
        { id: 'r1', name: 'R1', capacity: 1, owned: 1, received: 0 },
        { id: 'r2', name: 'R2', capacity: 1, owned: 0, received: 0 },
      ],
    );
    expect(swap.plan).toEqual([{ contactId: 'x', fromUserId: 'r1', toUserId: 'r2' }]);
  });

  it('sets capacity: head of sales for the team, not for others; managers not at all', async () => {
    const t = await team('Gamma');
    const m = await ctx.userWith('manager', { teamId: t.id });
    const stranger = await ctx.userWith('manager');
    const res = await t.head.patch(`/api/v1/control/capacity/${m.user.id}`, { capacity: 150 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ userId: m.user.id, capacity: 150, contactsOwned: 0 });
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('entity', '=', 'user')
      .where('entity_id', '=', m.user.id)
      .where('action', '=', 'update')
      .execute();
    expect(audit.some((x) => JSON.stringify(x.changes).includes('150'))).toBe(true);
    expect((await t.head.patch(`/api/v1/control/capacity/${stranger.user.id}`, { capacity: 5 })).statusCode).toBe(404);
    expect((await m.patch(`/api/v1/control/capacity/${m.user.id}`, { capacity: 5000 })).statusCode).toBe(403);
    expect((await ctx.admin.patch(`/api/v1/control/capacity/${stranger.user.id}`, { capacity: null })).statusCode).toBe(200);
  });

  it('moves contacts balancing by free capacity, with audit and timeline entries; over capacity nothing moves', async () => {
    const t = await team('Rho');
    const r0 = await ctx.userWith('manager', { teamId: t.id, name: 'R0' });
    const r1 = await ctx.userWith('manager', { teamId: t.id, name: 'R1' });
    const r2 = await ctx.userWith('manager', { teamId: t.id, name: 'R2' });
    const outsider = await ctx.userWith('manager', { name: 'Outsider' });
    await setCapacity(r1.user.id, 3);
    await setCapacity(r2.user.id, 5);
    const ws = ctx.workspaceId;
    for (let i = 0; i < 2; i++) await insertContact(ctx.db, ws, { ownerId: r1.user.id });
    await insertContact(ctx.db, ws, { ownerId: r2.user.id });
    const mine: string[] = [];
    for (let i = 0; i < 7; i++) mine.push(await insertContact(ctx.db, ws, { ownerId: r0.user.id, lastName: `Stale ${i}` }));
    const foreign = await insertContact(ctx.db, ws, { ownerId: outsider.user.id });

    expect((await r0.post('/api/v1/control/reassign', { contactIds: mine.slice(0, 1), toUserIds: [r1.user.id] })).statusCode).toBe(403);
    const badTarget = await t.head.post('/api/v1/control/reassign', { contactIds: mine.slice(0, 1), toUserIds: [outsider.user.id] });
    expect(badTarget.statusCode).toBe(422);
    expect(badTarget.json().error.fields[0]).toMatchObject({ path: 'toUserIds.0', code: 'control.rules.targetNotAllowed' });
    const hidden = await t.head.post('/api/v1/control/reassign', { contactIds: [mine[0], foreign], toUserIds: [r1.user.id] });
    expect(hidden.statusCode).toBe(422);
    expect(hidden.json().error.fields).toEqual([expect.objectContaining({ path: 'contactIds.1', code: 'control.rules.contactNotFound' })]);

    const res = await t.head.post('/api/v1/control/reassign', { contactIds: mine.slice(0, 4), toUserIds: [r1.user.id, r2.user.id] });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.moved).toBe(4);
    expect(body.users).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: r1.user.id, received: 1, contactsOwned: 3, capacity: 3 }),
        expect.objectContaining({ userId: r2.user.id, received: 3, contactsOwned: 4, capacity: 5 }),
      ]),
    );
    const owners = await ctx.db.selectFrom('contacts').select(['id', 'owner_id']).where('id', 'in', mine.slice(0, 4)).execute();
    for (const o of owners) expect(body.assignments.find((x: { contactId: string }) => x.contactId === o.id).toUserId).toBe(o.owner_id);
    const counts = async (id: string) =>
      Number(
        (
          await ctx.db
            .selectFrom('contacts')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('owner_id', '=', id)
            .where('deleted_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await counts(r1.user.id)).toBe(3);
    expect(await counts(r2.user.id)).toBe(4);
    for (const id of mine.slice(0, 4)) {
      const audit = await ctx.db
        .selectFrom('audit_log')
        .select(['action', 'user_id'])
        .where('entity', '=', 'contact')
        .where('entity_id', '=', id)
        .execute();
      expect(
        audit.some((x) => x.user_id === t.head.user.id),
        `audit of ${id}`,
      ).toBe(true);
      expect((await timelineOf(ctx.db, id)).length, `timeline of ${id}`).toBeGreaterThan(0);
    }

    // One free place left (R2), three contacts asked for: refused whole, nothing moves.
    const over = await t.head.post('/api/v1/control/reassign', { contactIds: mine.slice(4, 7), toUserIds: [r1.user.id, r2.user.id] });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ code: 'CAPACITY_EXCEEDED', fields: [expect.objectContaining({ path: 'contactIds' })] });
    expect(await counts(r0.user.id)).toBe(3);

    // Without explicit targets: every seller of the head's team with room (R0 holds them, so not R0).
    await setCapacity(r1.user.id, 10);
    const auto = await t.head.post('/api/v1/control/reassign', { contactIds: mine.slice(4, 6) });
    expect(auto.statusCode, auto.body).toBe(200);
    expect(auto.json().assignments.every((x: { toUserId: string }) => x.toUserId !== r0.user.id && x.toUserId !== outsider.user.id)).toBe(
      true,
    );
  });
});
