// Finding 2.8 of issue 6: bad input that answered 500 (or slipped through) before. One test per
// cause; each sends what the attack run sent and expects a 4xx in the one error shape naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, TEST_PASSWORD, type Caller, type TestContext } from './harness.js';
import { decodeCursor } from '../platform/cursor.js';

let ctx: TestContext;
let head: Caller;
let ids: { company: string; contact: string; deal: string; pipeline: string; stage: string };

beforeAll(async () => {
  ctx = await createTestContext();
  head = await ctx.userWith('head_of_sales');
  const company = (await ctx.admin.post('/api/v1/companies', { name: 'ООО Вход' })).json();
  const contact = (await ctx.admin.post('/api/v1/contacts', { firstName: 'Ирина' })).json();
  const pipeline = (await ctx.admin.get('/api/v1/pipelines')).json().items[0];
  const deal = (await ctx.admin.post('/api/v1/deals', { title: 'Поставка', pipelineId: pipeline.id })).json();
  ids = { company: company.id, contact: contact.id, deal: deal.id, pipeline: pipeline.id, stage: pipeline.stages[0].id };
});
afterAll(async () => {
  await ctx.close();
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const UUID = '0b7c1e3a-2f7d-4c1e-9a55-1d2c3b4a5f60';
const DASHES = '-'.repeat(36);

/** A 400 VALIDATION that names `path` with a translated message (not the rule code itself). */
function expectField(res: LightMyRequestResponse, path: string, code?: string) {
  expect(res.statusCode, res.body).toBe(400);
  const err = res.json().error;
  expect(err.code).toBe('VALIDATION');
  const f = err.fields.find((x: { path: string }) => x.path === path);
  expect(f, res.body).toBeDefined();
  if (code) expect(f.code).toBe(code);
  expect(f.message).toBeTruthy();
  expect(f.message).not.toBe(f.code);
}

describe('crafted cursors are a 400 on `cursor` on every list', () => {
  // Each list with the kind of its sort value: text sorts take any string, but never a non-UUID id.
  const lists = (): [string, 'text' | 'time'][] => [
    ['/api/v1/deals?', 'time'],
    ['/api/v1/deals?sort=amount&', 'time'],
    ['/api/v1/deals?sort=-expectedCloseDate&', 'time'],
    ['/api/v1/deals?sort=title&', 'text'],
    ['/api/v1/products?', 'text'],
    ['/api/v1/companies?', 'text'],
    ['/api/v1/companies?sort=-createdAt&', 'time'],
    ['/api/v1/contacts?sort=updatedAt&', 'time'],
    [`/api/v1/companies/${ids.company}/timeline?`, 'time'],
    [`/api/v1/contacts/${ids.contact}/timeline?`, 'time'],
    [`/api/v1/deals/${ids.deal}/timeline?`, 'time'],
    ['/api/v1/activities?', 'time'],
    ['/api/v1/control/stale-contacts?', 'time'],
  ];
  const badIds = [b64(['x', 'y']), b64(['x', DASHES]), b64(['1', DASHES]), b64(['1']), b64({ a: 1 }), 'not-base64!'];
  const badValues = [b64(['not a time', UUID]), b64(['2026-02-30', UUID]), b64(['0000-01-01', UUID])];

  it('answers 400 VALIDATION on cursor, never 500, for each crafted cursor', async () => {
    const failures: string[] = [];
    for (const [list, kind] of lists()) {
      for (const c of kind === 'time' ? [...badIds, ...badValues] : badIds) {
        const res = await ctx.admin.get(`${list}cursor=${c}`);
        const field = res.statusCode === 400 ? res.json().error.fields.map((f: { path: string }) => f.path) : [];
        if (res.statusCode !== 400 || !field.includes('cursor')) failures.push(`${list} ${Buffer.from(c, 'base64url')}: ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('still pages with the cursors the lists hand out', async () => {
    for (let i = 0; i < 3; i++) await ctx.admin.post('/api/v1/deals', { title: `Сделка ${i}`, pipelineId: ids.pipeline, amount: '10.50' });
    for (const sort of ['-updatedAt', 'amount', '-expectedCloseDate', 'title', 'nextStepDueAt']) {
      const first = (await ctx.admin.get(`/api/v1/deals?sort=${sort}&limit=2`)).json();
      expect(first.nextCursor).toBeTruthy();
      const next = await ctx.admin.get(`/api/v1/deals?sort=${sort}&limit=2&cursor=${first.nextCursor}`);
      expect(next.statusCode, `${sort}: ${next.body}`).toBe(200);
      expect(next.json().items[0].id).not.toBe(first.items[0].id);
    }
  });

  it('the codec checks the id as a UUID and the value by the declared kind', () => {
    expect(decodeCursor(b64(['2026-12-01 09:30:00.123456+00', UUID]), 'timestamptz')).toEqual(['2026-12-01 09:30:00.123456+00', UUID]);
    expect(decodeCursor(b64(['infinity', UUID]), 'date')).toEqual(['infinity', UUID]);
    expect(decodeCursor(undefined, 'text')).toBeUndefined();
    for (const [v, kind] of [
      ['0000-01-01', 'date'],
      ['2025-02-29', 'date'],
      ['2026-01-01T25:00:00Z', 'timestamptz'],
      ['1e5', 'numeric'],
      ['a\u0000b', 'text'],
    ] as const) {
      expect(() => decodeCursor(b64([v, UUID]), kind), v).toThrow('VALIDATION');
    }
  });
});

describe('NUL bytes and lone surrogates are refused for every field, before any query', () => {
  it('login with a NUL in the email is a 400 on email', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a\u0000@b.c', password: 'x' } });
    expectField(res, 'email', 'invalid_characters');
  });

  it('a NUL in a query, a body field and a path parameter is a 400 naming it', async () => {
    expectField(await ctx.admin.get('/api/v1/companies?q=ab%00c'), 'q', 'invalid_characters');
    expectField(await ctx.admin.get('/api/v1/search?q=%00'), 'q', 'invalid_characters');
    expectField(await ctx.admin.post('/api/v1/contacts', { firstName: 'Ан\u0000на' }), 'firstName', 'invalid_characters');
    expectField(
      await ctx.admin.post('/api/v1/companies', { name: 'ООО', phones: [{ type: 'work', number: '+7\u0000' }] }),
      'phones.0.number',
      'invalid_characters',
    );
    expectField(await ctx.admin.get('/api/v1/companies/ab%00'), 'id', 'invalid_characters');
  });

  it('a lone surrogate in a note is a 400 on text, in the caller language', async () => {
    const res = await ctx.admin.req({
      method: 'POST',
      url: `/api/v1/companies/${ids.company}/notes`,
      headers: { 'content-type': 'application/json' },
      payload: '{"text":"\\ud800 note"}',
      lang: 'bg',
    });
    expectField(res, 'text', 'invalid_characters');
    expect(res.json().error.fields[0].message).toMatch(/знаци/);
  });
});

describe('integers past int32 and dates outside sane years', () => {
  it('version and position past int32 are a 400 on the field', async () => {
    expectField(await ctx.admin.patch(`/api/v1/deals/${ids.deal}`, { title: 'X', version: 2147483648 }), 'version');
    expectField(await ctx.admin.post(`/api/v1/deals/${ids.deal}/move`, { stageId: ids.stage, position: 2147483648 }), 'position');
    expectField(await ctx.admin.patch(`/api/v1/companies/${ids.company}`, { name: 'X', version: 2 ** 40 }), 'version');
  });

  it('year 0000 in expectedCloseDate, from and birthday is a 400 on the field', async () => {
    expectField(
      await ctx.admin.post('/api/v1/deals', { title: 'Ноль', pipelineId: ids.pipeline, expectedCloseDate: '0000-01-01' }),
      'expectedCloseDate',
      'date_out_of_range',
    );
    expectField(await ctx.admin.get('/api/v1/deals?from=0000-01-01'), 'from', 'date_out_of_range');
    expectField(await ctx.admin.get('/api/v1/reports/lost-reasons?from=0000-12-31'), 'from');
    expectField(await ctx.admin.post('/api/v1/contacts', { firstName: 'Ноль', birthday: '0000-01-01' }), 'birthday');
    expectField(await ctx.admin.get('/api/v1/activities?from=0000-01-01T00:00:00Z'), 'from');
  });
});

describe('audit entity is one of the known kinds', () => {
  it('hasOwnProperty and constructor are a 400 on entity, not a 500 or an unchecked read', async () => {
    for (const entity of ['hasOwnProperty', 'constructor', '__proto__', 'toString', 'nope']) {
      expectField(await head.get(`/api/v1/audit?entity=${entity}&id=${ids.company}`), 'entity');
    }
    expect((await ctx.admin.get(`/api/v1/audit?entity=company&id=${ids.company}`)).statusCode).toBe(200);
  });
});

describe('time zones come from the runtime list', () => {
  it('PATCH /auth/me refuses Mars/Olympus and offsets, takes IANA names and aliases', async () => {
    const me = await ctx.userWith('manager');
    for (const tz of ['Mars/Olympus', '+03:00', 'europe/moscow', 'Europe/Moscow\u0000']) {
      expectField(await me.patch('/api/v1/auth/me', { timeZone: tz }), 'timeZone');
    }
    for (const tz of ['Europe/Sofia', 'UTC', 'Europe/Kiev', 'America/Argentina/Buenos_Aires']) {
      expect((await me.patch('/api/v1/auth/me', { timeZone: tz })).statusCode, tz).toBe(200);
    }
    expectField(
      await ctx.admin.post('/api/v1/users', {
        email: 'tz@test.local',
        name: 'TZ',
        password: TEST_PASSWORD,
        role: 'manager',
        timeZone: 'Mars/Olympus',
      }),
      'timeZone',
    );
  });

  it('a zone stored before validation does not break the lost-reasons report', async () => {
    const m = await ctx.userWith('manager');
    await ctx.db.updateTable('users').set({ time_zone: 'Mars/Olympus' }).where('id', '=', m.user.id).execute();
    const again = await ctx.signIn(m.user.email, TEST_PASSWORD);
    const res = await again.get('/api/v1/reports/lost-reasons');
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe("Fastify's own refusals come in the Orbita error shape, translated", () => {
  const expectShape = (res: LightMyRequestResponse, status: number, code: string, word: RegExp) => {
    expect(res.statusCode, res.body).toBe(status);
    const err = res.json().error;
    expect(err).toMatchObject({ code, fields: [] });
    expect(err.message).toMatch(word);
    expect(res.body).not.toMatch(/FST_ERR/);
  };

  it('a URL that is not valid UTF-8 (GET /companies/%ED%A0%80)', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/companies/%ED%A0%80', headers: { 'accept-language': 'ru' } });
    expectShape(res, 400, 'BAD_URL', /адрес/i);
  });

  it('a path parameter past its length (414) is in the shape too', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/companies/${'x'.repeat(600)}`, headers: { 'accept-language': 'bg' } });
    expectShape(res, 414, 'BAD_URL', /адрес/i);
  });

  it('a body that is not an object at all is a 400 naming `body` (found by the fuzz test)', async () => {
    for (const payload of ['[]', '"x"', '123']) {
      const res = await ctx.admin.req({ method: 'POST', url: '/api/v1/teams', payload, headers: { 'content-type': 'application/json' } });
      expectField(res, 'body', 'invalid_type');
    }
    expectField(await ctx.admin.req({ method: 'POST', url: '/api/v1/teams' }), 'body');
  });

  it('malformed JSON, a __proto__ key, an empty JSON body, a wrong content type, a body too large, a bad Content-Length', async () => {
    const post = (payload: string | Buffer, headers: Record<string, string>) =>
      ctx.admin.req({ method: 'POST', url: '/api/v1/contacts', payload, headers, lang: 'ru' });
    expectShape(await post('{"firstName":', { 'content-type': 'application/json' }), 400, 'INVALID_JSON', /JSON/);
    expectShape(
      await post('{"__proto__":{"x":1},"firstName":"A"}', { 'content-type': 'application/json' }),
      400,
      'INVALID_JSON',
      /__proto__/,
    );
    expectShape(await post('', { 'content-type': 'application/json' }), 400, 'EMPTY_BODY', /пуст/);
    expectShape(await post('<x/>', { 'content-type': 'application/xml' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/json/);
    expectShape(
      await post(Buffer.alloc(10 * 1024 * 1024 + 10, 32), { 'content-type': 'application/json' }),
      413,
      'BODY_TOO_LARGE',
      /слишком/,
    );
    expectShape(
      await post('{"firstName":"A"}', { 'content-type': 'application/json', 'content-length': '3' }),
      400,
      'BAD_CONTENT_LENGTH',
      /Content-Length/,
    );
  });
});
