import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { insertCompany, insertContact, insertPipeline, insertDeal, timelineOf } from './activities.fixtures.js';
import { createReminderHub, dueReminders } from './activities.reminders.js';
import { claimDueReminders } from './activities.repository.js';
import { relinkActivities } from './activities.service.js';

let ctx: TestContext;
let head: Caller;
let m1: Caller;
let m2: Caller;
let director: Caller;
let outsider: Caller;
let contactOfM1: string;
let companyOfM1: string;

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

beforeAll(async () => {
  ctx = await createTestContext();
  const teamA = await ctx.createTeam('Team A');
  const teamB = await ctx.createTeam('Team B');
  head = await ctx.userWith('head_of_sales', { teamId: teamA });
  await ctx.db.updateTable('teams').set({ lead_id: head.user.id }).where('id', '=', teamA).execute();
  m1 = await ctx.userWith('manager', { teamId: teamA });
  m2 = await ctx.userWith('manager', { teamId: teamA });
  outsider = await ctx.userWith('manager', { teamId: teamB });
  director = await ctx.userWith('director');
  companyOfM1 = await insertCompany(ctx.db, ctx.workspaceId, { ownerId: m1.user.id });
  contactOfM1 = await insertContact(ctx.db, ctx.workspaceId, { ownerId: m1.user.id, companyId: companyOfM1 });
});
afterAll(async () => {
  await ctx.close();
});

