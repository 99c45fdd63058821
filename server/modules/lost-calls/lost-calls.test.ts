import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';

// Every call here is placed relative to the real clock: the report judges calls against "now" and
// against audit entries written when the test makes its follow-ups.
let ctx: TestContext;
let token: string;
let head: Caller, m1: Caller, m2: Caller, outsider: Caller, director: Caller;
let n = 0;
const MIN = 60_000;

const ago = (minutes: number) => new Date(Date.now() - minutes * MIN).toISOString();
/** A fresh Russian mobile number, and the same number as a Russian would dial it. */
const freshNumber = () => {
  const tail = String(1_000_000 + (++n % 9_000_000)).padStart(7, '0');
  return { e164: `+7916${tail}`, local: `8 (916) ${tail.slice(0, 3)}-${tail.slice(3, 5)}-${tail.slice(5)}` };
};

async function push(events: unknown[]) {
  const r = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/telephony/events',
    payload: events as object[],
    headers: { authorization: `Bearer ${token}` },
  });
  expect(r.statusCode, r.body).toBe(202);
  return r;
}

type CallSpec = {
  from?: string;
  to?: string;
  line?: string;
  extension?: string;
  start: number;
  end: number;
  answered?: boolean;
  out?: boolean;
};

/** One whole call in a single summary event; returns its id. `start`/`end` are minutes ago. */
async function call(s: CallSpec): Promise<string> {
  const id = `lost-${++n}-${Date.now()}`;
  await push([
    {
      providerCallId: id,
      event: 'ended',
      direction: s.out ? 'out' : 'in',
      from: s.from,
      to: s.to ?? s.line,
      line: s.line,
      extension: s.extension,
      startedAt: ago(s.start),
      answeredAt: s.answered ? ago(s.start - 0.2) : undefined,
      endedAt: ago(s.end),
      disposition: s.answered ? 'answered' : 'no_answer',
    },
  ]);
  const row = await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', id).executeTakeFirstOrThrow();
  return row.id;
}

async function contactOf(owner: Caller, phone: string) {
  const r = await owner.req({
    method: 'POST',
    url: '/api/v1/contacts?force=true',
    payload: { firstName: 'Клиент', lastName: `${++n}`, phones: [{ number: phone }] },
  });
  expect(r.statusCode, r.body).toBe(201);
  const id = (r.json() as { id: string }).id;
  // The client was in the CRM long before the calls below (which are placed minutes to hours ago):
  // its creation must not count as the follow-up of any of them.
  await sql`update audit_log set at = at - interval '2 days' where entity = 'contact' and entity_id = ${id}`.execute(ctx.db);
  await sql`update contacts set created_at = created_at - interval '2 days', updated_at = updated_at - interval '2 days' where id = ${id}`.execute(
    ctx.db,
  );
  return { id };
}

