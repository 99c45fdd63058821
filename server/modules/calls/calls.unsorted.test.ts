import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';

let ctx: TestContext;
let token: string;
let operator: Caller, lineManager: Caller, extManager: Caller, other: Caller;
let n = 0;

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const freshNumber = () => `+7926${String(1_000_000 + ++n).padStart(7, '0')}`;

/** One call in one summary event; returns its id. */
async function call(s: {
  from?: string;
  to?: string;
  direction?: 'in' | 'out';
  line?: string;
  extension?: string;
  answered?: boolean;
  ago: number;
}) {
  const providerCallId = `unsorted-${++n}-${Date.now()}`;
  const r = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/telephony/events',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      providerCallId,
      event: 'ended',
      direction: s.direction ?? 'in',
      from: s.from,
      to: s.to ?? s.line,
      line: s.line,
      extension: s.extension,
      startedAt: at(s.ago),
      answeredAt: s.answered ? at(s.ago - 0.5) : undefined,
      endedAt: at(s.ago - 1),
      disposition: s.answered ? 'answered' : 'no_answer',
    },
  });
  expect(r.statusCode, r.body).toBe(202);
  return (await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', providerCallId).executeTakeFirstOrThrow()).id;
}

const queue = async (who: Caller) => {
  const r = await who.get('/api/v1/calls/unsorted?limit=200');
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items as { number: string; calls: number; missed: number; lastCall: { id: string } }[];
};

beforeAll(async () => {
  ctx = await createTestContext();
  token = (await ctx.admin.post('/api/v1/api-tokens', { name: 'PBX' })).json().token;
  operator = await ctx.userWith('operator');
  lineManager = await ctx.userWith('manager');
  extManager = await ctx.userWith('manager');
  other = await ctx.userWith('manager');
  expect((await ctx.admin.patch(`/api/v1/users/${extManager.user.id}`, { extension: '301' })).statusCode).toBe(200);
  const line = await ctx.admin.post('/api/v1/telephony/lines', {
    number: '+7 495 200-00-01',
    name: 'Опт',
    defaultUserId: lineManager.user.id,
  });
  expect(line.statusCode, line.body).toBe(201);
});
afterAll(async () => {
  await ctx?.close();
});

describe('the unsorted queue', () => {
  it('lists each unknown number once with its calls; a manager sees the calls of their line and extension, an operator all', async () => {
    const number = freshNumber();
    await call({ from: number, line: '+74952000001', ago: 30 });
    const last = await call({ from: number, line: '+74952000001', extension: '301', answered: true, ago: 20 });
    const elsewhere = await call({ from: freshNumber(), line: '+74959999999', ago: 10 });
    const item = (await queue(operator)).find((i) => i.lastCall.id === last);
    expect(item).toMatchObject({ number, calls: 2, missed: 1 });
    expect((await queue(operator)).map((i) => i.lastCall.id)).toContain(elsewhere);
    // The line's default user sees the number (its missed call came in on their line); so does the extension's.
    expect((await queue(lineManager)).map((i) => i.number)).toContain(number);
    expect((await queue(extManager)).map((i) => i.number)).toContain(number);
    expect((await queue(other)).map((i) => i.number)).not.toContain(number);
    expect((await queue(lineManager)).map((i) => i.lastCall.id)).not.toContain(elsewhere);
    // A known client's number is not in the queue.
    const known = freshNumber();
    await lineManager.post('/api/v1/contacts', { firstName: 'Известный', phones: [{ number: known }] });
    await call({ from: known, line: '+74952000001', ago: 5 });
    expect((await queue(operator)).map((i) => i.number)).not.toContain(known);
  });

  it('pages by the last call, newest first', async () => {
    for (let i = 0; i < 3; i++) await call({ from: freshNumber(), line: '+74950000000', ago: 100 + i });
    const first = await operator.get('/api/v1/calls/unsorted?limit=2');
    const page1 = first.json();
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = (await operator.get(`/api/v1/calls/unsorted?limit=2&cursor=${page1.nextCursor}`)).json();
    const ids = [...page1.items, ...page2.items].map((i: { lastCall: { id: string } }) => i.lastCall.id);
    expect(new Set(ids).size).toBe(ids.length);
    const starts = [...page1.items, ...page2.items].map((i: { lastCall: { startedAt: string } }) => i.lastCall.startedAt);
    expect([...starts].sort().reverse()).toEqual(starts);
  });
});

