// The Asterisk follower end to end: a real AMI server on a TCP port (server/test/ami-server.ts)
// greets, takes the login and writes captured event streams; the supervisor follows the connection
// made through the API, and the calls appear as the API shows them. The real captures of
// ../shared/fixtures/real are replayed where they exist (CI); the project's own fixtures always.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecrets, parseSecretKey } from '../../../platform/secrets.js';
import { createLogger } from '../../../platform/logger.js';
import { startAmiServer, type AmiServer } from '../../../test/ami-server.js';
import { createTestContext, type Caller, type TestContext } from '../../../test/harness.js';
import { until } from '../../../test/receiver.js';
import { startTelephony, type Telephony } from './telephony.supervisor.js';

const KEY = crypto.randomBytes(32).toString('base64');
const REAL = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/real');
const realCapture = (name: string) => path.join(REAL, name);
const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const hasReal = fs.existsSync(realCapture('ami_pjsip_answered_outbound_sweeney.txt'));

let ctx: TestContext;
let pbx: AmiServer;
let telephony: Telephony;
let connectionId: string;

/** Quick timings: reconnects within a fraction of a second, a lease of two seconds. */
const timings = { leaseMs: 2_000, client: { backoffMs: { first: 50, max: 300 }, pingMs: 1_000, timeoutMs: 1_000 } };

const connection = async (id = connectionId) => (await ctx.admin.get(`/api/v1/telephony/connections/${id}`)).json();
const callsOf = (providerCallId: string) =>
  ctx.db.selectFrom('calls').selectAll().where('provider', '=', 'asterisk').where('provider_call_id', '=', providerCallId).execute();
/** The call of a Linkedid once it is over. */
const endedCall = async (linkedId: string, id = connectionId) =>
  (
    await until(
      () => callsOf(`${id}/${linkedId}`),
      (rows) => rows.length === 1 && rows[0].ended_at !== null,
    )
  )[0];

async function withExtension(extension: string): Promise<Caller> {
  const who = await ctx.userWith('manager');
  expect((await ctx.admin.patch(`/api/v1/users/${who.user.id}`, { extension })).statusCode).toBe(200);
  return who;
}

beforeAll(async () => {
  ctx = await createTestContext({ env: { ORBITA_SECRET_KEY: KEY } });
  pbx = await startAmiServer({ username: 'orbita', secret: 'pbx-secret-2026' });
  const created = await ctx.admin.post('/api/v1/telephony/connections', {
    provider: 'asterisk',
    host: '127.0.0.1',
    port: pbx.port,
    username: 'orbita',
    secret: 'pbx-secret-2026',
  });
  expect(created.statusCode, created.body).toBe(201);
  connectionId = created.json().id;
  telephony = startTelephony({
    db: ctx.db,
    log: createLogger('silent'),
    secrets: createSecrets(parseSecretKey(KEY)),
    holder: 'test-instance',
    ...timings,
  });
  await until(connection, (c) => c.status === 'connected');
});
afterAll(async () => {
  await telephony?.stop();
  await pbx?.stop();
  await ctx?.close();
});

describe('connections', () => {
  it('stores the secret sealed and never shows it; only admins manage connections', async () => {
    const row = await ctx.db.selectFrom('telephony_connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain('pbx-secret-2026');
    expect(createSecrets(parseSecretKey(KEY)).open(row.secret_sealed)).toBe('pbx-secret-2026');
    const list = await ctx.admin.get('/api/v1/telephony/connections');
    expect(list.body).not.toContain('pbx-secret-2026');
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id: connectionId,
        provider: 'asterisk',
        port: pbx.port,
        username: 'orbita',
        status: 'connected',
        error: null,
      }),
    ]);
    const m = await ctx.userWith('manager');
    expect((await m.get('/api/v1/telephony/connections')).statusCode).toBe(403);
    expect(
      (await m.post('/api/v1/telephony/connections', { provider: 'asterisk', host: 'pbx', port: 5038, username: 'u', secret: 's' }))
        .statusCode,
    ).toBe(403);
    const bad = await ctx.admin.post('/api/v1/telephony/connections', {
      provider: 'asterisk',
      host: 'http://pbx/',
      port: 70000,
      username: 'u',
      secret: 's',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string; code: string }) => `${f.path} ${f.code}`)
        .sort(),
    ).toEqual(['host calls.rules.host', 'port too_big_number']);
  });

  it('a wrong secret shows as an error of that connection, in the caller’s language; the others go on', async () => {
    const wrong = (
      await ctx.admin.post('/api/v1/telephony/connections', {
        provider: 'asterisk',
        host: '127.0.0.1',
        port: pbx.port,
        username: 'orbita',
        secret: 'not-the-secret',
      })
    ).json();
    await telephony.tick();
    const refused = await until(
      () => connection(wrong.id),
      (c) => c.error?.code === 'AMI_AUTH_FAILED',
    );
    expect(refused.status).toMatch(/error|connecting/);
    expect(pbx.refusals()).toBeGreaterThan(0);
    const ru = await ctx.admin.req({ method: 'GET', url: `/api/v1/telephony/connections/${wrong.id}`, lang: 'ru' });
    expect(ru.json().error.message).toBe('АТС отклонила имя пользователя или пароль');
    expect((await connection()).status).toBe('connected');
    // Removed, it is let go of: no more attempts with the wrong secret.
    expect((await ctx.admin.del(`/api/v1/telephony/connections/${wrong.id}`)).statusCode).toBe(204);
    await telephony.tick();
    expect(telephony.following()).toEqual([connectionId]);
    expect((await ctx.admin.get(`/api/v1/telephony/connections/${wrong.id}`)).statusCode).toBe(404);
  });
});

