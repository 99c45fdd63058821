import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { createSecrets, isSealed } from '../../platform/secrets.js';
import { createTestContext, TEST_PASSWORD, type Caller, type TestContext } from '../../test/harness.js';
import { sealLegacyTotpSecrets } from './index.js';

let ctx: TestContext;
// The key this file's app seals with (given, so a test can run the start-up pass with it).
const testKey = Buffer.alloc(32, 7).toString('base64');
beforeAll(async () => {
  ctx = await createTestContext({ env: { ORBITA_SECRET_KEY: testKey } });
});
afterAll(async () => {
  await ctx.close();
});

const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

let ip = 0;
const login = (email: string, password: string, totpCode?: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password, ...(totpCode ? { totpCode } : {}) },
    remoteAddress: `192.0.2.${++ip % 250}`,
  });

async function withTotp(caller: Caller) {
  const setup = await caller.post('/api/v1/auth/totp/setup');
  expect(setup.statusCode, setup.body).toBe(200);
  const { secret, otpauthUrl } = setup.json();
  expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Orbita:.+\?.*secret=/);
  expect(otpauthUrl).toContain(`secret=${secret}`);
  // A wrong code does not enable it.
  const wrong = await caller.post('/api/v1/auth/totp/enable', { code: '000000' === codeAt(secret) ? '111111' : '000000' });
  expect(wrong.statusCode).toBe(422);
  expect(wrong.json().error).toMatchObject({ code: 'TOTP_INVALID', fields: [{ path: 'code', code: 'totp_code' }] });
  // The previous step is accepted (clock drift ±1 step).
  const enabled = await caller.post('/api/v1/auth/totp/enable', { code: codeAt(secret, -1) });
  expect(enabled.statusCode, enabled.body).toBe(200);
  const { recoveryCodes } = enabled.json() as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
}

