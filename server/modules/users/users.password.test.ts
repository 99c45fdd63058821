import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { AppError } from '../../platform/errors.js';
import { createTestContext, TEST_PASSWORD, type TestContext } from '../../test/harness.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demoUsers } from '../../demo/users.js';
import { createSetupToken, createWorkspaceWithAdmin } from './index.js';
import { assertStrongPassword } from './users.password.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const fieldOf = (body: string) => {
  const f = JSON.parse(body).error.fields as { path: string; code: string; message: string }[];
  return f.map((x) => `${x.path}:${x.code}`);
};

describe('finding 2.11: weak passwords are refused wherever a password is set', () => {
  const email = 'ivan.petrov@example.com';
  const name = 'Ivan Petrov';
  // [password, field code]: 400 for the length rule (contract), 422 for the strength rules (service).
  const refused: [string, string][] = [
    ['aaaaaaaa', 'too_small_string'],
    ['12345678', 'too_small_string'],
    ['password', 'too_small_string'],
    ['        ', 'too_small_string'],
    ['aaaaaaaaaa', 'password_weak'],
    ['1234567890', 'password_weak'],
    ['password12', 'password_weak'],
    ['          ', 'password_weak'],
    ['qwertyuiop', 'password_weak'],
    [email, 'password_personal'],
    ['ivan.petrov2026!', 'password_personal'],
    ['petrov-orchard-77', 'password_personal'],
  ];

  it('POST /users refuses each, naming `password` and the rule', async () => {
    for (const [password, code] of refused) {
      const res = await ctx.admin.post('/api/v1/users', { email, name, password, role: 'manager' });
      expect([400, 422], password).toContain(res.statusCode);
      expect(fieldOf(res.body), password).toEqual([`password:${code}`]);
    }
    const ok = await ctx.admin.post('/api/v1/users', { email, name, password: 'plum orchard 4417', role: 'manager' });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('PATCH /users/:id refuses a weak new password (checked against that user, not the admin)', async () => {
    const m = await ctx.userWith('manager', { name: 'Olga Sokolova' });
    const weak = await ctx.admin.patch(`/api/v1/users/${m.user.id}`, { password: 'sokolova-1987' });
    expect(weak.statusCode).toBe(422);
    expect(fieldOf(weak.body)).toEqual(['password:password_personal']);
    const local = m.user.email.split('@')[0];
    expect(fieldOf((await ctx.admin.patch(`/api/v1/users/${m.user.id}`, { password: `${local}-x` })).body)).toEqual([
      'password:password_personal',
    ]);
    expect((await ctx.admin.patch(`/api/v1/users/${m.user.id}`, { password: 'plum orchard 4417' })).statusCode).toBe(200);
  });

  it('the messages are translated in ru, bg and en', async () => {
    const expected = {
      en: ['Must be at least 10 characters', 'Too easy to guess', 'Must not contain your email or name'],
      ru: ['Не короче 10 символов', 'Слишком легко угадать', 'Не должен содержать ваш email или имя'],
      bg: ['Поне 10 знака', 'Твърде лесна за отгатване', 'Не трябва да съдържа вашия имейл или име'],
    };
    for (const [lang, [short, weak, personal]] of Object.entries(expected)) {
      const messages = [];
      for (const password of ['aaaaaaaa', '1234567890', 'ivan.petrov2026!']) {
        const payload = { email: `ivan.petrov@${lang}.example.com`, name, password, role: 'manager' };
        const res = await ctx.admin.req({ method: 'POST', url: '/api/v1/users', payload, lang });
        messages.push(res.json().error.fields[0].message as string);
      }
      expect(messages[0]).toBe(short);
      expect(messages[1]).toContain(weak);
      expect(messages[2]).toBe(personal);
    }
  });

  it('the setup link refuses a weak password and stays usable', async () => {
    const token = await createSetupToken(ctx.db);
    const body = { token, workspaceName: 'W', email: 'first@example.com', name: 'First Admin', password: '1234567890' };
    const weak = await ctx.app.inject({ method: 'POST', url: '/api/v1/setup', payload: body });
    expect(weak.statusCode).toBe(422);
    expect(fieldOf(weak.body)).toEqual(['password:password_weak']);
    const spent = await ctx.db.selectFrom('setup_tokens').select('used_at').where('token', '=', token).executeTakeFirstOrThrow();
    expect(spent.used_at).toBeNull();
  });

  it('changing the own password checks the current one and the new one', async () => {
    const m = await ctx.userWith('manager');
    const weak = await m.post('/api/v1/auth/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'password12' });
    expect(weak.statusCode).toBe(422);
    expect(fieldOf(weak.body)).toEqual(['newPassword:password_weak']);
    const wrong = await m.post('/api/v1/auth/me/password', { currentPassword: 'not my password', newPassword: 'plum orchard 4417' });
    expect(wrong.statusCode).toBe(422);
    expect(fieldOf(wrong.body)).toEqual(['currentPassword:errors.PASSWORD_WRONG']);
    const other = await ctx.signIn(m.user.email, TEST_PASSWORD);
    const ok = await m.post('/api/v1/auth/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'plum orchard 4417' });
    expect(ok.statusCode, ok.body).toBe(204);
    // This session goes on; the other one was signed out; the new password works.
    expect((await m.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(401);
    await ctx.signIn(m.user.email, 'plum orchard 4417');
  });

  it('ORBITA_ADMIN_PASSWORD: shorter than 10 stops the configuration, a common one the first start', async () => {
    expect(() => loadConfig({ ORBITA_ADMIN_EMAIL: 'a@example.com', ORBITA_ADMIN_PASSWORD: 'aaaaaaaa' })).toThrow(/ORBITA_ADMIN_PASSWORD/);
    const err = await createWorkspaceWithAdmin(ctx.db, {
      workspaceName: 'X',
      email: 'boss@example.com',
      name: 'Administrator',
      password: 'password123',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields).toEqual([{ path: 'password', code: 'password_weak' }]);
  });

  it('the documented demo, test, e2e and bench passwords pass', () => {
    for (const u of [{ email: DEMO_ADMIN_EMAIL, name: 'Администратор' }, ...demoUsers])
      expect(() => assertStrongPassword(DEMO_PASSWORD, u)).not.toThrow();
    expect(() => assertStrongPassword(TEST_PASSWORD, { email: 'admin-1a2b3c4d@test.local', name: 'Admin' })).not.toThrow();
    expect(() => assertStrongPassword('e2e-orbit-key-7731', { email: 'admin@e2e.test', name: 'Administrator' })).not.toThrow();
    expect(() => assertStrongPassword('e2e-user-pass-1', { email: 'manager-1@e2e.test', name: 'Manager One' })).not.toThrow();
    expect(() => assertStrongPassword('bench-password-2026', { email: 'admin@bench.orbita', name: 'Администратор' })).not.toThrow();
  });
});
