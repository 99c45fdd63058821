import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { pbxToken, sendCallEvents } from '../../test/pbx.js';
import { closeStaleCalls } from './calls.sweep.js';

let ctx: TestContext;
let token: string;
const HOUR = 3600_000;

beforeAll(async () => {
  ctx = await createTestContext();
  token = await pbxToken(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

/** Sends events as a PBX would, then dates their arrival as if they had come at `heardAt`. */
async function pbx(events: object[], heardAt: Date) {
  await sendCallEvents(ctx.app, token, events);
  for (const e of events as { providerCallId: string }[])
    await ctx.db.updateTable('call_events').set({ received_at: heardAt }).where('provider_call_id', '=', e.providerCallId).execute();
}
const callOf = (id: string) => ctx.db.selectFrom('calls').selectAll().where('provider_call_id', '=', id).executeTakeFirstOrThrow();

describe('the sweep of calls whose end never came', () => {
  it('ends a call left ringing for over an hour as missed, an answered one after half a day, and leaves current ones', async () => {
    const now = Date.now();
    const contact = await ctx.admin.post('/api/v1/contacts?force=true', {
      firstName: 'Потерянный',
      phones: [{ number: '+7 916 555-44-33' }],
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const at = (ms: number) => new Date(now - ms);
    await pbx(
      [
        {
          providerCallId: 'lost-ringing',
          event: 'ringing',
          from: '+79165554433',
          to: '74950001122',
          startedAt: at(2 * HOUR).toISOString(),
        },
      ],
      at(2 * HOUR - 25_000),
    );
    await pbx(
      [
        { providerCallId: 'lost-talk', event: 'ringing', from: '+79165554433', to: '74950001122', startedAt: at(13 * HOUR).toISOString() },
        { providerCallId: 'lost-talk', event: 'answered', answeredAt: at(13 * HOUR - 10_000).toISOString() },
      ],
      at(13 * HOUR - 10_000),
    );
    await pbx(
      [
        {
          providerCallId: 'talking-now',
          event: 'answered',
          from: '+79165554433',
          to: '74950001122',
          startedAt: at(2 * HOUR).toISOString(),
        },
      ],
      at(2 * HOUR),
    );
    await pbx(
      [{ providerCallId: 'ringing-now', event: 'ringing', from: '+79165554433', to: '74950001122', startedAt: at(60_000).toISOString() }],
      at(60_000),
    );

    expect(await closeStaleCalls(ctx.db)).toBe(2);
    const ringing = await callOf('lost-ringing');
    expect(ringing).toMatchObject({ status: 'missed', disposition: 'no_answer', talk_seconds: 0 });
    expect(ringing.ended_at?.toISOString()).toBe(at(2 * HOUR - 25_000).toISOString());
    const talk = await callOf('lost-talk');
    expect(talk).toMatchObject({ status: 'answered', disposition: 'answered' });
    expect(talk.ended_at?.toISOString()).toBe(at(13 * HOUR - 10_000).toISOString());
    expect((await callOf('talking-now')).ended_at).toBeNull();
    expect((await callOf('ringing-now')).status).toBe('ringing');

    // Ended like a real end: the calls are now on the caller's timeline.
    const timeline = (await ctx.admin.get(`/api/v1/contacts/${contact.json().id}/timeline`)).json();
    expect(timeline.items.filter((e: { kind: string }) => e.kind === 'call')).toHaveLength(2);
    // A late real end changes nothing, and a second sweep finds nothing.
    await pbx([{ providerCallId: 'lost-ringing', event: 'ended', endedAt: at(HOUR).toISOString() }], at(HOUR));
    expect((await callOf('lost-ringing')).ended_at?.toISOString()).toBe(at(2 * HOUR - 25_000).toISOString());
    expect(await closeStaleCalls(ctx.db)).toBe(0);
  });
});