describe('TOTP (S3)', () => {
  it('set up, enable, then login needs the code; a used code is refused; a recovery code works once', async () => {
    const m = await ctx.userWith('manager');
    const { secret, recoveryCodes } = await withTotp(m);
    expect(recoveryCodes).toHaveLength(10);
    const stored = await ctx.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', m.user.id).execute();
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.code_hash)).not.toContain(recoveryCodes[0]);
    expect((await m.get('/api/v1/auth/me')).json().user.totpEnabled).toBe(true);

    const noCode = await login(m.user.email, TEST_PASSWORD);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('TOTP_REQUIRED');
    expect(noCode.cookies.find((c) => c.name === 'orbita_session')).toBeUndefined();
    // TOTP_REQUIRED only after the right password: a wrong one still says INVALID_CREDENTIALS.
    expect((await login(m.user.email, 'wrong password!')).json().error.code).toBe('INVALID_CREDENTIALS');

    // The step used to enable (-1) is spent; the current one signs in, once.
    const code = codeAt(secret);
    const ok = await login(m.user.email, TEST_PASSWORD, code);
    expect(ok.statusCode, ok.body).toBe(200);
    const replay = await login(m.user.email, TEST_PASSWORD, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('TOTP_INVALID');
    expect((await login(m.user.email, TEST_PASSWORD, codeAt(secret, -1))).json().error.code).toBe('TOTP_INVALID');

    const rec = await login(m.user.email, TEST_PASSWORD, recoveryCodes[0].toLowerCase());
    expect(rec.statusCode, rec.body).toBe(200);
    expect((await login(m.user.email, TEST_PASSWORD, recoveryCodes[0])).json().error.code).toBe('TOTP_INVALID');
  });

  it('TOTP_REQUIRED is not a failure, but wrong codes count in the limiter', async () => {
    const m = await ctx.userWith('manager');
    await withTotp(m);
    const at = { remoteAddress: '198.51.100.77' };
    const send = (totpCode?: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: m.user.email, password: TEST_PASSWORD, ...(totpCode ? { totpCode } : {}) },
        ...at,
      });
    for (let i = 0; i < 8; i++) expect((await send()).json().error.code).toBe('TOTP_REQUIRED');
    const guesses = [];
    for (let i = 0; i < 6; i++) guesses.push((await send(String(100000 + i))).statusCode);
    expect(guesses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('disable needs a valid code and turns the second step off', async () => {
    const m = await ctx.userWith('manager');
    const { secret, recoveryCodes } = await withTotp(m);
    expect((await m.post('/api/v1/auth/totp/setup')).json().error.code).toBe('TOTP_ALREADY_ENABLED');
    const bad = await m.post('/api/v1/auth/totp/disable', { code: 'nonsense' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields[0].path).toBe('code');
    expect((await m.post('/api/v1/auth/totp/disable', { code: recoveryCodes[3] })).statusCode).toBe(204);
    expect((await login(m.user.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await m.post('/api/v1/auth/totp/disable', { code: codeAt(secret) })).json().error.code).toBe('TOTP_NOT_ENABLED');
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'changes', 'via'])
      .where('entity_id', '=', m.user.id)
      .where('action', '=', 'update')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.changes)).toEqual([{ totpEnabled: { from: false, to: true } }, { totpEnabled: { from: true, to: false } }]);
    expect(audit.every((a) => a.via === 'session')).toBe(true);
  });

  it('an admin requires TOTP for roles: such a user may only set it up until they do', async () => {
    const denied = await (await ctx.userWith('manager')).patch('/api/v1/settings/security', { totpRequiredRoles: ['manager'] });
    expect(denied.statusCode).toBe(403);
    const bad = await ctx.admin.patch('/api/v1/settings/security', { totpRequiredRoles: ['king'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('totpRequiredRoles.0');
    const set = await ctx.admin.patch('/api/v1/settings/security', { totpRequiredRoles: ['finance'] });
    expect(set.statusCode, set.body).toBe(200);
    expect((await ctx.admin.get('/api/v1/settings/security')).json()).toEqual({ totpRequiredRoles: ['finance'] });

    const f = await ctx.userWith('finance');
    const me = await f.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().totpSetupRequired).toBe(true);
    const blocked = await f.get('/api/v1/contacts');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('TOTP_SETUP_REQUIRED');
    expect((await f.post('/api/v1/api-tokens', { name: 'x' })).json().error.code).toBe('TOTP_SETUP_REQUIRED');
    await withTotp(f);
    expect((await f.get('/api/v1/contacts')).statusCode).toBe(200);
    expect((await f.get('/api/v1/auth/me')).json().totpSetupRequired).toBe(false);
    // Other roles are unaffected.
    expect((await (await ctx.userWith('manager')).get('/api/v1/contacts')).statusCode).toBe(200);
    await ctx.admin.patch('/api/v1/settings/security', { totpRequiredRoles: [] });
  });

  it('stores the secret sealed, pending and confirmed: the database never holds it in the clear', async () => {
    const m = await ctx.userWith('manager');
    const stored = () =>
      ctx.db.selectFrom('users').select(['totp_secret', 'totp_pending_secret']).where('id', '=', m.user.id).executeTakeFirstOrThrow();
    const setup = (await m.post('/api/v1/auth/totp/setup')).json();
    const pending = await stored();
    expect(isSealed(pending.totp_pending_secret!)).toBe(true);
    expect(pending.totp_pending_secret).not.toContain(setup.secret);
    expect((await m.post('/api/v1/auth/totp/enable', { code: codeAt(setup.secret, -1) })).statusCode).toBe(200);
    const confirmed = await stored();
    expect(confirmed.totp_pending_secret).toBeNull();
    expect(isSealed(confirmed.totp_secret!)).toBe(true);
    expect(confirmed.totp_secret).not.toContain(setup.secret);
    expect((await login(m.user.email, TEST_PASSWORD, codeAt(setup.secret))).statusCode).toBe(200);
  });

  it('a secret kept in the clear from before sealing still signs in, and the start-up pass seals it', async () => {
    const m = await ctx.userWith('manager');
    const { secret } = await withTotp(m);
    await ctx.db.updateTable('users').set({ totp_secret: secret }).where('id', '=', m.user.id).execute();
    expect((await login(m.user.email, TEST_PASSWORD, codeAt(secret))).statusCode).toBe(200);

    // Without a key the pass refuses: the secret must not stay readable.
    await expect(sealLegacyTotpSecrets(ctx.db, createSecrets(undefined))).rejects.toThrow(
      /stored unencrypted and ORBITA_SECRET_KEY is not set/,
    );
    const key = loadConfig({ ORBITA_SECRET_KEY: testKey }).secretKey;
    expect(await sealLegacyTotpSecrets(ctx.db, createSecrets(key))).toBe(1);
    expect(await sealLegacyTotpSecrets(ctx.db, createSecrets(key))).toBe(0);
    const row = await ctx.db.selectFrom('users').select('totp_secret').where('id', '=', m.user.id).executeTakeFirstOrThrow();
    expect(isSealed(row.totp_secret!)).toBe(true);
    expect(row.totp_secret).not.toContain(secret);
    expect((await login(m.user.email, TEST_PASSWORD, codeAt(secret, 1))).statusCode).toBe(200);
  });

  it("without an encryption key, set-up answers 503 SECRET_KEY_MISSING in the caller's language", async () => {
    const m = await ctx.userWith('manager');
    const keyless = await buildApp({
      config: { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), webDistDir: '/nonexistent' },
      db: ctx.db,
      logger: createLogger('silent'),
    });
    try {
      const signed = await keyless.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: m.user.email, password: TEST_PASSWORD },
      });
      const res = await keyless.inject({
        method: 'POST',
        url: '/api/v1/auth/totp/setup',
        headers: { 'x-csrf-token': signed.json().csrfToken, 'accept-language': 'bg' },
        cookies: { orbita_session: signed.cookies.find((c) => c.name === 'orbita_session')!.value },
      });
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json().error.code).toBe('SECRET_KEY_MISSING');
      expect(res.json().error.message).toContain('ORBITA_SECRET_KEY');
      expect(res.json().error.message).toMatch(/ключ/);
    } finally {
      await keyless.close();
    }
  });
});