describe('sorting a number in one step', () => {
  it('creates a contact with the number; every call of the number moves to its timeline', async () => {
    const number = freshNumber();
    const first = await call({ from: number, line: '+74952000001', ago: 50 });
    const second = await call({ to: number, direction: 'out', extension: '301', from: '301', answered: true, ago: 40 });
    const r = await lineManager.post(`/api/v1/calls/${first}/sort`, { createContact: { firstName: 'Ольга', lastName: 'Новая' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ entity: 'contact', calls: 2 });
    const contact = (await lineManager.get(`/api/v1/contacts/${r.json().id}`)).json();
    expect(contact.phones).toEqual([expect.objectContaining({ type: 'mobile' })]);
    expect(contact.ownerId).toBe(lineManager.user.id);
    const timeline = (await lineManager.get(`/api/v1/contacts/${contact.id}/timeline`)).json().items;
    expect(
      timeline
        .filter((e: { kind: string }) => e.kind === 'call')
        .map((e: { refId: string }) => e.refId)
        .sort(),
    ).toEqual([first, second].sort());
    for (const id of [first, second]) expect((await lineManager.get(`/api/v1/calls/${id}`)).json().contactId).toBe(contact.id);
    expect((await queue(operator)).map((i) => i.number)).not.toContain(number);
    // Sorted already: a second try is a conflict, in the caller's language.
    const again = await lineManager.req({
      method: 'POST',
      url: `/api/v1/calls/${first}/sort`,
      payload: { createCompany: { name: 'X' } },
      lang: 'ru',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'CALL_ALREADY_SORTED' });
    expect(again.json().error.message).toMatch(/[а-я]/);
    // The contacts list finds the client by the number now.
    const list = (await lineManager.get('/api/v1/calls?contactId=' + contact.id)).json();
    expect(list.items.map((c: { id: string }) => c.id).sort()).toEqual([first, second].sort());
    expect(list.items[0].contact).toMatchObject({ id: contact.id, hidden: false, name: expect.stringContaining('Ольга') });
  });

  it('adds the number to an existing company (its calls then belong to it) and creates companies', async () => {
    const number = freshNumber();
    const id = await call({ from: number, line: '+74952000001', ago: 15 });
    const company = (await lineManager.post('/api/v1/companies', { name: 'ООО «Есть»' })).json();
    const r = await lineManager.post(`/api/v1/calls/${id}/sort`, { companyId: company.id });
    expect(r.statusCode, r.body).toBe(200);
    const after = (await lineManager.get(`/api/v1/companies/${company.id}`)).json();
    expect(after.phones.map((p: { number: string }) => p.number.replace(/\D/g, ''))).toContain(number.replace(/\D/g, ''));
    expect((await lineManager.get(`/api/v1/calls/${id}`)).json().companyId).toBe(company.id);

    const other2 = await call({ from: freshNumber(), line: '+74952000001', ago: 14 });
    const made = await lineManager.post(`/api/v1/calls/${other2}/sort`, { createCompany: { name: 'ООО «Новая»' } });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json().entity).toBe('company');
  });

  it('refuses a record the caller may not open, names the bad field of a bad body, and changes nothing', async () => {
    const number = freshNumber();
    const id = await call({ from: number, line: '+74952000001', ago: 12 });
    const foreign = (await other.post('/api/v1/contacts', { firstName: 'Чужой' })).json();
    const r = await lineManager.post(`/api/v1/calls/${id}/sort`, { contactId: foreign.id });
    expect(r.statusCode).toBe(404);
    const bad = await lineManager.post(`/api/v1/calls/${id}/sort`, { createContact: { firstName: '' } });
    expect(bad.statusCode).toBe(400);
    expect((await queue(lineManager)).map((i) => i.number)).toContain(number);
    expect((await ctx.db.selectFrom('call_links').select('call_id').where('call_id', '=', id).execute()).length).toBe(0);
  });
});