describe('replaying captures over AMI', () => {
  it.skipIf(!hasReal)('real capture: an answered call between two PJSIP phones is one internal answered call', async () => {
    const answerer = await withExtension('21');
    pbx.play(fs.readFileSync(realCapture('ami_pjsip_answered_outbound_sweeney.txt'), 'utf8'));
    const call = await endedCall('1770888509.40');
    expect(call).toMatchObject({ direction: 'internal', status: 'answered', from_number: '1986', to_number: '21', extension: '21' });
    expect(call.user_id).toBe(answerer.user.id);
    const legs = await ctx.db.selectFrom('call_legs').selectAll().where('call_id', '=', call.id).execute();
    expect(legs).toEqual([expect.objectContaining({ leg_id: '1770888509.41', extension: '21', disposition: 'answered' })]);
  });

  it.skipIf(!hasReal)('real capture: the caller hangs up before anyone answers, one missed call', async () => {
    pbx.play(fs.readFileSync(realCapture('ami_pjsip_unanswered_cancel_sweeney.txt'), 'utf8'));
    const call = await endedCall('1770888559.46');
    expect(call).toMatchObject({ status: 'missed', disposition: 'cancelled', answered_at: null, talk_seconds: 0 });
    const legs = await ctx.db.selectFrom('call_legs').selectAll().where('call_id', '=', call.id).execute();
    expect(legs).toEqual([expect.objectContaining({ extension: '21', disposition: 'cancelled' })]);
  });

  it('a ring group of six phones nobody answered is one missed call of the line, for the client’s owner', async () => {
    const owner = await ctx.userWith('manager');
    for (const x of ['101', '102', '104', '105', '106']) await withExtension(x);
    const contact = (
      await owner.post('/api/v1/contacts', { firstName: 'Анна', lastName: 'Звонкова', phones: [{ number: '+7 916 123-45-67' }] })
    ).json();
    const events = await ctx.db
      .selectFrom('call_events')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    pbx.play(fixture('ami_ring_group_missed.txt'));
    const call = await endedCall('1770900000.10');
    expect(call).toMatchObject({
      direction: 'in',
      status: 'missed',
      disposition: 'cancelled',
      from_number: '89161234567',
      to_number: '74951234567',
      line: '74951234567',
      user_id: owner.user.id,
      contact_id: contact.id,
      talk_seconds: 0,
    });
    // The PBX's own times (timestampevents=yes), not the moment of the replay.
    expect(call.started_at.toISOString()).toBe(new Date(1770900000_000).toISOString());
    expect(call.ended_at!.toISOString()).toBe(new Date(1770900031_200).toISOString());
    expect(await ctx.db.selectFrom('call_legs').select('leg_id').where('call_id', '=', call.id).execute()).toHaveLength(6);
    expect(await callsOf(`${connectionId}/1770900000.10`)).toHaveLength(1);
    const timeline = (await owner.get(`/api/v1/contacts/${contact.id}/timeline`))
      .json()
      .items.filter((e: { kind: string }) => e.kind === 'call');
    expect(timeline).toEqual([expect.objectContaining({ refId: call.id, data: expect.objectContaining({ status: 'missed' }) })]);

    // The same stream again (a replayed capture, a reconnect that repeats): nothing twice.
    pbx.play(fixture('ami_ring_group_missed.txt'));
    // A call of its own between them, so the end of the replay is known.
    pbx.play(fixture('ami_asterisk11_answered.txt').replaceAll('1770902000.', '1770909000.'));
    await endedCall('1770909000.1');
    const after = await ctx.db
      .selectFrom('call_events')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const asterisk11 = await ctx.db
      .selectFrom('call_events')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('provider_call_id', '=', `${connectionId}/1770909000.1`)
      .executeTakeFirstOrThrow();
    const ringGroup = await ctx.db
      .selectFrom('call_events')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('provider_call_id', '=', `${connectionId}/1770900000.10`)
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(events.n)).toBe(Number(ringGroup.n) + Number(asterisk11.n));
    expect(await callsOf(`${connectionId}/1770900000.10`)).toHaveLength(1);
  });

  it('a ring group answered by one phone is that user’s answered call, with the talk time between answer and hang-up', async () => {
    const answerer = await withExtension('103');
    const call = await (async () => {
      pbx.play(fixture('ami_ring_group_answered.txt'));
      return endedCall('1770901000.10');
    })();
    expect(call).toMatchObject({ direction: 'in', status: 'answered', extension: '103', user_id: answerer.user.id, talk_seconds: 95 });
    expect(call.answered_at!.toISOString()).toBe(new Date(1770901009_000).toISOString());
    const legs = await ctx.db
      .selectFrom('call_legs')
      .select(['extension', 'disposition'])
      .where('call_id', '=', call.id)
      .orderBy('extension')
      .execute();
    expect(legs).toEqual([
      { extension: '101', disposition: 'cancelled' },
      { extension: '102', disposition: 'cancelled' },
      { extension: '103', disposition: 'answered' },
    ]);
  });

  it('Asterisk 11 (no Linkedid, Dial SubEvent): the dialled channel joins its caller’s call instead of making one', async () => {
    const answerer = await withExtension('204');
    pbx.play(fixture('ami_asterisk11_answered.txt'));
    const call = await endedCall('1770902000.1');
    expect(call).toMatchObject({
      status: 'answered',
      extension: '204',
      user_id: answerer.user.id,
      talk_seconds: 40,
      from_number: '0888123456',
    });
    expect(await callsOf(`${connectionId}/1770902000.2`)).toEqual([]);
  });

  it('reconnects after the PBX restarts, and follows the calls after it', async () => {
    const before = pbx.logins();
    await pbx.stop();
    const lost = await until(connection, (c) => c.status !== 'connected');
    expect(['error', 'connecting']).toContain(lost.status);
    await pbx.start();
    await until(connection, (c) => c.status === 'connected' && pbx.logins() > before);
    const answerer = await withExtension('150');
    pbx.play(
      fixture('ami_ring_group_answered.txt')
        .replaceAll('1770901000.', '1770903000.')
        .replaceAll('PJSIP/103-', 'PJSIP/150-')
        .replaceAll(': 103', ': 150'),
    );
    const call = await endedCall('1770903000.10');
    expect(call).toMatchObject({ status: 'answered', user_id: answerer.user.id });
  });
});

