import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEvent } from '../../platform/events.js';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import type { CallEndedPayload } from './calls.ingest.js';

let ctx: TestContext;
let token: string;
let n = 0;
const ended: CallEndedPayload[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  token = (await ctx.admin.post('/api/v1/api-tokens', { name: 'PBX' })).json().token;
  onEvent('call.ended', 'calls-test', async (_trx, e) => {
    ended.push(e.payload);
  });
});
afterAll(async () => {
  await ctx.close();
});

const push = (body: unknown, bearer = token, lang = 'en') =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/telephony/events',
    payload: body as object,
    headers: { authorization: `Bearer ${bearer}`, 'accept-language': lang },
  });

/** A fresh provider call id per test, so tests never see each other's calls. */
const callId = () => `test-${++n}-${Date.now()}`;
const t = (s: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, s)).toISOString();

async function callOf(providerCallId: string) {
  return ctx.db.selectFrom('calls').selectAll().where('provider_call_id', '=', providerCallId).executeTakeFirstOrThrow();
}

async function withExtension(role: 'manager' | 'operator' | 'head_of_sales', extension: string, opts: { teamId?: string } = {}) {
  const who = await ctx.userWith(role, opts);
  const r = await ctx.admin.patch(`/api/v1/users/${who.user.id}`, { extension });
  expect(r.statusCode, r.body).toBe(200);
  return who;
}

