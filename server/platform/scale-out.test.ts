// Two real instances of `server/main.ts` (child processes, each with its own pool and job runner)
// on one PostgreSQL: what one instance knows, the other knows, and what must happen once happens once.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/harness.js';
import { startReceiver, until, verifySignature } from '../test/receiver.js';
import { Instances, call, login, signIn as signInAs, type Instance } from '../test/instances.js';

const ADMIN = { email: 'boss-two@example.com', password: 'Kuiper-Belt-Harbor-9431' };
const instances = new Instances();
let dbHandle: Awaited<ReturnType<typeof createTestDatabase>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let A: string;
let B: string;
let second: Instance;

const startInstance = (url: string): Promise<Instance> =>
  instances.start({
    DATABASE_URL: url,
    ORBITA_ADMIN_EMAIL: ADMIN.email,
    ORBITA_ADMIN_PASSWORD: ADMIN.password,
    ORBITA_WEBHOOKS_ALLOW_PRIVATE: 'true',
  });
const signIn = (base: string) => signInAs(base, ADMIN.email, ADMIN.password);

beforeAll(async () => {
  dbHandle = await createTestDatabase();
  receiver = await startReceiver();
  // One after the other: the first creates the admin, the second finds it.
  A = (await startInstance(dbHandle.url)).base;
  second = await startInstance(dbHandle.url);
  B = second.base;
}, 150_000);

afterAll(async () => {
  await instances.stop();
  await receiver?.close();
  await dbHandle?.drop();
}, 60_000);

