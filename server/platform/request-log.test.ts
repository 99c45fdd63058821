import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { createTestContext, TEST_PASSWORD, type TestContext } from '../test/harness.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';

let ctx: TestContext;
let app: FastifyInstance;
const lines: string[] = [];
beforeAll(async () => {
  ctx = await createTestContext();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' }), webDistDir: '/nonexistent' };
  app = await buildApp({ config, db: ctx.db, logger: createLogger('info', sink) });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('finding 2.12: the request log names routes and parameter names, never personal values', () => {
  it('a search by phone and by email leaves neither in the log', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ctx.admin.user.email, password: TEST_PASSWORD },
    });
    const cookies = { orbita_session: login.cookies.find((c) => c.name === 'orbita_session')!.value };
    const phone = '+79161234567';
    const email = 'ivan.petrov@example.com';
    const created = await ctx.admin.post('/api/v1/contacts', { firstName: 'Ivan', lastName: 'Petrov' });
    const urls = [
      `/api/v1/search?q=${encodeURIComponent(phone)}`,
      `/api/v1/contacts?q=${encodeURIComponent(email)}&limit=5`,
      `/api/v1/contacts/${created.json().id}?q=${encodeURIComponent(phone)}`,
      `/api/v1/no-such-thing/${encodeURIComponent(email)}`,
    ];
    lines.length = 0;
    for (const url of urls) await app.inject({ method: 'GET', url, cookies });
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(requests.map((r) => [r.route, r.query])).toEqual([
      ['/api/v1/search', ['q']],
      ['/api/v1/contacts', ['q', 'limit']],
      ['/api/v1/contacts/:id', ['q']],
      ['(unmatched)', undefined],
    ]);
    const text = lines.join('\n');
    for (const secret of [phone, '79161234567', email, encodeURIComponent(email), created.json().id]) expect(text).not.toContain(secret);
  });
});
