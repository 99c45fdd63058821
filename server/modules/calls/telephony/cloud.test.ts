// Mango Office and Zadarma webhooks through the real app: signed forms as the providers send them
// become calls (one per entry_id / pbx_call_id, legs for the phones rung), matched to clients and
// their managers; unsigned or wrongly signed requests are refused and store nothing.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../../test/harness.js';
import { mangoSign } from './mango.adapter.js';
import { zadarmaSign } from './zadarma.adapter.js';

let ctx: TestContext;
let taker: Caller;
let owner: Caller;
let contactId: string;
const CLIENT = '+79161234567';
const LINE = '74951002030';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  ctx.app.inject({
    method: 'POST',
    url,
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
const callOf = (provider: string, providerCallId: string) =>
  ctx.db.selectFrom('calls').selectAll().where('provider', '=', provider).where('provider_call_id', '=', providerCallId).executeTakeFirst();
const countCalls = async (provider: string) =>
  Number(
    (
      await ctx.db
        .selectFrom('calls')
        .select((e) => e.fn.countAll().as('n'))
        .where('provider', '=', provider)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  ctx = await createTestContext();
  taker = await ctx.userWith('manager');
  owner = await ctx.userWith('manager');
  expect((await ctx.admin.patch(`/api/v1/users/${taker.user.id}`, { extension: '101' })).statusCode).toBe(200);
  const contact = await ctx.admin.post('/api/v1/contacts', {
    firstName: 'Облачный',
    lastName: 'Клиент',
    phones: [{ number: '+7 (916) 123-45-67', type: 'mobile' }],
    ownerId: owner.user.id,
  });
  expect(contact.statusCode, contact.body).toBe(201);
  contactId = contact.json().id;
});
afterAll(async () => {
  await ctx?.close();
});

describe('Mango Office', () => {
  const apiKey = 'vpbx-key-' + crypto.randomBytes(4).toString('hex');
  const salt = 'mango-salt-2026';
  let id: string;
  let base: string;
  const send = (kind: string, payload: unknown, opts: { key?: string; salt?: string; sign?: string } = {}) => {
    const json = JSON.stringify(payload);
    const key = opts.key ?? apiKey;
    return post(`${base}/events/${kind}`, { vpbx_api_key: key, sign: opts.sign ?? mangoSign(key, json, opts.salt ?? salt), json });
  };

  beforeAll(async () => {
    const created = await ctx.admin.post('/api/v1/telephony/connections', { provider: 'mango', apiKey, apiSalt: salt });
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    base = `/api/v1/telephony/mango/${id}`;
  });

  it('shows the webhook URL and the key, never the salt, which is stored sealed', async () => {
    const c = (await ctx.admin.get(`/api/v1/telephony/connections/${id}`)).json();
    expect(c).toMatchObject({ provider: 'mango', apiKey, host: null, port: null, username: null, status: 'pending' });
    expect(c.webhookUrl).toMatch(new RegExp(`^https?://[^/]+${base}$`));
    expect(JSON.stringify(c)).not.toContain(salt);
    const row = await ctx.db.selectFrom('telephony_connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(salt);
    expect(row.lease_holder).toBeNull();
  });

  it('refuses a wrong signature, salt or key with 401 and stores nothing', async () => {
    const payload = {
      entry_id: 'refused-1',
      call_id: 'c1',
      timestamp: 1764000000,
      call_state: 'Appeared',
      location: 'ivr',
      from: { number: CLIENT },
    };
    for (const bad of [{ sign: 'f'.repeat(64) }, { salt: 'other-salt' }, { key: 'other-key' }]) {
      const res = await send('call', payload, bad);
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().error.code).toBe('TELEPHONY_SIGNATURE_INVALID');
    }
    expect(await callOf('mango', 'refused-1')).toBeUndefined();
    const res = await post(`${base}/events/call`, { json: JSON.stringify(payload) });
    expect(res.statusCode).toBe(401);
  });

  it('builds one answered call from a ring group: the leg that answered is its manager, the client is matched', async () => {
    const entry = 'entry-answered';
    const t = 1764000000;
    const to = (extension: string) => ({ extension, number: `sip:${extension}@vpbx.mangosip.ru`, line_number: LINE });
    const events: [string, unknown][] = [
      [
        'call',
        {
          entry_id: entry,
          call_id: 'ivr',
          timestamp: t,
          seq: 1,
          call_state: 'Appeared',
          location: 'ivr',
          from: { number: CLIENT.slice(1) },
          to: { number: LINE, line_number: LINE },
        },
      ],
      [
        'call',
        {
          entry_id: entry,
          call_id: 'leg-101',
          timestamp: t + 5,
          seq: 2,
          call_state: 'Appeared',
          location: 'abonent',
          from: { number: CLIENT.slice(1) },
          to: to('101'),
        },
      ],
      [
        'call',
        {
          entry_id: entry,
          call_id: 'leg-102',
          timestamp: t + 5,
          seq: 3,
          call_state: 'Appeared',
          location: 'abonent',
          from: { number: CLIENT.slice(1) },
          to: to('102'),
        },
      ],
      [
        'call',
        {
          entry_id: entry,
          call_id: 'leg-101',
          timestamp: t + 12,
          seq: 4,
          call_state: 'Connected',
          location: 'abonent',
          from: { number: CLIENT.slice(1) },
          to: to('101'),
        },
      ],
      [
        'call',
        {
          entry_id: entry,
          call_id: 'leg-102',
          timestamp: t + 12,
          seq: 5,
          call_state: 'Disconnected',
          location: 'abonent',
          from: { number: CLIENT.slice(1) },
          to: to('102'),
        },
      ],
      [
        'call',
        {
          entry_id: entry,
          call_id: 'leg-101',
          timestamp: t + 72,
          seq: 6,
          call_state: 'Disconnected',
          location: 'abonent',
          from: { number: CLIENT.slice(1) },
          to: to('101'),
        },
      ],
      [
        'summary',
        {
          entry_id: entry,
          call_direction: 1,
          from: { number: CLIENT.slice(1) },
          to: { extension: '101', number: 'sip:101@vpbx.mangosip.ru' },
          line_number: LINE,
          create_time: t,
          talk_time: t + 12,
          end_time: t + 72,
          entry_result: 1,
        },
      ],
    ];
    for (const [kind, payload] of events) {
      const res = await send(kind, payload);
      expect(res.statusCode, res.body).toBe(200);
    }
    const call = (await callOf('mango', entry))!;
    expect(call).toMatchObject({
      direction: 'in',
      status: 'answered',
      extension: '101',
      talk_seconds: 60,
      user_id: taker.user.id,
      contact_id: contactId,
    });
    expect(call.started_at.toISOString()).toBe(new Date(t * 1000).toISOString());
    const legs = await ctx.db.selectFrom('call_legs').selectAll().where('call_id', '=', call.id).orderBy('leg_id').execute();
    expect(legs.map((l) => [l.leg_id, l.disposition])).toEqual([
      ['leg-101', 'answered'],
      ['leg-102', 'no_answer'],
    ]);
    const api = await owner.get(`/api/v1/calls/${call.id}`);
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json()).toMatchObject({ status: 'answered', talkSeconds: 60, contactId });
    const timeline = (await owner.get(`/api/v1/contacts/${contactId}/timeline`)).json();
    expect(timeline.items.some((e: { kind: string; refId?: string }) => e.kind === 'call')).toBe(true);

    // Mango retries a notification it got no answer to: nothing is applied twice.
    const again = await send(...events[events.length - 1]);
    expect(again.json()).toEqual({ received: 1, applied: 0, replays: 1 });
    const c = (await ctx.admin.get(`/api/v1/telephony/connections/${id}`)).json();
    expect(c.status).toBe('connected');
    expect(c.lastEventAt).not.toBeNull();
  });

  it('makes a call nobody answered one missed call of the client owner, and attaches a completed recording', async () => {
    const entry = 'entry-missed';
    const t = 1764003600;
    for (const ext of ['101', '102', '103']) {
      const leg = {
        entry_id: entry,
        call_id: `leg-${ext}`,
        call_state: 'Appeared',
        location: 'abonent',
        from: { number: CLIENT.slice(1) },
        to: { extension: ext, line_number: LINE },
      };
      expect((await send('call', { ...leg, timestamp: t + 2 })).statusCode).toBe(200);
      expect((await send('call', { ...leg, timestamp: t + 30, call_state: 'Disconnected' })).statusCode).toBe(200);
    }
    await send('summary', {
      entry_id: entry,
      call_direction: 1,
      from: { number: CLIENT.slice(1) },
      to: { number: LINE },
      line_number: LINE,
      create_time: t,
      talk_time: 0,
      end_time: t + 30,
      entry_result: 0,
    });
    const call = (await callOf('mango', entry))!;
    expect(call).toMatchObject({ status: 'missed', user_id: owner.user.id, talk_seconds: 0 });
    expect(await countCalls('mango')).toBe(2);

    await send('recording', { entry_id: 'entry-answered', recording_id: 'rec-started', recording_state: 'Started' });
    await send('recording', { entry_id: 'entry-answered', recording_id: 'rec-777', recording_state: 'Completed' });
    expect((await callOf('mango', 'entry-answered'))!.recording_ref).toBe('rec-777');
  });

  it('answers a malformed notification with 400 naming the field, and acknowledges kinds it does not keep', async () => {
    const notJson = await post(`${base}/events/call`, { vpbx_api_key: apiKey, sign: mangoSign(apiKey, '{oops', salt), json: '{oops' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.fields[0].path).toBe('json');
    const noEntry = await send('summary', { create_time: 1, end_time: 2 });
    expect(noEntry.statusCode).toBe(400);
    expect(noEntry.json().error.fields.map((f: { path: string }) => f.path)).toContain('json.entry_id');
    const dtmf = await send('dtmf', { entry_id: 'x', dtmf: '1' });
    expect(dtmf.statusCode, dtmf.body).toBe(200);
    expect(dtmf.json().received).toBe(0);
    expect(await countCalls('mango')).toBe(2);
  });
});

describe('Zadarma', () => {
  const secret = 'zadarma-secret-2026';
  let id: string;
  let url: string;
  let zone: string;
  const signed = (fields: Record<string, string>, s = secret) => post(url, fields, { signature: zadarmaSign(fields, s) });
  /** A wall-clock time of the workspace's zone, as Zadarma writes call_start. */
  const wall = (d: Date) =>
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .format(d)
      .replace('T', ' ');

  beforeAll(async () => {
    const created = await ctx.admin.post('/api/v1/telephony/connections', { provider: 'zadarma', key: 'zd-key', secret });
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    url = `/api/v1/telephony/zadarma/${id}`;
    zone = (await ctx.db.selectFrom('workspaces').select('time_zone').where('id', '=', ctx.workspaceId).executeTakeFirstOrThrow())
      .time_zone;
  });

  it('echoes the URL check as plain text, for its own connections only', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `${url}?zd_echo=check-42` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe('check-42');
    const other = await ctx.app.inject({ method: 'GET', url: `/api/v1/telephony/zadarma/${crypto.randomUUID()}?zd_echo=x` });
    expect(other.statusCode).toBe(404);
  });

  it('takes an incoming call through start, the extension rung, answer and end; the start is read in the workspace zone', async () => {
    const started = new Date(Date.now() - 120_000);
    started.setMilliseconds(0);
    const common = { pbx_call_id: 'in:1764:abc', caller_id: CLIENT, called_did: LINE, call_start: wall(started) };
    const steps: Record<string, string>[] = [
      { event: 'NOTIFY_START', ...common },
      { event: 'NOTIFY_INTERNAL', ...common, internal: '101' },
      {
        event: 'NOTIFY_ANSWER',
        pbx_call_id: common.pbx_call_id,
        caller_id: CLIENT,
        destination: '101',
        call_start: common.call_start,
        internal: '101',
      },
      {
        event: 'NOTIFY_END',
        ...common,
        internal: '101',
        duration: '42',
        disposition: 'answered',
        status_code: '16',
        is_recorded: '1',
        call_id_with_rec: 'rec-zd-1',
      },
    ];
    for (const fields of steps) {
      const res = await signed(fields);
      expect(res.statusCode, `${fields.event}: ${res.body}`).toBe(200);
    }
    const call = (await callOf('zadarma', common.pbx_call_id))!;
    expect(call).toMatchObject({
      direction: 'in',
      status: 'answered',
      extension: '101',
      user_id: taker.user.id,
      talk_seconds: 42,
      recording_ref: 'rec-zd-1',
      contact_id: contactId,
    });
    expect(call.started_at.toISOString()).toBe(started.toISOString());
  });

  it('refuses a wrong or missing Signature with 401 and stores nothing', async () => {
    const fields = { event: 'NOTIFY_START', pbx_call_id: 'in:refused', caller_id: CLIENT, called_did: LINE, call_start: wall(new Date()) };
    expect((await signed(fields, 'not-the-secret')).statusCode).toBe(401);
    expect((await post(url, fields)).statusCode).toBe(401);
    expect(await callOf('zadarma', 'in:refused')).toBeUndefined();
  });

  it('takes an outgoing call that found the client busy', async () => {
    const start = wall(new Date(Date.now() - 30_000));
    const common = { pbx_call_id: 'out:1764:def', internal: '101', destination: CLIENT, caller_id: LINE, call_start: start };
    expect((await signed({ event: 'NOTIFY_OUT_START', ...common })).statusCode).toBe(200);
    expect((await signed({ event: 'NOTIFY_OUT_END', ...common, duration: '0', disposition: 'busy', is_recorded: '0' })).statusCode).toBe(
      200,
    );
    const call = (await callOf('zadarma', common.pbx_call_id))!;
    expect(call).toMatchObject({
      direction: 'out',
      status: 'busy',
      extension: '101',
      user_id: taker.user.id,
      contact_id: contactId,
      recording_ref: null,
    });
  });

  it('answers 400 naming call_start when it is not a time, and acknowledges notifications it does not keep', async () => {
    const bad = await signed({
      event: 'NOTIFY_START',
      pbx_call_id: 'in:bad',
      caller_id: CLIENT,
      called_did: LINE,
      call_start: '02.12.2026 10:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('call_start');
    const sms = await post(url, { event: 'SMS', result: '{}' });
    expect(sms.statusCode).toBe(200);
    expect(sms.json().received).toBe(0);
    expect(await callOf('zadarma', 'in:bad')).toBeUndefined();
  });

  it('does not take Mango notifications on a Zadarma connection', async () => {
    const json = JSON.stringify({ entry_id: 'cross' });
    const res = await post(`/api/v1/telephony/mango/${id}/events/summary`, {
      vpbx_api_key: 'zd-key',
      sign: mangoSign('zd-key', json, secret),
      json,
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('click-to-call without Asterisk', () => {
  it('answers 409 TELEPHONY_NO_PBX when only cloud PBXs are connected', async () => {
    const res = await taker.post('/api/v1/calls/originate', { number: CLIENT });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('TELEPHONY_NO_PBX');
  });
});
