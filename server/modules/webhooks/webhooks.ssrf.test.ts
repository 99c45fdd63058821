import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { startReceiver, until } from '../../test/receiver.js';
import { isPrivateAddress } from './webhooks.address.js';

// The default configuration: private and loopback targets are refused (no ORBITA_WEBHOOKS_ALLOW_PRIVATE).
let ctx: TestContext;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  ctx = await createTestContext();
  receiver = await startReceiver();
  await ctx.startJobs();
});
afterAll(async () => {
  await ctx.close();
  await receiver.close();
});

describe('webhook targets', () => {
  it('knows private, loopback, link-local and mapped addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '224.0.0.1',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '93.184.216.34', '2a00:1450:4001:82b::200e']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses private and loopback URLs at creation with 422 naming url', async () => {
    for (const url of [
      receiver.url,
      'http://localhost:3000/x',
      'http://10.0.0.7/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://2130706433/',
      'http://0x7f000001/',
    ]) {
      const r = await ctx.admin.post('/api/v1/webhooks', { url, events: ['deal.*'] });
      expect(r.statusCode, url).toBe(422);
      expect(r.json().error).toMatchObject({ code: 'WEBHOOK_URL_REFUSED', fields: [{ path: 'url', code: 'webhooks.rules.privateUrl' }] });
    }
    const ok = await ctx.admin.post('/api/v1/webhooks', { url: 'https://93.184.216.34/hook', events: ['deal.*'] });
    expect(ok.statusCode, ok.body).toBe(201);
    const patched = await ctx.admin.patch(`/api/v1/webhooks/${ok.json().id}`, { url: 'http://127.0.0.1:9/' });
    expect(patched.statusCode).toBe(422);
    expect(patched.json().error.fields[0].path).toBe('url');
    await ctx.admin.del(`/api/v1/webhooks/${ok.json().id}`);
  });

  it('checks again at delivery, after DNS resolution (a name that now points to loopback gets nothing)', async () => {
    // A public target at creation whose name later resolves to 127.0.0.1 (DNS rebinding): stand in for
    // the changed DNS answer by pointing the stored URL at a name that resolves to loopback.
    const created = await ctx.admin.post('/api/v1/webhooks', { url: 'https://93.184.216.34/hook', events: ['contact.created'] });
    const id = created.json().id;
    await sql`update webhooks set url = ${`http://localhost:${receiver.port}/hooks`} where id = ${id}`.execute(ctx.db);
    expect((await ctx.admin.post('/api/v1/contacts', { firstName: 'Ребинд', lastName: 'Днс' })).statusCode).toBe(201);
    const ds = await until(
      async () => (await ctx.admin.get(`/api/v1/webhooks/${id}/deliveries`)).json().items,
      (items: { status: string }[]) => items[0]?.status === 'retrying',
    );
    expect(ds[0]).toMatchObject({ attempts: 1, responseCode: null, lastError: expect.stringMatching(/private or loopback/) });
    expect(receiver.received).toHaveLength(0);
  });
});