describe('click-to-call', () => {
  it("rings the caller's phone through the PBX's AMI, then dials the number; says why when it cannot", async () => {
    const caller = await withExtension('170');
    const contact = await caller.req({
      method: 'POST',
      url: '/api/v1/contacts?force=true',
      payload: { firstName: 'Набираемый', phones: [{ number: '+7 916 700-11-22' }] },
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const res = await caller.post('/api/v1/calls/originate', { number: '+7 (916) 700-11-22', contactId: contact.json().id });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ status: 'done', extension: '170', number: '+79167001122', error: null });
    expect(pbx.originates().at(-1)).toMatchObject({
      Channel: 'PJSIP/170',
      Context: 'from-internal',
      Exten: '+79167001122',
      Priority: '1',
      Async: 'true',
    });
    expect((await caller.get(`/api/v1/calls/originate/${res.json().id}`)).json().status).toBe('done');

    // The PBX refuses a number its dialplan does not know: the reason is passed on, in the caller's language.
    const refused = await caller.req({ method: 'POST', url: '/api/v1/calls/originate', payload: { number: '000' }, lang: 'ru' });
    expect(refused.json()).toMatchObject({ status: 'failed', error: { code: 'REFUSED' } });
    expect(refused.json().error.message).toContain('Extension does not exist.');

    // Nobody else reads the request; a user without an extension, or a contact one may not open, is refused.
    expect((await ctx.admin.get(`/api/v1/calls/originate/${res.json().id}`)).statusCode).toBe(404);
    const noPhone = await ctx.userWith('manager');
    const none = await noPhone.post('/api/v1/calls/originate', { number: '+79167001122' });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('TELEPHONY_NO_EXTENSION');
    const other = await withExtension('171');
    expect((await other.post('/api/v1/calls/originate', { number: '+79167001122', contactId: contact.json().id })).statusCode).toBe(404);
  });

  it('tells the web whether its call buttons show: an extension and a connection that places calls', async () => {
    const caller = await withExtension('172');
    expect((await caller.get('/api/v1/calls/originate')).json()).toEqual({ available: true, extension: '172', reason: null });
    const noPhone = await ctx.userWith('manager');
    expect((await noPhone.get('/api/v1/calls/originate')).json()).toEqual({ available: false, extension: null, reason: 'noExtension' });
  });
});