describe('two instances on one database', () => {
  it('a session made on one works on the other, reads and writes', async () => {
    const s = await signIn(A);
    const me = await call(B, s, 'GET', '/auth/me');
    expect(me.status).toBe(200);
    expect((await me.json()).user.id).toBe(s.userId);
    const created = await call(B, s, 'POST', '/contacts', { firstName: 'Общая', lastName: 'Сессия' });
    expect(created.status).toBe(201);
    const logout = await call(B, s, 'POST', '/auth/logout');
    expect(logout.status).toBeLessThan(300);
    // Signed out on B: A's cache may hold it for at most its 5 s, then A refuses it too.
    await until(
      async () => (await call(A, s, 'GET', '/auth/me')).status,
      (st) => st === 401,
      10_000,
    );
  });

  it('delivers each webhook event exactly once, whichever instance made the change and whichever runs the job', async () => {
    const s = await signIn(A);
    const hook = await call(B, s, 'POST', '/webhooks', { url: receiver.url, events: ['contact.created'] });
    expect(hook.status).toBe(201);
    const { id: hookId, secret } = await hook.json();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await call(i % 2 ? A : B, s, 'POST', '/contacts', { firstName: `Клиент${i}`, lastName: 'Масштабный' });
      expect(r.status).toBe(201);
      ids.push((await r.json()).id);
    }
    await until(
      () => receiver.received.length,
      (n) => n >= ids.length,
    );
    // Both runners had time to pick anything up twice.
    await new Promise((r) => setTimeout(r, 3000));
    expect(receiver.received).toHaveLength(ids.length);
    const bodies = receiver.received.map((r) => JSON.parse(r.raw));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(ids.length);
    expect(bodies.map((b) => b.data.id).sort()).toEqual([...ids].sort());
    for (const r of receiver.received) expect(verifySignature(r.headers['x-orbita-signature'] as string, r.raw, secret)).toBe(true);
    const ds = (await (await call(A, s, 'GET', `/webhooks/${hookId}/deliveries?limit=50`)).json()).items;
    expect(ds).toHaveLength(ids.length);
    expect(ds.every((d: { status: string; attempts: number }) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });

  it('a webhook created on one instance is used by the other for its very next event (its cache is dropped by the notice)', async () => {
    const s = await signIn(A);
    // B has handled company events before: its cache holds the workspace's webhooks, none for companies.
    for (const name of ['ООО «До вебхука»', 'ЕООД «Тоже до»']) expect((await call(B, s, 'POST', '/companies', { name })).status).toBe(201);
    const hook = await call(A, s, 'POST', '/webhooks', { url: receiver.url, events: ['company.created'] });
    expect(hook.status).toBe(201);
    const hookId = (await hook.json()).id;
    const made = await call(B, s, 'POST', '/companies', { name: 'АО «После вебхука»' });
    expect(made.status).toBe(201);
    const companyId = (await made.json()).id;
    // The delivery is written in the transaction of B's change: it exists as soon as B answered.
    const rows = await dbHandle.db.selectFrom('webhook_deliveries').select(['body']).where('webhook_id', '=', hookId).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].body).data.id).toBe(companyId);
    await until(
      () => receiver.received.filter((r) => r.raw.includes(companyId)).length,
      (k) => k === 1,
    );
    expect((await call(A, s, 'DELETE', `/webhooks/${hookId}`)).status).toBe(204);
  });

  it('fires a due reminder once: each stream of the owner, one per instance, gets it exactly once', async () => {
    const s = await signIn(A);
    const subjects = ['Позвонить Петрову', 'Отправить КП', 'Встреча'];
    const ids: string[] = [];
    for (const subject of subjects) {
      // Due a moment ago: the next poll of any instance claims it.
      const r = await call(A, s, 'POST', '/activities', { type: 'call', subject, dueAt: new Date(Date.now() - 1000).toISOString() });
      expect(r.status).toBe(201);
      ids.push((await r.json()).id);
    }
    const streams = [A, B].map((base) => {
      const got: string[] = [];
      const req = http.get(`${base}/api/v1/reminders/stream`, { headers: { cookie: s.cookie } }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (block.includes('event: reminder') && data) got.push(JSON.parse(data.slice(6)).id);
          }
        });
      });
      req.on('error', () => {});
      return { got, req };
    });
    try {
      // Both instances poll at once on connect and race for the same claims.
      await until(
        () => streams.map((st) => st.got.length),
        (n) => n.every((x) => x >= ids.length),
      );
      await new Promise((r) => setTimeout(r, 2000));
      for (const st of streams) expect([...st.got].sort()).toEqual([...ids].sort());
      const rows = await dbHandle.db.selectFrom('activities').select(['id', 'reminded_at']).where('id', 'in', ids).execute();
      expect(rows.every((r) => r.reminded_at !== null)).toBe(true);
    } finally {
      for (const st of streams) st.req.destroy();
    }
  });

  it('shares the login limit: failures on one instance count on the other', async () => {
    const admin = await signIn(A);
    const email = 'limited@example.com';
    const password = 'Purple-Otter-Harbor-7719';
    const made = await call(A, admin, 'POST', '/users', { email, name: 'Ограниченный', password, role: 'manager' });
    expect(made.status, await made.clone().text()).toBe(201);
    const other = 'limited-two@example.com';
    expect((await call(A, admin, 'POST', '/users', { email: other, name: 'Второй', password, role: 'manager' })).status).toBe(201);

    // How many wrong passwords one address gets for one account before 429, all on A.
    let allowed = 0;
    for (; allowed < 50; allowed++) if ((await login(A, email, 'wrong-password-123')).status === 429) break;
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(50);
    // B has seen none of them, yet refuses at once.
    expect((await login(B, email, 'wrong-password-123')).status).toBe(429);

    // The same budget spread over both instances runs out at the same count.
    for (let i = 0; i < allowed; i++) expect((await login(i % 2 ? A : B, other, 'wrong-password-123')).status).toBe(401);
    expect((await login(A, other, 'wrong-password-123')).status).toBe(429);
    expect((await login(B, other, 'wrong-password-123')).status).toBe(429);
  });

  it('stops an instance gracefully on SIGTERM, and the other carries on with the jobs', async () => {
    const b = second.child;
    const code = await new Promise<number | null>((resolve) => {
      b.once('exit', (c) => resolve(c));
      b.kill('SIGTERM');
    });
    expect(code).toBe(0);
    const s = await signIn(A);
    const before = receiver.received.length;
    expect((await call(A, s, 'POST', '/contacts', { firstName: 'После', lastName: 'Остановки' })).status).toBe(201);
    await until(
      () => receiver.received.length,
      (n) => n === before + 1,
    );
  });
});