async function report(as: Caller, query = '') {
  const r = await as.get(`/api/v1/reports/lost-calls?outcome=all&limit=200${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
const outcomeOf = (rep: { calls: { items: { call: { id: string }; outcome: string }[] } }, id: string) =>
  rep.calls.items.find((i) => i.call.id === id)?.outcome;

beforeAll(async () => {
  ctx = await createTestContext();
  token = (await ctx.admin.post('/api/v1/api-tokens', { name: 'PBX' })).json().token;
  head = await ctx.userWith('head_of_sales', { name: 'Руководитель' });
  const team = await ctx.createTeam('Продажи', head.user.id);
  m1 = await ctx.userWith('manager', { teamId: team, name: 'Анна' });
  m2 = await ctx.userWith('manager', { teamId: team, name: 'Борис' });
  outsider = await ctx.userWith('manager', { name: 'Вера' });
  director = await ctx.userWith('director');
  for (const [who, ext] of [
    [m1, '201'],
    [m2, '202'],
    [outsider, '203'],
  ] as const) {
    const r = await ctx.admin.patch(`/api/v1/users/${who.user.id}`, { extension: ext });
    expect(r.statusCode, r.body).toBe(200);
  }
});
afterAll(async () => {
  await ctx?.close();
});

describe('missed calls: called back or not', () => {
  it('a later outgoing call to the number (in another spelling), or an answered call from it, within the window calls it back', async () => {
    const a = freshNumber();
    const b = freshNumber();
    const c = freshNumber();
    const d = freshNumber();
    await contactOf(m1, a.e164);
    const missedA = await call({ from: a.e164, line: '+74951110000', start: 180, end: 179 });
    await call({ out: true, from: '201', to: a.local, extension: '201', start: 170, end: 168, answered: true });
    const missedB = await call({ from: b.e164, line: '+74951110000', extension: undefined, start: 180, end: 179 });
    await call({ out: true, from: '201', to: b.e164, extension: '201', start: 120, end: 119 });
    const missedC = await call({ from: c.e164, line: '+74951110000', start: 180, end: 179 });
    const missedD = await call({ from: d.e164, line: '+74951110000', start: 180, end: 179 });
    await call({ from: d.e164, line: '+74951110000', extension: '202', start: 160, end: 150, answered: true });

    const rep = await report(director, '&withinMinutes=30');
    expect(outcomeOf(rep, missedA)).toBe('called_back');
    expect(outcomeOf(rep, missedB)).toBe('not_called_back');
    expect(outcomeOf(rep, missedC)).toBe('not_called_back');
    expect(outcomeOf(rep, missedD)).toBe('called_back');
    const item = rep.calls.items.find((i: { call: { id: string } }) => i.call.id === missedA);
    expect(item.followUp).toMatchObject({ kind: 'callback', record: { kind: 'call', hidden: false } });
    // B was called back an hour after: lost within 30 minutes, called back within 90.
    expect(outcomeOf(await report(director, '&withinMinutes=90'), missedB)).toBe('called_back');
    // The lost list (the default) has the lost ones only.
    const lost = (await director.get('/api/v1/reports/lost-calls?limit=200')).json();
    const ids = lost.calls.items.map((i: { call: { id: string } }) => i.call.id);
    expect(ids).toEqual(expect.arrayContaining([missedB, missedC]));
    expect(ids).not.toContain(missedA);
    expect(ids).not.toContain(missedD);
  });
});

describe('answered calls: something recorded for the caller or not', () => {
  it('a note on the contact within the window handles the call; nothing, or a note too late, does not', async () => {
    const x = freshNumber();
    const y = freshNumber();
    const cx = await contactOf(m1, x.e164);
    const cy = await contactOf(m1, y.e164);
    // Both calls were answered by m1 forty minutes ago; the notes are written now.
    const withNote = await call({ from: x.e164, line: '+74951110000', extension: '201', start: 45, end: 40, answered: true });
    const nothing = await call({ from: y.e164, line: '+74951110000', extension: '201', start: 45, end: 40, answered: true });
    const note = await m1.post(`/api/v1/contacts/${cx.id}/notes`, { text: 'Просит счёт на 10 штук' });
    expect(note.statusCode, note.body).toBe(201);

    const in30 = await report(m1, '&withinMinutes=30');
    expect(outcomeOf(in30, withNote)).toBe('not_handled');
    expect(outcomeOf(in30, nothing)).toBe('not_handled');
    const in60 = await report(m1, '&withinMinutes=60');
    expect(outcomeOf(in60, withNote)).toBe('handled');
    expect(outcomeOf(in60, nothing)).toBe('pending');
    const item = in60.calls.items.find((i: { call: { id: string } }) => i.call.id === withNote);
    expect(item.followUp).toMatchObject({ kind: 'note', record: { kind: 'contact', id: cx.id, hidden: false } });
    expect(item.contact).toMatchObject({ id: cx.id, hidden: false });
    expect(cy.id).toBeTruthy();
  });

  it('an activity or a deal for the caller handles the call too', async () => {
    const x = freshNumber();
    const y = freshNumber();
    const cx = await contactOf(m2, x.e164);
    const cy = await contactOf(m2, y.e164);
    const byTask = await call({ from: x.e164, line: '+74951110000', extension: '202', start: 20, end: 10, answered: true });
    const byDeal = await call({ from: y.e164, line: '+74951110000', extension: '202', start: 20, end: 10, answered: true });
    const task = await m2.post('/api/v1/activities', { type: 'task', subject: 'Отправить КП', contactId: cx.id, dueAt: ago(-60) });
    expect(task.statusCode, task.body).toBe(201);
    const pipeline = (await m2.get('/api/v1/pipelines')).json().items[0];
    const deal = await m2.post('/api/v1/deals', {
      title: 'Заказ по звонку',
      contactIds: [cy.id],
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      amount: '1000.00',
      currency: 'RUB',
    });
    expect(deal.statusCode, deal.body).toBe(201);
    const rep = await report(m2, '&withinMinutes=30');
    expect(rep.calls.items.find((i: { call: { id: string } }) => i.call.id === byTask)).toMatchObject({
      outcome: 'handled',
      followUp: { kind: 'activity', record: { kind: 'activity', id: task.json().id } },
    });
    expect(rep.calls.items.find((i: { call: { id: string } }) => i.call.id === byDeal)).toMatchObject({
      outcome: 'handled',
      followUp: { kind: 'deal', record: { kind: 'deal', id: deal.json().id, name: 'Заказ по звонку' } },
    });
  });

  it('withinMinutes=0 counts only what was done while the call lasted', async () => {
    const x = freshNumber();
    const y = freshNumber();
    const cx = await contactOf(m1, x.e164);
    const cy = await contactOf(m1, y.e164);
    // One call is still going on for a minute (the PBX reports its end ahead); the other ended five minutes ago.
    const during = await call({ from: x.e164, line: '+74951110000', extension: '201', start: 10, end: -1, answered: true });
    const after = await call({ from: y.e164, line: '+74951110000', extension: '201', start: 10, end: 5, answered: true });
    for (const c of [cx, cy]) expect((await m1.post(`/api/v1/contacts/${c.id}/notes`, { text: 'Записал' })).statusCode).toBe(201);
    const zero = await report(m1, '&withinMinutes=0');
    expect(outcomeOf(zero, during)).toBe('handled');
    expect(outcomeOf(zero, after)).toBe('not_handled');
    expect(outcomeOf(await report(m1, '&withinMinutes=30'), after)).toBe('handled');
    const bad = await m1.get('/api/v1/reports/lost-calls?withinMinutes=-1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('withinMinutes');
    expect((await m1.get('/api/v1/reports/lost-calls?withinMinutes=1.5')).statusCode).toBe(400);
  });
});

describe('groups, rates and who sees what', () => {
  it('groups by line under the line’s name, whatever the spelling, with counts and the lost rate', async () => {
    const line = await ctx.admin.post('/api/v1/telephony/lines', { number: '+7 812 555-00-11', name: 'Питер' });
    expect(line.statusCode, line.body).toBe(201);
    const numbers = [freshNumber(), freshNumber(), freshNumber()];
    await call({ from: numbers[0].e164, line: '+78125550011', start: 300, end: 299 });
    await call({ from: numbers[1].e164, line: '8 812 555 00 11', start: 300, end: 299 });
    await call({ from: numbers[2].e164, line: '+78125550011', extension: '203', start: 300, end: 290, answered: true });
    await contactOf(outsider, numbers[2].e164);
    const rep = await report(director, '&groupBy=line&withinMinutes=30');
    const g = rep.groups.find((x: { key: string }) => x.key === '78125550011');
    expect(g).toMatchObject({ label: 'Питер (+7 812 555-00-11)', incoming: 3, missed: 2, missedLost: 2, answered: 1, answeredLost: 1 });
    expect(g.lostRate).toBe('100.0');
    // Drill-down into the line lists its calls only.
    const drill = await report(director, '&groupBy=line&withinMinutes=30&line=78125550011');
    expect(drill.calls.items).toHaveLength(3);
    expect(drill.totals.incoming).toBe(rep.totals.incoming);
  });

  it('a manager sees their own calls, a head the team, a director everyone', async () => {
    const x = freshNumber();
    const own = await call({ from: x.e164, line: '+74951110000', extension: '201', start: 500, end: 490, answered: true });
    const colleague = await call({
      from: freshNumber().e164,
      line: '+74951110000',
      extension: '202',
      start: 500,
      end: 490,
      answered: true,
    });
    const stranger = await call({ from: freshNumber().e164, line: '+74951110000', extension: '203', start: 500, end: 490, answered: true });
    const ids = async (as: Caller) => (await report(as)).calls.items.map((i: { call: { id: string } }) => i.call.id);
    const mine = await ids(m1);
    expect(mine).toContain(own);
    expect(mine).not.toContain(colleague);
    expect(mine).not.toContain(stranger);
    const team = await ids(head);
    expect(team).toEqual(expect.arrayContaining([own, colleague]));
    expect(team).not.toContain(stranger);
    expect(await ids(director)).toEqual(expect.arrayContaining([own, colleague, stranger]));
    const groups = (await report(m1)).groups.map((g: { key: string }) => g.key);
    expect(groups).toEqual([m1.user.id]);
    // A manager asking for a colleague's calls gets none of them.
    expect((await report(m1, `&userId=${m2.user.id}`)).calls.items).toEqual([]);
  });

  it('names a linked client the viewer may not open as hidden', async () => {
    const x = freshNumber();
    await contactOf(outsider, x.e164);
    // The call came in on m1's extension, but the client is the outsider's.
    const id = await call({ from: x.e164, line: '+74951110000', extension: '201', start: 600, end: 590, answered: true });
    const item = (await report(m1)).calls.items.find((i: { call: { id: string } }) => i.call.id === id);
    expect(item.contact).toMatchObject({ hidden: true, name: null });
  });

  it('refuses a period that ends before it starts', async () => {
    const r = await m1.get('/api/v1/reports/lost-calls?from=2026-12-10&to=2026-12-01');
    expect(r.statusCode).toBe(422);
    expect(r.json().error.fields[0]).toMatchObject({ path: 'to', code: 'lostCalls.rules.periodInvalid' });
  });
});

describe('call-back tasks', () => {
  const tasksOf = (contactId: string) =>
    ctx.db.selectFrom('activities').select(['id', 'owner_id', 'type', 'done', 'subject']).where('contact_id', '=', contactId).execute();

  it('a missed call of a known client makes one task for its owner, shown on the agenda; replays and repeats make no more', async () => {
    const x = freshNumber();
    const c = await contactOf(m2, x.e164);
    const id = `cb-${++n}`;
    const events = [
      { providerCallId: id, event: 'ringing', direction: 'in', from: x.e164, to: '+74951110000', startedAt: ago(3) },
      { providerCallId: id, event: 'ended', endedAt: ago(2), disposition: 'no_answer' },
    ];
    await push(events);
    await push(events);
    let tasks = await tasksOf(c.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ owner_id: m2.user.id, type: 'call', done: false });
    expect(tasks[0].subject).toContain('Клиент');
    // The client calls again before anyone rang back: still one open task, both calls point to it.
    const again = await call({ from: x.e164, line: '+74951110000', start: 1, end: 0.5 });
    tasks = await tasksOf(c.id);
    expect(tasks).toHaveLength(1);
    const links = await ctx.db
      .selectFrom('call_back_tasks')
      .select(['call_id', 'activity_id'])
      .where('activity_id', '=', tasks[0].id)
      .execute();
    expect(links.map((l) => l.call_id)).toContain(again);
    expect(links).toHaveLength(2);
    const agenda = (await m2.get('/api/v1/agenda')).json();
    const listed = [...agenda.overdue, ...(agenda.today ?? [])].map((a: { id: string }) => a.id);
    expect(listed).toContain(tasks[0].id);
    // The report shows the task beside the lost call.
    const item = (await report(m2)).calls.items.find((i: { call: { id: string } }) => i.call.id === again);
    expect(item.callBackTask).toMatchObject({ id: tasks[0].id, hidden: false, done: false });
    // An answered call makes none, nor does an unknown number.
    const answered = freshNumber();
    const ca = await contactOf(m2, answered.e164);
    await call({ from: answered.e164, line: '+74951110000', extension: '202', start: 2, end: 1, answered: true });
    expect(await tasksOf(ca.id)).toHaveLength(0);
  });

  it('is off when the workspace turns it off, and the setting is admin-only', async () => {
    expect((await m1.patch('/api/v1/telephony/settings', { callBackTasks: false })).statusCode).toBe(403);
    const off = await ctx.admin.patch('/api/v1/telephony/settings', { callBackTasks: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toEqual({ callBackTasks: false });
    expect((await m1.get('/api/v1/telephony/settings')).json()).toEqual({ callBackTasks: false });
    const x = freshNumber();
    const c = await contactOf(m1, x.e164);
    await call({ from: x.e164, line: '+74951110000', start: 2, end: 1 });
    expect(await tasksOf(c.id)).toHaveLength(0);
    expect((await ctx.admin.patch('/api/v1/telephony/settings', { callBackTasks: true })).json()).toEqual({ callBackTasks: true });
    await call({ from: x.e164, line: '+74951110000', start: 1, end: 0.5 });
    expect(await tasksOf(c.id)).toHaveLength(1);
  });
});

describe("the head's dashboard", () => {
  it('shows the lost-call rate per manager as the report counts it, beside overdue follow-ups', async () => {
    const dash = await head.get('/api/v1/control/dashboard?fresh=true');
    expect(dash.statusCode, dash.body).toBe(200);
    const row = dash.json().items.find((i: { userId: string }) => i.userId === m1.user.id);
    expect(row).toHaveProperty('activitiesOverdue');
    const group = (await report(head, '&withinMinutes=30')).groups.find((g: { key: string }) => g.key === m1.user.id);
    expect(row.lostCalls).toEqual({ incoming: group.incoming, pending: group.pending, lost: group.lost, lostRate: group.lostRate });
    expect(row.lostCalls.incoming).toBeGreaterThan(0);
    expect(dash.json().totals.lostCalls.lost).toBeGreaterThanOrEqual(row.lostCalls.lost);
  });
});