async function contactOf(owner: Caller, phone: string, extra: Record<string, unknown> = {}) {
  const r = await owner.req({
    method: 'POST',
    url: '/api/v1/contacts?force=true',
    payload: { firstName: 'Клиент', lastName: `${++n}`, phones: [{ number: phone }], ...extra },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

describe('POST /telephony/events', () => {
  it('takes one event or an array, 202, and a replay changes nothing', async () => {
    const id = callId();
    const events = [
      {
        provider: 'generic',
        providerCallId: id,
        event: 'ringing',
        direction: 'in',
        from: '+359888100200',
        to: '+35929001122',
        startedAt: t(0),
      },
      { providerCallId: id, event: 'answered', answeredAt: t(5) },
      { providerCallId: id, event: 'ended', endedAt: t(65) },
    ];
    const first = await push(events[0]);
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toEqual({ received: 1, applied: 1, replays: 0 });
    const rest = await push(events.slice(1));
    expect(rest.json()).toEqual({ received: 2, applied: 2, replays: 0 });
    const before = await callOf(id);
    expect(before).toMatchObject({ status: 'answered', talk_seconds: 60, direction: 'in', line: '+35929001122' });

    const replay = await push(events);
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toEqual({ received: 3, applied: 0, replays: 3 });
    const calls = await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', id).execute();
    expect(calls).toHaveLength(1);
    expect(await callOf(id)).toEqual(before);
    const stored = await ctx.db.selectFrom('call_events').select('event').where('provider_call_id', '=', id).execute();
    expect(stored).toHaveLength(3);
    expect(ended.filter((e) => e.id === before.id)).toHaveLength(1);
  });

  it('names the bad field of a malformed event: `[3].startedAt` in an array, `startedAt` alone, in the caller’s language', async () => {
    const id = callId();
    const ok = { providerCallId: id, event: 'ringing', from: '101', to: '102', startedAt: t(0) };
    const bad = await push([ok, ok, ok, { ...ok, startedAt: 'yesterday' }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toEqual({ path: '[3].startedAt', code: 'invalid_datetime', message: 'Not a valid date and time' });
    expect(bad.json().error.fields.every((f: { path: string }) => f.path === '[3].startedAt')).toBe(true);
    const one = await push({ ...ok, startedAt: '2026-02-30T10:00:00Z' }, token, 'ru');
    expect(one.statusCode).toBe(400);
    expect(one.json().error.fields[0].path).toBe('startedAt');
    expect(one.json().error.message).toMatch(/[а-я]/);
    const issues = async (body: unknown) =>
      (await push(body)).json().error.fields.map((f: { path: string; code: string }) => `${f.path} ${f.code}`);
    expect(await issues({ ...ok, startAt: t(0) })).toEqual(['startAt unrecognized_keys']);
    expect(await issues({ ...ok, provider: 'asterisk' })).toEqual(['provider invalid_value']);
    expect(await issues([{ ...ok }, { ...ok, event: 'hangup' }])).toEqual(['[1].event invalid_value']);
    expect(await issues({ ...ok, event: 'ended', endedAt: t(-10) })).toEqual(['endedAt calls.rules.beforeStart']);
    expect(await issues({ ...ok, talkSeconds: -1 })).toEqual(['talkSeconds too_small_number']);
    expect(await issues([])).toEqual(['body too_small_array']);
    expect(await issues({ event: 'ringing' })).toEqual(['providerCallId required']);
    // Nothing of a refused request was stored.
    expect(await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', id).execute()).toEqual([]);
  });

  it('keeps the talk time within bounds when events of one call are centuries apart', async () => {
    const id = callId();
    const r = await push([
      { providerCallId: id, event: 'answered', answeredAt: '1900-01-01T00:00:00Z' },
      { providerCallId: id, event: 'ended', endedAt: '2200-01-01T00:00:00Z' },
    ]);
    expect(r.statusCode, r.body).toBe(202);
    expect((await callOf(id)).talk_seconds).toBe(7 * 24 * 3600);
  });

  it('is for admins: a manager’s token is refused, no token is 401', async () => {
    const m = await ctx.userWith('manager');
    const mine = (await m.post('/api/v1/api-tokens', { name: 'mine' })).json().token;
    const id = callId();
    expect((await push({ providerCallId: id, event: 'ringing' }, mine)).statusCode).toBe(403);
    const anon = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/telephony/events',
      payload: { providerCallId: id, event: 'ringing' },
    });
    expect(anon.statusCode).toBe(401);
    expect(await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', id).execute()).toEqual([]);
  });
});

describe('matching and the manager', () => {
  it('a ring group of six phones nobody answered is one missed call of the line, for the client’s owner', async () => {
    const owner = await ctx.userWith('manager');
    const ringing = await Promise.all(['201', '202', '203', '204', '205', '206'].map((x) => withExtension('manager', x)));
    const contact = await contactOf(owner, '+7 916 555-10-01');
    const id = callId();
    const legs = ringing.map((_, i) => `leg-${i}`);
    const events = [
      { providerCallId: id, event: 'ringing', direction: 'in', from: '89165551001', to: '74951112233', startedAt: t(0) },
      ...legs.map((legId, i) => ({ providerCallId: id, legId, event: 'ringing', extension: `20${i + 1}`, startedAt: t(1) })),
      ...legs.map((legId) => ({ providerCallId: id, legId, event: 'ended', disposition: 'no_answer', endedAt: t(30) })),
      { providerCallId: id, event: 'ended', endedAt: t(31) },
    ];
    expect((await push(events)).json()).toEqual({ received: 14, applied: 14, replays: 0 });
    const call = await callOf(id);
    expect(call).toMatchObject({
      status: 'missed',
      disposition: 'no_answer',
      line: '74951112233',
      talk_seconds: 0,
      user_id: owner.user.id,
    });
    expect(call.contact_id).toBe(contact.id);
    expect(await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', id).execute()).toHaveLength(1);
    expect(await ctx.db.selectFrom('call_legs').select('leg_id').where('call_id', '=', call.id).execute()).toHaveLength(6);
    const list = (await owner.get(`/api/v1/calls?contactId=${contact.id}`)).json().items;
    expect(list).toEqual([
      expect.objectContaining({ id: call.id, status: 'missed', direction: 'in', from: '89165551001', userId: owner.user.id }),
    ]);
    // None of the six phones that rang got it as theirs.
    for (const phone of ringing) expect((await phone.get(`/api/v1/calls/${call.id}`)).statusCode).toBe(404);
  });

  it('the extension that answered is the manager; an unknown caller on a line goes to the line’s default user', async () => {
    const fallback = await ctx.userWith('manager');
    const line = await ctx.admin.post('/api/v1/telephony/lines', {
      number: '+7 (495) 222-33-44',
      name: 'Sales',
      defaultUserId: fallback.user.id,
    });
    expect(line.statusCode, line.body).toBe(201);
    const answerer = await withExtension('manager', '301');

    const answered = callId();
    await push([
      { providerCallId: answered, event: 'ringing', from: '+79167770001', to: '84952223344', startedAt: t(0) },
      { providerCallId: answered, legId: 'a', event: 'ringing', extension: '300', startedAt: t(1) },
      { providerCallId: answered, legId: 'b', event: 'ringing', extension: '301', startedAt: t(1) },
      { providerCallId: answered, legId: 'b', event: 'answered', answeredAt: t(8) },
      { providerCallId: answered, legId: 'a', event: 'ended', disposition: 'cancelled', endedAt: t(8) },
      { providerCallId: answered, legId: 'b', event: 'ended', endedAt: t(100) },
      { providerCallId: answered, event: 'ended', endedAt: t(100) },
    ]);
    expect(await callOf(answered)).toMatchObject({
      direction: 'in',
      status: 'answered',
      extension: '301',
      user_id: answerer.user.id,
      talk_seconds: 92,
      contact_id: null,
    });

    const missed = callId();
    await push([
      { providerCallId: missed, event: 'ringing', from: '+79167770002', to: '84952223344', startedAt: t(0) },
      { providerCallId: missed, event: 'ended', endedAt: t(20), disposition: 'cancelled' },
    ]);
    expect(await callOf(missed)).toMatchObject({ status: 'missed', user_id: fallback.user.id, contact_id: null, company_id: null });
    // The line's default user sees the unknown caller's call; the answering manager sees theirs.
    const row = await callOf(missed);
    expect((await fallback.get(`/api/v1/calls/${row.id}`)).statusCode).toBe(200);
    expect((await answerer.get(`/api/v1/calls/${row.id}`)).statusCode).toBe(404);
  });

  it('links every contact and company the number matches in any format, and those contacts’ companies', async () => {
    const a = await ctx.userWith('manager');
    const b = await ctx.userWith('manager');
    const company = (await a.post('/api/v1/companies', { name: 'ООО «Звонок»', phones: [{ number: '+7 495 600-70-80' }] })).json();
    const employer = (await b.post('/api/v1/companies', { name: 'ООО «Работодатель»' })).json();
    const first = await contactOf(b, '8 (916) 600-70-80', { companyId: employer.id });
    const second = await contactOf(a, '+79166007080');
    const id = callId();
    await push([
      { providerCallId: id, event: 'ringing', direction: 'in', from: '79166007080', to: '74950000000', startedAt: t(0) },
      { providerCallId: id, event: 'ended', endedAt: t(10) },
    ]);
    const call = await callOf(id);
    const links = await ctx.db.selectFrom('call_links').select(['entity', 'entity_id']).where('call_id', '=', call.id).execute();
    expect(links.map((l) => `${l.entity}:${l.entity_id}`).sort()).toEqual(
      [`contact:${first.id}`, `contact:${second.id}`, `company:${employer.id}`].sort(),
    );
    expect(call.contact_id).toBe(second.id);
    // Both contacts' timelines show the call (through the platform timeline), once.
    for (const [who, c] of [
      [b, first],
      [a, second],
    ] as const) {
      const items = (await who.get(`/api/v1/contacts/${c.id}/timeline`)).json().items.filter((e: { kind: string }) => e.kind === 'call');
      expect(items).toEqual([expect.objectContaining({ refEntity: 'call', refId: call.id, hidden: false })]);
      expect(items[0].data).toMatchObject({ direction: 'in', status: 'missed' });
    }
    const companyCalls = (await b.get(`/api/v1/calls?companyId=${employer.id}`)).json().items;
    expect(companyCalls.map((c: { id: string }) => c.id)).toEqual([call.id]);
    // The company whose phone is another number is not linked; its owner does not see the call.
    expect((await a.get(`/api/v1/calls?companyId=${company.id}`)).json().items).toEqual([]);
    const payload = ended.find((e) => e.id === call.id)!;
    expect(payload.contactIds.sort()).toEqual([first.id, second.id].sort());
  });

  it('a call from an extension to an outside number goes out, and is the caller’s', async () => {
    const dialler = await withExtension('manager', '401');
    const contact = await contactOf(await ctx.userWith('manager'), '+7 916 111-22-33');
    const id = callId();
    await push([
      { providerCallId: id, event: 'ringing', from: '401', to: '8 916 111 22 33', startedAt: t(0) },
      { providerCallId: id, event: 'ended', startedAt: t(0), endedAt: t(50), talkSeconds: 40, disposition: 'answered' },
    ]);
    // The client is who was called; the call is still the dialler's, not the client owner's.
    expect(await callOf(id)).toMatchObject({
      direction: 'out',
      status: 'answered',
      user_id: dialler.user.id,
      talk_seconds: 40,
      contact_id: contact.id,
    });
    const dto = (await dialler.get(`/api/v1/calls/${(await callOf(id)).id}`)).json();
    expect(dto).toMatchObject({ direction: 'out', answeredAt: t(10), endedAt: t(50), recordingUrl: null });
  });
});

describe('GET /calls', () => {
  it('filters by period, direction, status and user, pages with a cursor, refuses a reversed period', async () => {
    const op = await ctx.userWith('operator');
    const base = Date.UTC(2030, 0, 1);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = callId();
      ids.push(id);
      const at = (s: number) => new Date(base + i * 3600_000 + s * 1000).toISOString();
      await push([
        { providerCallId: id, event: 'ringing', direction: i % 2 ? 'out' : 'in', from: '500', to: '+79990000000', startedAt: at(0) },
        { providerCallId: id, event: 'ended', endedAt: at(5), ...(i === 4 ? { disposition: 'busy' } : {}) },
      ]);
    }
    const window = `from=${new Date(base).toISOString()}&to=${new Date(base + 5 * 3600_000).toISOString()}`;
    const all = (await op.get(`/api/v1/calls?${window}`)).json().items;
    expect(all).toHaveLength(5);
    expect(all.map((c: { startedAt: string }) => c.startedAt)).toEqual(
      [...all.map((c: { startedAt: string }) => c.startedAt)].sort().reverse(),
    );
    expect((await op.get(`/api/v1/calls?${window}&direction=out`)).json().items).toHaveLength(2);
    expect((await op.get(`/api/v1/calls?${window}&status=busy`)).json().items).toHaveLength(1);
    const p1 = (await op.get(`/api/v1/calls?${window}&limit=2`)).json();
    const p2 = (await op.get(`/api/v1/calls?${window}&limit=2&cursor=${p1.nextCursor}`)).json();
    const p3 = (await op.get(`/api/v1/calls?${window}&limit=2&cursor=${p2.nextCursor}`)).json();
    expect([...p1.items, ...p2.items, ...p3.items].map((c: { id: string }) => c.id)).toEqual(all.map((c: { id: string }) => c.id));
    expect(p3.nextCursor).toBeNull();
    const reversed = await op.get(`/api/v1/calls?from=${new Date(base + 1000).toISOString()}&to=${new Date(base).toISOString()}`);
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().error.fields[0]).toMatchObject({ path: 'to', code: 'calls.rules.rangeOrder' });
  });

  it('access follows the linked client: its owner and those it is shared with, the call’s manager, a head for the team, operators all', async () => {
    const team = await ctx.createTeam('Calls team');
    const head = await ctx.userWith('head_of_sales', { teamId: team });
    await ctx.db.updateTable('teams').set({ lead_id: head.user.id }).where('id', '=', team).execute();
    const answerer = await withExtension('manager', '601', { teamId: team });
    const owner = await ctx.userWith('manager');
    const colleague = await ctx.userWith('manager');
    const stranger = await ctx.userWith('manager');
    const operator = await ctx.userWith('operator');
    const contact = await contactOf(owner, '+7 916 601-60-16');
    const id = callId();
    await push([
      { providerCallId: id, event: 'ringing', from: '+79166016016', to: '74950000001', startedAt: t(0) },
      { providerCallId: id, event: 'answered', extension: '601', answeredAt: t(3) },
      { providerCallId: id, event: 'ended', endedAt: t(33) },
    ]);
    const call = await callOf(id);
    expect(call.user_id).toBe(answerer.user.id);
    const sees = async (who: Caller) => {
      const one = await who.get(`/api/v1/calls/${call.id}`);
      const listed = (await who.get(`/api/v1/calls?from=${t(-1)}&to=${t(60)}`)).json().items.some((c: { id: string }) => c.id === call.id);
      expect(listed).toBe(one.statusCode === 200);
      return one.statusCode;
    };
    expect(await sees(owner)).toBe(200);
    expect(await sees(answerer)).toBe(200);
    expect(await sees(head)).toBe(200);
    expect(await sees(operator)).toBe(200);
    expect(await sees(ctx.admin)).toBe(200);
    expect(await sees(stranger)).toBe(404);
    expect(await sees(colleague)).toBe(404);
    expect((await owner.post(`/api/v1/contacts/${contact.id}/shares`, { userId: colleague.user.id })).statusCode).toBeLessThan(300);
    expect(await sees(colleague)).toBe(200);
    expect((await stranger.get(`/api/v1/calls/${call.id}`)).json().error.code).toBe('CALL_NOT_FOUND');
  });
});

describe('lines and extensions', () => {
  it('lines: admin adds, changes and removes; the same number in another spelling is taken; others read only', async () => {
    const m = await ctx.userWith('manager');
    const created = await ctx.admin.post('/api/v1/telephony/lines', { number: '+359 2 900 11 22', name: 'Sofia' });
    expect(created.statusCode, created.body).toBe(201);
    const line = created.json();
    expect(line).toMatchObject({ number: '+359 2 900 11 22', name: 'Sofia', defaultUserId: null });
    const taken = await ctx.admin.post('/api/v1/telephony/lines', { number: '+35929001122', name: 'Again' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'TELEPHONY_LINE_TAKEN', fields: [expect.objectContaining({ path: 'number' })] });
    const badUser = await ctx.admin.patch(`/api/v1/telephony/lines/${line.id}`, { defaultUserId: '7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7' });
    expect(badUser.statusCode).toBe(422);
    expect(badUser.json().error.fields[0]).toMatchObject({ path: 'defaultUserId', code: 'calls.rules.defaultUser' });
    expect((await ctx.admin.post('/api/v1/telephony/lines', { number: 'abc', name: 'x' })).json().error.fields[0].code).toBe(
      'calls.rules.lineNumber',
    );
    const changed = await ctx.admin.patch(`/api/v1/telephony/lines/${line.id}`, { name: 'София', defaultUserId: m.user.id });
    expect(changed.json()).toMatchObject({ name: 'София', defaultUserId: m.user.id });
    expect((await m.get('/api/v1/telephony/lines')).json().items.map((l: { id: string }) => l.id)).toContain(line.id);
    expect((await m.post('/api/v1/telephony/lines', { number: '+35929001199', name: 'x' })).statusCode).toBe(403);
    expect((await m.patch(`/api/v1/telephony/lines/${line.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await m.del(`/api/v1/telephony/lines/${line.id}`)).statusCode).toBe(403);
    expect((await ctx.admin.del(`/api/v1/telephony/lines/${line.id}`)).statusCode).toBe(204);
    expect((await ctx.admin.get(`/api/v1/telephony/lines/${line.id}`)).json().error.code).toBe('TELEPHONY_LINE_NOT_FOUND');
  });

  it('extensions: an admin sets one per user, unique in the workspace, in a checked format', async () => {
    const a = await ctx.userWith('manager');
    const b = await ctx.userWith('manager');
    const set = await ctx.admin.patch(`/api/v1/users/${a.user.id}`, { extension: '777' });
    expect(set.json().extension).toBe('777');
    const dup = await ctx.admin.patch(`/api/v1/users/${b.user.id}`, { extension: '777' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'EXTENSION_TAKEN', fields: [expect.objectContaining({ path: 'extension' })] });
    const bad = await ctx.admin.patch(`/api/v1/users/${b.user.id}`, { extension: '77 7' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ path: 'extension', code: 'calls.rules.extension' });
    expect((await a.patch(`/api/v1/users/${a.user.id}`, { extension: '778' })).statusCode).toBe(403);
    // Freed, it can be given to another user.
    await ctx.admin.patch(`/api/v1/users/${a.user.id}`, { extension: null });
    expect((await ctx.admin.patch(`/api/v1/users/${b.user.id}`, { extension: '777' })).json().extension).toBe('777');
  });
});

describe('merges', () => {
  it('a call of a merged contact follows it to the kept one', async () => {
    const owner = await ctx.userWith('manager');
    const kept = await contactOf(owner, '+7 916 909-09-01');
    const merged = await contactOf(owner, '+7 916 909-09-02');
    const id = callId();
    await push([
      { providerCallId: id, event: 'ringing', direction: 'in', from: '+79169090902', startedAt: t(0) },
      { providerCallId: id, event: 'ended', endedAt: t(5) },
    ]);
    const r = await owner.post(`/api/v1/contacts/${kept.id}/merge`, { otherId: merged.id });
    expect(r.statusCode, r.body).toBe(200);
    const call = await callOf(id);
    expect(call.contact_id).toBe(kept.id);
    expect((await owner.get(`/api/v1/calls?contactId=${kept.id}`)).json().items.map((c: { id: string }) => c.id)).toEqual([call.id]);
  });
});
