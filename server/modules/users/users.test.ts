import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestContext } from '../../test/harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

describe('auth', () => {
  it('health answers once the database does', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('login sets an HttpOnly cookie and me returns the user, csrf token and calendar feed', async () => {
    const m = await ctx.userWith('manager');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: m.user.email, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'orbita_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(res.json().csrfToken).toBeTruthy();
    expect(res.json().user).not.toHaveProperty('passwordHash');
    const me = await m.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(m.user.email);
    expect(me.json().calendarFeedUrl).toMatch(/\/api\/v1\/calendar\/[\w-]+\.ics$/);
  });

  it('wrong password is 401 with a translated message', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'bg' },
      payload: { email: 'nobody@test.local', password: 'x' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Грешен имейл или парола' });
  });

  it('rate-limits repeated failures per account and address (finding 2.4: not from anywhere)', async () => {
    const m = await ctx.userWith('manager');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: m.user.email, password: 'wrong-password' },
        remoteAddress: '192.0.2.1',
      });
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Failures from other addresses did not lock the account: the right password still works.
    for (let i = 0; i < 4; i++) {
      const r = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: m.user.email, password: 'wrong-password' },
        remoteAddress: `192.0.2.${10 + i}`,
      });
      expect(r.statusCode).toBe(401);
    }
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: m.user.email, password: TEST_PASSWORD },
      remoteAddress: '192.0.2.50',
    });
    expect(ok.statusCode).toBe(200);
  });

  it('unauthenticated API calls get 401 in the request language', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: { 'accept-language': 'ru-RU,ru;q=0.9' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Войдите в систему', fields: [] } });
  });

  it('unsafe cookie requests without the CSRF header are refused', async () => {
    const res = await ctx.admin.req({
      method: 'POST',
      url: '/api/v1/teams',
      payload: { name: 'X' },
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF');
  });

  it('logout ends the session', async () => {
    const m = await ctx.userWith('manager');
    expect((await m.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await m.get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});

describe('users', () => {
  it('only an admin creates users; bad input names each field', async () => {
    const m = await ctx.userWith('manager');
    const denied = await m.post('/api/v1/users', {
      email: 'someone@example.com',
      name: 'A',
      password: 'plum orchard 4417',
      role: 'manager',
    });
    expect(denied.statusCode, denied.body).toBe(403);
    const bad = await ctx.admin.post('/api/v1/users', { email: 'not-an-email', name: '', password: 'short', role: 'king' });
    expect(bad.statusCode).toBe(400);
    const paths = bad
      .json()
      .error.fields.map((f: { path: string }) => f.path)
      .sort();
    expect(paths).toEqual(['email', 'name', 'password', 'role']);
    const ok = await ctx.admin.post('/api/v1/users', {
      email: 'New.User@Test.local',
      name: 'New User',
      password: 'plum orchard 4417',
      role: 'finance',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ email: 'new.user@test.local', role: 'finance' });
    const dup = await ctx.admin.post('/api/v1/users', {
      email: 'new.user@test.local',
      name: 'Again',
      password: 'plum orchard 4417',
      role: 'finance',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0].path).toBe('email');
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', ok.json().id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('language of a user is remembered', async () => {
    const m = await ctx.userWith('manager');
    const res = await m.patch('/api/v1/auth/me', { language: 'bg' });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.language).toBe('bg');
    const noHeader = await m.req({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'accept-language': '' } });
    expect(noHeader.statusCode).toBe(404);
  });
});

describe('first-start setup link', () => {
  it('a wrong token is refused with a translated message', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: { 'accept-language': 'ru' },
      payload: { token: 'nope', workspaceName: 'W', email: 'x@example.com', name: 'X', password: 'plum orchard 4417' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({
      code: 'SETUP_TOKEN_INVALID',
      message: 'Ссылка для настройки недействительна или уже использована',
    });
  });
});
