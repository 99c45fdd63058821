// Every declared error code is translated in all three languages, and the status a response carries is
// the one its declaration names (not whatever a throw site chose).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languages, resources, type Messages } from '../../contracts/i18n/index.js';
import { createTestContext, type TestContext } from '../test/harness.js';
import { AppError, declaredErrors, defineErrors, PlatformErrors, type ErrorFactory } from './errors.js';
import { JobErrors } from '../modules/jobs/jobs.errors.js';
import { ProductErrors } from '../modules/products/products.errors.js';
import { WebhookErrors } from '../modules/webhooks/webhooks.errors.js';
import { UserErrors } from '../modules/users/users.errors.js';

const modulesDir = join(import.meta.dirname, '../modules');
const errorFiles = readdirSync(modulesDir).flatMap((m) =>
  readdirSync(join(modulesDir, m))
    .filter((f) => f.endsWith('.errors.ts'))
    .map((f) => ({ module: m, path: join(modulesDir, m, f) })),
);

beforeAll(async () => {
  // Loading each module's errors file registers its declaration.
  for (const f of errorFiles) await import(f.path);
});

describe('error declarations', () => {
  it('have a non-empty message in ru, bg and en for every code, different from its key', () => {
    expect(declaredErrors.size).toBeGreaterThanOrEqual(4);
    let checked = 0;
    for (const [name, decl] of declaredErrors) {
      for (const { code } of Object.values(decl)) {
        for (const lang of languages) {
          const message = (resources[lang].errors as Messages)[code];
          expect(typeof message, `${name} ${code} ${lang}`).toBe('string');
          expect((message as string).trim(), `${name} ${code} ${lang}`).not.toBe('');
          expect(message, `${name} ${code} ${lang}`).not.toBe(code);
          expect(message, `${name} ${code} ${lang}`).not.toBe(`errors.${code}`);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('each module with an errors file makes one declaration, named after the module', () => {
    for (const f of errorFiles) {
      const calls = [...readFileSync(f.path, 'utf8').matchAll(/defineErrors\('([^']+)'/g)].map((m) => m[1]);
      expect(calls, f.path).toEqual([f.module]);
      expect(declaredErrors.has(f.module), f.module).toBe(true);
    }
    expect([...declaredErrors.keys()].sort()).toEqual(['platform', ...errorFiles.map((f) => f.module)].sort());
  });

  it('declare each code under its own name once, so no module gives a shared code another status', () => {
    const owner = new Map<string, string>();
    for (const [name, decl] of declaredErrors) {
      for (const [key, factory] of Object.entries(decl)) {
        if (key !== factory.code) continue;
        expect(owner.get(key), `${key} declared by ${owner.get(key)} and ${name}`).toBeUndefined();
        owner.set(key, name);
      }
    }
    // A code answering with another status somewhere names that variant, and the code is declared itself.
    for (const decl of declaredErrors.values()) {
      for (const [key, factory] of Object.entries(decl)) if (key !== factory.code) expect(owner.has(factory.code), key).toBe(true);
    }
    expect(PlatformErrors.MALFORMED.code).toBe('VALIDATION');
    expect(UserErrors.SIGN_IN_TOTP_INVALID.code).toBe('TOTP_INVALID');
  });

  it('refuses to make an error from anything but a declaration, in the typecheck and at run time', () => {
    // @ts-expect-error: a status and a code chosen at the throw site, as the old helpers did
    expect(() => new AppError('not_found', 'NOT_FOUND')).toThrow(TypeError);
    // @ts-expect-error: an object posing as a declaration lacks the key only defineErrors holds
    expect(() => new AppError({ code: 'NOT_FOUND', status: 404 })).toThrow(TypeError);
    const forged = Object.assign(() => undefined, { code: 'NOT_FOUND', status: 404 }) as unknown as ErrorFactory;
    expect(() => new AppError(forged)).toThrow(TypeError);
    // Compiled, never called (calling would register them): a code with no message, a status the API does not use.
    const refusedByTypecheck = [
      // @ts-expect-error: NO_SUCH_CODE has no `errors.NO_SUCH_CODE` message, so it is no ErrorCode
      () => defineErrors('nowhere', { NO_SUCH_CODE: { status: 404 } }),
      // @ts-expect-error: 418 is not an ErrorStatus
      () => defineErrors('nowhere', { NOT_FOUND: { status: 418 } }),
      // @ts-expect-error: a variant must name a declared code
      () => defineErrors('nowhere', { LOGIN_FAILED: { status: 401, code: 'NO_SUCH_CODE' } }),
    ];
    expect(refusedByTypecheck).toHaveLength(3);
    expect(declaredErrors.has('nowhere')).toBe(false);
    expect(new AppError(PlatformErrors.NOT_FOUND)).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('each factory raises its own code with the declared status', () => {
    for (const decl of declaredErrors.values()) {
      for (const factory of Object.values(decl)) {
        const err = factory();
        expect(err.code).toBe(factory.code);
        expect(err.status).toBe(factory.status);
      }
    }
  });
});

describe('responses carry the declared status', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx.close();
  });
  const missing = '0b7c1e3a-2f7d-4c1e-9a55-1d2c3b4a5f60';

  it('a missing product', async () => {
    const r = await ctx.admin.get(`/api/v1/products/${missing}`);
    expect(r.json().error.code).toBe('PRODUCT_NOT_FOUND');
    expect(r.statusCode).toBe(ProductErrors.PRODUCT_NOT_FOUND.status);
  });

  it('a product SKU already taken, with the field named', async () => {
    const first = await ctx.admin.post('/api/v1/products', {
      name: 'Болт',
      sku: 'ERR-1',
      unit: 'шт',
      prices: [{ currency: 'RUB', amount: '10.00' }],
    });
    expect(first.statusCode, first.body).toBe(201);
    const r = await ctx.admin.post('/api/v1/products', {
      name: 'Болт 2',
      sku: 'ERR-1',
      unit: 'шт',
      prices: [{ currency: 'RUB', amount: '10.00' }],
    });
    expect(r.json().error).toMatchObject({ code: 'PRODUCT_SKU_TAKEN', fields: [{ path: 'sku', code: 'errors.PRODUCT_SKU_TAKEN' }] });
    expect(r.statusCode).toBe(ProductErrors.PRODUCT_SKU_TAKEN.status);
  });

  it('a refused webhook URL', async () => {
    const r = await ctx.admin.post('/api/v1/webhooks', { url: 'http://10.0.0.7/hook', events: ['deal.*'] });
    expect(r.json().error.code).toBe('WEBHOOK_URL_REFUSED');
    expect(r.statusCode).toBe(WebhookErrors.WEBHOOK_URL_REFUSED.status);
  });

  it('retrying a job that does not exist', async () => {
    const r = await ctx.admin.post('/api/v1/jobs/999999999/retry', {});
    expect(r.json().error.code).toBe('JOB_NOT_FOUND');
    expect(r.statusCode).toBe(JobErrors.JOB_NOT_FOUND.status);
  });

  it('a wrong password at sign-in, and a malformed cursor', async () => {
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ctx.admin.user.email, password: 'wrong horse' },
    });
    expect(login.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(login.statusCode).toBe(UserErrors.INVALID_CREDENTIALS.status);
    const list = await ctx.admin.get('/api/v1/products?cursor=not-a-cursor');
    expect(list.json().error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'cursor', code: 'invalid_cursor' }] });
    expect(list.statusCode).toBe(PlatformErrors.MALFORMED.status);
  });
});
