// The screen pop end to end: a real HTTP server, each manager's real Server-Sent Events stream,
// call events from a PBX through the API; what each manager's screen is told, with their access.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type Caller, type TestContext } from '../../test/harness.js';
import { pbxToken, sendCallEvents } from '../../test/pbx.js';

let ctx: TestContext;
let port: number;
let token: string;
let owner: Caller;
let colleague: Caller;
let contactId: string;
let dealId: string;
const CLIENT = '+79167770011';

/** A user's open stream: the `call` events it received, parsed. */
type Stream = { pops: Record<string, unknown>[]; close: () => void; next: (n: number) => Promise<Record<string, unknown>[]> };

async function openStream(who: Caller): Promise<Stream> {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.user.email, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const pops: Record<string, unknown>[] = [];
  let buffer = '';
  const req = http.get({ port, host: '127.0.0.1', path: '/api/v1/reminders/stream', headers: { cookie } });
  await new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (!block.includes('event: call')) continue;
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) pops.push(JSON.parse(data.slice(6)));
        }
      });
      resolve();
    });
    req.on('error', (e) => {
      if (!String(e).includes('socket hang up')) reject(e);
    });
  });
  return {
    pops,
    close: () => req.destroy(),
    next: async (n) => {
      for (let i = 0; i < 100 && pops.length < n; i++) await new Promise((r) => setTimeout(r, 50));
      return pops.slice(0, n);
    },
  };
}

const pbx = (events: object[]) => sendCallEvents(ctx.app, token, events);

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  port = (ctx.app.server.address() as AddressInfo).port;
  token = await pbxToken(ctx);
  owner = await ctx.userWith('manager');
  colleague = await ctx.userWith('manager');
  for (const [who, ext] of [
    [owner, '301'],
    [colleague, '302'],
  ] as const)
    expect((await ctx.admin.patch(`/api/v1/users/${who.user.id}`, { extension: ext })).statusCode).toBe(200);
  const contact = await owner.post('/api/v1/contacts', { firstName: 'Звонящий', lastName: 'Клиентов', phones: [{ number: CLIENT }] });
  expect(contact.statusCode, contact.body).toBe(201);
  contactId = contact.json().id;
  const deal = await owner.post('/api/v1/deals', {
    title: 'Поставка насосов',
    contactIds: [contactId],
    amount: '150000.00',
    currency: 'RUB',
  });
  expect(deal.statusCode, deal.body).toBe(201);
  dealId = deal.json().id;
  const done = await owner.post('/api/v1/activities', {
    type: 'meeting',
    subject: 'Встреча на объекте',
    dueAt: new Date(Date.now() - 86_400_000).toISOString(),
    contactId,
  });
  expect(done.statusCode, done.body).toBe(201);
  expect((await owner.post(`/api/v1/activities/${done.json().id}/complete`, { outcome: 'Договорились о КП' })).statusCode).toBe(200);
});
afterAll(async () => {
  await ctx?.close();
});

describe('screen pop', () => {
  it('tells each phone the call rings who is calling, as far as that manager may see, and that it was taken', async () => {
    const mine = await openStream(owner);
    const theirs = await openStream(colleague);
    const id = `pop-${Date.now()}`;
    await pbx([
      { providerCallId: id, event: 'ringing', direction: 'in', from: CLIENT, to: '74950001122', startedAt: new Date().toISOString() },
      { providerCallId: id, legId: 'a', event: 'ringing', extension: '301' },
      { providerCallId: id, legId: 'b', event: 'ringing', extension: '302' },
    ]);
    const [pop] = await mine.next(1);
    expect(pop).toMatchObject({
      status: 'ringing',
      number: CLIENT,
      unknown: false,
      mine: true,
      contacts: [{ id: contactId, name: 'Клиентов Звонящий', hidden: false }],
      openDeals: [{ id: dealId, title: 'Поставка насосов', amount: '150000.00' }],
      lastActivity: { type: 'meeting', subject: 'Встреча на объекте' },
      ownerName: owner.user.name,
    });
    // The colleague's phone rings too: the number, but not a client they may not open.
    const [other] = await theirs.next(1);
    expect(other).toMatchObject({
      status: 'ringing',
      number: CLIENT,
      mine: false,
      contacts: [{ id: contactId, name: null, hidden: true }],
      openDeals: [],
      lastActivity: null,
      ownerName: null,
    });
    expect(JSON.stringify(other)).not.toContain('Клиентов');

    await pbx([{ providerCallId: id, legId: 'a', event: 'answered', extension: '301' }]);
    const [, taken] = await theirs.next(2);
    expect(taken).toMatchObject({ status: 'answered', mine: false });
    expect((await mine.next(2))[1]).toMatchObject({ status: 'answered', mine: true });

    // The same pop through the API: for whom it rang, not for a manager it never reached.
    const call = await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', id).executeTakeFirstOrThrow();
    expect((await colleague.get(`/api/v1/calls/${call.id}/pop`)).json()).toMatchObject({ contacts: [{ hidden: true }] });
    const stranger = await ctx.userWith('manager');
    expect((await stranger.get(`/api/v1/calls/${call.id}/pop`)).statusCode).toBe(404);
    mine.close();
    theirs.close();
  });

  it('offers to create the client when nobody has the number', async () => {
    const stream = await openStream(owner);
    await pbx([
      {
        providerCallId: `unknown-${Date.now()}`,
        event: 'ringing',
        direction: 'in',
        from: '+79990001234',
        to: '74950001122',
        extension: '301',
      },
    ]);
    const [pop] = await stream.next(1);
    expect(pop).toMatchObject({ unknown: true, number: '+79990001234', contacts: [], companies: [], openDeals: [] });
    stream.close();
  });
});
