// Two real instances of server/main.ts (child processes) on one database and one PBX: exactly one
// of them follows the PBX connection; when that one is killed (SIGKILL: no goodbye, its lease stays
// until it runs out), the other takes the connection over, logs in and follows the calls.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmiServer, type AmiServer } from '../../../test/ami-server.js';
import { createTestDatabase } from '../../../test/harness.js';
import { until } from '../../../test/receiver.js';
import { Instances, call, signIn } from '../../../test/instances.js';

const ADMIN = { email: 'pbx-admin@example.com', password: 'Quasar-Lantern-Orchard-5120' };
const KEY = crypto.randomBytes(32).toString('base64');
const instances = new Instances();
let dbHandle: Awaited<ReturnType<typeof createTestDatabase>>;
let pbx: AmiServer;

const startInstance = (url: string) =>
  instances.start(
    {
      DATABASE_URL: url,
      ORBITA_ADMIN_EMAIL: ADMIN.email,
      ORBITA_ADMIN_PASSWORD: ADMIN.password,
      ORBITA_SECRET_KEY: KEY,
      ORBITA_TELEPHONY_LEASE_SECONDS: '2',
    },
    90_000,
  );

async function session(base: string) {
  const s = await signIn(base, ADMIN.email, ADMIN.password);
  return (method: string, url: string, body?: unknown) => call(base, s, method, url, body);
}

const holderOf = async (id: string) =>
  (await dbHandle.db.selectFrom('telephony_connections').select('lease_holder').where('id', '=', id).executeTakeFirstOrThrow())
    .lease_holder;

beforeAll(async () => {
  dbHandle = await createTestDatabase();
  pbx = await startAmiServer({ username: 'orbita', secret: 'takeover-secret' });
}, 60_000);

afterAll(async () => {
  instances.kill();
  await pbx?.stop();
  await dbHandle?.drop();
}, 60_000);

describe('one instance follows a PBX, another takes over when it dies', () => {
  it('the survivor logs in again and follows the calls', { timeout: 240_000 }, async () => {
    // One after the other: the first creates the admin, the second finds it.
    const a = await startInstance(dbHandle.url);
    const b = await startInstance(dbHandle.url);
    const api = await session(a.base);
    const created = await api('POST', '/telephony/connections', {
      provider: 'asterisk',
      host: '127.0.0.1',
      port: pbx.port,
      username: 'orbita',
      secret: 'takeover-secret',
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    await until(
      async () => (await (await api('GET', `/telephony/connections/${id}`)).json()).status,
      (s) => s === 'connected',
      30_000,
    );
    expect(pbx.clients()).toBe(1);
    const holder = (await holderOf(id))!;
    const [dying, survivor] = holder.includes(`:${a.child.pid}:`) ? [a, b] : [b, a];
    expect(holder).toContain(`:${dying.child.pid}:`);
    // Over several renewals the other instance leaves it alone: still one login, one holder.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(pbx.logins()).toBe(1);
    expect(await holderOf(id)).toBe(holder);

    dying.child.kill('SIGKILL');
    await until(
      async () => ({ holder: await holderOf(id), logins: pbx.logins(), clients: pbx.clients() }),
      (s) => !!s.holder && s.holder.includes(`:${survivor.child.pid}:`) && s.logins === 2 && s.clients === 1,
      30_000,
    );
    const rest = await session(survivor.base);
    expect((await (await rest('GET', `/telephony/connections/${id}`)).json()).status).toBe('connected');
    pbx.play(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'ami_ring_group_missed.txt'), 'utf8'));
    const calls = await until(
      async () => (await (await rest('GET', '/calls?status=missed')).json()).items,
      (items: unknown[]) => items.length > 0,
      30_000,
    );
    expect(calls).toEqual([expect.objectContaining({ direction: 'in', status: 'missed', from: '89161234567', line: '74951234567' })]);
  });
});