async function plan(who: Caller, body: Record<string, unknown>) {
  const res = await who.post('/api/v1/activities', { type: 'call', subject: 'Call about the offer', dueAt: inHours(2), ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('activities CRUD', () => {
  it('creates a planned call linked to a contact, taking the company from the contact', async () => {
    const a = await plan(m1, { contactId: contactOfM1, durationMinutes: 15, participants: [{ kind: 'user', id: m2.user.id }] });
    expect(a).toMatchObject({
      type: 'call',
      done: false,
      doneAt: null,
      isOverdue: false,
      ownerId: m1.user.id,
      contactId: contactOfM1,
      companyId: companyOfM1,
      durationMinutes: 15,
      participants: [{ kind: 'user', id: m2.user.id }],
      version: 1,
    });
    const got = await m1.get(`/api/v1/activities/${a.id}`);
    expect(got.json()).toEqual(a);
  });

  it('rejects links to records the caller cannot see, naming the field', async () => {
    const foreign = await insertContact(ctx.db, ctx.workspaceId, { ownerId: outsider.user.id });
    const res = await m1.post('/api/v1/activities', { type: 'call', subject: 'x', dueAt: inHours(1), contactId: foreign });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual([expect.objectContaining({ path: 'contactId', code: 'activities.rules.linkNotFound' })]);
  });

  it('requires dueAt for a planned activity but not for one logged as done', async () => {
    const res = await m1.post('/api/v1/activities', { type: 'task', subject: 'Prepare offer' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields[0].path).toBe('dueAt');
    const logged = await m1.post('/api/v1/activities', { type: 'email', subject: 'Sent price list', done: true });
    expect(logged.statusCode).toBe(201);
    expect(logged.json().dueAt).toBe(logged.json().doneAt);
  });

  it('patches with the version; a stale version is 409 and changes nothing', async () => {
    const a = await plan(m1, { subject: 'Original' });
    const ok = await m1.patch(`/api/v1/activities/${a.id}`, { subject: 'Renamed', version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ subject: 'Renamed', version: 2 });
    const stale = await m1.patch(`/api/v1/activities/${a.id}`, { subject: 'Lost update', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await m1.get(`/api/v1/activities/${a.id}`)).json().subject).toBe('Renamed');
  });

  it('deletes softly and restores, with an audit trail', async () => {
    const a = await plan(m1, {});
    expect((await m1.del(`/api/v1/activities/${a.id}`)).statusCode).toBe(204);
    const list = await m1.get(`/api/v1/activities?ownerId=${m1.user.id}&limit=200`);
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(a.id);
    const trash = await m1.get('/api/v1/activities?deleted=true');
    expect(trash.json().items.map((i: { id: string }) => i.id)).toContain(a.id);
    const restored = await m1.post(`/api/v1/activities/${a.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'activity')
      .where('entity_id', '=', a.id)
      .orderBy('id')
      .execute();
    expect(audit.map((x) => x.action)).toEqual(['create', 'delete', 'restore']);
  });

  it('lists with filters and a keyset cursor', async () => {
    const mgr = await ctx.userWith('manager');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await plan(mgr, { type: i % 2 ? 'meeting' : 'call', dueAt: inHours(10 + i) })).id);
    const page1 = await mgr.get('/api/v1/activities?limit=2&order=asc');
    expect(page1.json().items.map((i: { id: string }) => i.id)).toEqual(ids.slice(0, 2));
    const page2 = await mgr.get(`/api/v1/activities?limit=2&order=asc&cursor=${page1.json().nextCursor}`);
    expect(page2.json().items.map((i: { id: string }) => i.id)).toEqual(ids.slice(2, 4));
    const meetings = await mgr.get('/api/v1/activities?type=meeting');
    expect(meetings.json().items).toHaveLength(2);
    const windowed = await mgr.get(`/api/v1/activities?from=${encodeURIComponent(inHours(11.5))}&to=${encodeURIComponent(inHours(13.5))}`);
    expect(
      windowed
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort(),
    ).toEqual([ids[2], ids[3]].sort());
    expect((await mgr.get('/api/v1/activities?cursor=garbage')).statusCode).toBe(400);
  });
});

describe('overdue and completion', () => {
  it('marks a planned activity overdue once its time passes undone, and lists overdue ones', async () => {
    const mgr = await ctx.userWith('manager');
    const past = await plan(mgr, { dueAt: inHours(-3) });
    const future = await plan(mgr, { dueAt: inHours(3) });
    expect(past.isOverdue).toBe(true);
    expect(future.isOverdue).toBe(false);
    const overdue = await mgr.get('/api/v1/activities?overdue=true');
    expect(overdue.json().items.map((i: { id: string }) => i.id)).toEqual([past.id]);
    const done = await mgr.post(`/api/v1/activities/${past.id}/complete`, { outcome: 'Reached, sent the offer' });
    expect(done.json().activity).toMatchObject({ done: true, isOverdue: false });
  });

  it('refuses to complete a call or meeting without an outcome (422 naming outcome); a task needs none', async () => {
    const call = await plan(m1, {});
    const res = await m1.post(`/api/v1/activities/${call.id}/complete`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual([
      expect.objectContaining({
        path: 'outcome',
        code: 'activities.rules.outcomeRequired',
        message: 'Say what came of the call or meeting',
      }),
    ]);
    const ru = await m1.req({ method: 'POST', url: `/api/v1/activities/${call.id}/complete`, payload: { outcome: '  ' }, lang: 'ru' });
    expect(ru.json().error.fields[0].message).toBe('Укажите результат звонка или встречи');
    expect((await m1.get(`/api/v1/activities/${call.id}`)).json().done).toBe(false);
    const meetingLogged = await m1.post('/api/v1/activities', { type: 'meeting', subject: 'Met', done: true });
    expect(meetingLogged.statusCode).toBe(422);
    expect(meetingLogged.json().error.fields[0].path).toBe('outcome');
    const task = await plan(m1, { type: 'task', subject: 'Prepare contract' });
    expect((await m1.post(`/api/v1/activities/${task.id}/complete`, {})).statusCode).toBe(200);
  });

  it('completes a call and plans the next step in one go, with the same links; twice is 409', async () => {
    const pipeline = await insertPipeline(ctx.db, ctx.workspaceId);
    const deal = await insertDeal(ctx.db, ctx.workspaceId, pipeline, {
      ownerId: m1.user.id,
      amount: '1000.00',
      probability: 20,
      companyId: companyOfM1,
      contactIds: [contactOfM1],
    });
    const call = await plan(m1, { contactId: contactOfM1, dealId: deal, dueAt: inHours(-1) });
    const res = await m1.post(`/api/v1/activities/${call.id}/complete`, {
      outcome: 'Interested; wants a demo',
      notes: 'Ask for Friday',
      next: { type: 'meeting', subject: 'Demo', dueAt: inHours(72), durationMinutes: 60 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { activity, next } = res.json();
    expect(activity).toMatchObject({ id: call.id, done: true, outcome: 'Interested; wants a demo', notes: 'Ask for Friday', version: 2 });
    expect(new Date(activity.doneAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(next).toMatchObject({
      type: 'meeting',
      subject: 'Demo',
      done: false,
      contactId: contactOfM1,
      companyId: companyOfM1,
      dealId: deal,
      ownerId: m1.user.id,
      durationMinutes: 60,
    });
    const again = await m1.post(`/api/v1/activities/${call.id}/complete`, { outcome: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ACTIVITY_ALREADY_DONE');
  });

  it('puts done activities on the contact, company and deal timelines, and takes them off when deleted', async () => {
    const pipeline = await insertPipeline(ctx.db, ctx.workspaceId);
    const deal = await insertDeal(ctx.db, ctx.workspaceId, pipeline, { ownerId: m1.user.id, amount: '10.00', probability: 50 });
    const call = await plan(m1, { contactId: contactOfM1, dealId: deal, subject: 'Timeline call' });
    const mine = async (id: string) => (await timelineOf(ctx.db, id)).filter((e) => e.ref_id === call.id);
    expect(await mine(contactOfM1)).toHaveLength(0);
    await m1.post(`/api/v1/activities/${call.id}/complete`, { outcome: 'Agreed on price' });
    for (const id of [contactOfM1, companyOfM1, deal]) {
      const events = await mine(id);
      expect(events, id).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'activity', ref_entity: 'activity', user_id: m1.user.id });
      expect(events[0].body).toContain('Timeline call');
    }
    await m1.del(`/api/v1/activities/${call.id}`);
    expect(await mine(contactOfM1)).toHaveLength(0);
    await m1.post(`/api/v1/activities/${call.id}/restore`);
    expect(await mine(contactOfM1)).toHaveLength(1);
  });

  it('keeps the last real contact per contact: done calls count, tasks do not, deletion rolls back', async () => {
    const c = await insertContact(ctx.db, ctx.workspaceId, { ownerId: m1.user.id });
    const stat = async () =>
      (await ctx.db.selectFrom('contact_activity_stats').select('last_done_at').where('contact_id', '=', c).executeTakeFirst())
        ?.last_done_at ?? null;
    await m1.post('/api/v1/activities', { type: 'task', subject: 'Internal', contactId: c, done: true, doneAt: inHours(-1) });
    expect(await stat()).toBeNull();
    const older = await m1.post('/api/v1/activities', {
      type: 'call',
      subject: 'Old call',
      contactId: c,
      done: true,
      doneAt: inHours(-48),
      outcome: 'ok',
    });
    const newer = await m1.post('/api/v1/activities', { type: 'visit', subject: 'Visit', contactId: c, done: true, doneAt: inHours(-5) });
    expect((await stat())?.toISOString()).toBe(newer.json().doneAt);
    await m1.del(`/api/v1/activities/${newer.json().id}`);
    expect((await stat())?.toISOString()).toBe(older.json().doneAt);
    // A meeting with the contact as a participant touches them too.
    const meeting = await m1.post('/api/v1/activities', {
      type: 'meeting',
      subject: 'Group',
      done: true,
      doneAt: inHours(-2),
      outcome: 'fine',
      participants: [{ kind: 'contact', id: c }],
    });
    expect((await stat())?.toISOString()).toBe(meeting.json().doneAt);
  });

  it('moves activities of a merged-away contact onto the kept one, with its last contact', async () => {
    const kept = await insertContact(ctx.db, ctx.workspaceId, { ownerId: m1.user.id });
    const merged = await insertContact(ctx.db, ctx.workspaceId, { ownerId: m1.user.id });
    const call = (
      await m1.post('/api/v1/activities', {
        type: 'call',
        subject: 'Dup',
        contactId: merged,
        done: true,
        doneAt: inHours(-3),
        outcome: 'ok',
      })
    ).json();
    const group = (
      await m1.post('/api/v1/activities', {
        type: 'task',
        subject: 'With both',
        dueAt: inHours(3),
        participants: [
          { kind: 'contact', id: merged },
          { kind: 'contact', id: kept },
        ],
      })
    ).json();
    await ctx.db.transaction().execute((trx) => relinkActivities(trx, ctx.workspaceId, 'contact', merged, kept));
    expect((await m1.get(`/api/v1/activities/${call.id}`)).json().contactId).toBe(kept);
    expect((await m1.get(`/api/v1/activities/${group.id}`)).json().participants).toEqual([{ kind: 'contact', id: kept }]);
    const stat = await ctx.db
      .selectFrom('contact_activity_stats')
      .select(['contact_id', 'last_done_at'])
      .where('contact_id', 'in', [kept, merged])
      .execute();
    expect(stat.find((x) => x.contact_id === kept)?.last_done_at?.toISOString()).toBe(call.doneAt);
    expect(stat.find((x) => x.contact_id === merged)?.last_done_at).toBeNull();
  });

  it('rejects a done time in the future', async () => {
    const res = await m1.post('/api/v1/activities', { type: 'email', subject: 'x', done: true, doneAt: inHours(5) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields[0]).toMatchObject({ path: 'doneAt', code: 'activities.rules.doneInFuture' });
  });
});

describe('access per role', () => {
  let own: { id: string };
  beforeAll(async () => {
    own = await plan(m1, { subject: 'Private to m1' });
  });

  it('a manager sees and lists only their own activities', async () => {
    expect((await m2.get(`/api/v1/activities/${own.id}`)).statusCode).toBe(404);
    expect((await m2.patch(`/api/v1/activities/${own.id}`, { subject: 'x', version: 1 })).statusCode).toBe(404);
    expect((await m2.post(`/api/v1/activities/${own.id}/complete`, { outcome: 'x' })).statusCode).toBe(404);
    const list = await m2.get(`/api/v1/activities?ownerId=${m1.user.id}`);
    expect(list.json().items).toEqual([]);
    expect((await m2.get(`/api/v1/audit?entity=activity&id=${own.id}`)).statusCode).toBe(404);
    expect((await m1.get(`/api/v1/audit?entity=activity&id=${own.id}`)).statusCode).toBe(200);
  });

  it('a head of sales sees the team, not other teams; a director sees all', async () => {
    const other = await plan(outsider, { subject: 'Other team' });
    expect((await head.get(`/api/v1/activities/${own.id}`)).statusCode).toBe(200);
    expect((await head.get(`/api/v1/activities/${other.id}`)).statusCode).toBe(404);
    expect((await director.get(`/api/v1/activities/${other.id}`)).statusCode).toBe(200);
  });

  it('only those who control a user may plan for them', async () => {
    const denied = await m1.post('/api/v1/activities', { type: 'task', subject: 'For m2', dueAt: inHours(1), ownerId: m2.user.id });
    expect(denied.statusCode).toBe(422);
    expect(denied.json().error.fields[0]).toMatchObject({ path: 'ownerId', code: 'OWNER_NOT_ALLOWED' });
    const byHead = await head.post('/api/v1/activities', { type: 'task', subject: 'For m2', dueAt: inHours(1), ownerId: m2.user.id });
    expect(byHead.statusCode).toBe(201);
    expect((await m2.get(`/api/v1/activities/${byHead.json().id}`)).statusCode).toBe(200);
    const outOfTeam = await head.post('/api/v1/activities', { type: 'task', subject: 'x', dueAt: inHours(1), ownerId: outsider.user.id });
    expect(outOfTeam.statusCode).toBe(422);
  });

  it('requires a session', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/activities' });
    expect(res.statusCode).toBe(401);
  });
});

describe('reminders', () => {
  it('claims each due reminder once, however many pollers race', async () => {
    const mgr = await ctx.userWith('manager');
    const a = await plan(mgr, { dueAt: inHours(1) });
    // Make it fall due now, as time would.
    await ctx.db
      .updateTable('activities')
      .set({ due_at: new Date(Date.now() - 1000) })
      .where('id', '=', a.id)
      .execute();
    const now = new Date();
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimDueReminders(ctx.db, [mgr.user.id], now)));
    expect(claims.reduce((a, b) => a + b, 0)).toBe(1);
    const row = await ctx.db.selectFrom('activities').select('reminded_at').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.reminded_at).not.toBeNull();
    const results = await Promise.all([1, 2].map(() => dueReminders(ctx.db, mgr.user.id)));
    for (const r of results) expect(r.items.map((i) => i.id)).toEqual([a.id]);
    // Later polls that pass the previous answer's time hear nothing new.
    const later = await dueReminders(ctx.db, mgr.user.id, new Date(results[0].now));
    expect(later.items).toEqual([]);
    // Moving the plan re-arms its reminder.
    const moved = await mgr.patch(`/api/v1/activities/${a.id}`, { dueAt: inHours(5), version: 1 });
    expect(moved.json().remindedAt).toBeNull();
  });

  it('serves reminders over HTTP for clients without a stream', async () => {
    const mgr = await ctx.userWith('manager');
    const a = await plan(mgr, { type: 'task', subject: 'Send invoice', dueAt: inHours(1) });
    await ctx.db
      .updateTable('activities')
      .set({ due_at: new Date(Date.now() - 1000) })
      .where('id', '=', a.id)
      .execute();
    const res = await mgr.get('/api/v1/reminders/due');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      { id: a.id, subject: 'Send invoice', dueAt: expect.any(String), type: 'task', contactId: null, dealId: null, companyId: null },
    ]);
    expect((await m2.get('/api/v1/reminders/due')).json().items.map((i: { id: string }) => i.id)).not.toContain(a.id);
  });

  it('pushes a reminder to every stream of the owner once, over Server-Sent Events', async () => {
    const mgr = await ctx.userWith('manager');
    const a = await plan(mgr, { subject: 'Call Petrov back', dueAt: inHours(1) });
    await ctx.db
      .updateTable('activities')
      .set({ due_at: new Date(Date.now() - 1000) })
      .where('id', '=', a.id)
      .execute();
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (ctx.app.server.address() as AddressInfo).port;
    const cookie = await ctx.signIn(mgr.user.email, 'correct horse battery');
    const session = await cookieOf(cookie);
    const text = await new Promise<{ type: string; body: string }>((resolve, reject) => {
      const req = http.get(
        { port, host: '127.0.0.1', path: '/api/v1/reminders/stream', headers: { cookie: `orbita_session=${session}` } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
            if (body.includes('event: reminder')) {
              req.destroy();
              resolve({ type: String(res.headers['content-type']), body });
            }
          });
        },
      );
      req.on('error', (e) => {
        if (!String(e).includes('socket hang up')) reject(e);
      });
      setTimeout(() => {
        req.destroy();
        reject(new Error('no reminder within 5 s'));
      }, 5000);
    });
    expect(text.type).toMatch(/^text\/event-stream/);
    const data = text.body.split('\n').find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(data.slice(6))).toMatchObject({ id: a.id, subject: 'Call Petrov back', type: 'call' });
  });

  it('a shared hub fans one claim out to every stream of the owner and never repeats it', async () => {
    const mgr = await ctx.userWith('manager');
    const a = await plan(mgr, { dueAt: inHours(1) });
    await ctx.db
      .updateTable('activities')
      .set({ due_at: new Date(Date.now() - 1000) })
      .where('id', '=', a.id)
      .execute();
    const hubA = createReminderHub(ctx.db, { intervalMs: 60_000 });
    const hubB = createReminderHub(ctx.db, { intervalMs: 60_000 });
    const got: string[] = [];
    hubA.subscribe(
      mgr.user.id,
      (r) => got.push(`A1:${r.id}`),
      () => {},
    );
    hubA.subscribe(
      mgr.user.id,
      (r) => got.push(`A2:${r.id}`),
      () => {},
    );
    hubB.subscribe(
      mgr.user.id,
      (r) => got.push(`B:${r.id}`),
      () => {},
    );
    await Promise.all([hubA.tick(), hubB.tick()]);
    await Promise.all([hubA.tick(), hubB.tick()]);
    hubA.close();
    hubB.close();
    expect(got.sort()).toEqual([`A1:${a.id}`, `A2:${a.id}`, `B:${a.id}`]);
  });
});

/** The session cookie value of a signed-in caller (the harness keeps it inside its inject wrapper). */
async function cookieOf(c: Caller): Promise<string> {
  const res = await c.get('/api/v1/auth/me');
  expect(res.statusCode).toBe(200);
  const row = await ctx.db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', c.user.id)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}
