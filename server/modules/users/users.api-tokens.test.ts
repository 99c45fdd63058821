import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const bearer = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  ctx.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });

describe('API tokens (I3)', () => {
  it('create shows the token once; list never does; the token acts as its user without CSRF', async () => {
    const m = await ctx.userWith('manager');
    const created = await m.post('/api/v1/api-tokens', { name: 'Zapier' });
    expect(created.statusCode, created.body).toBe(201);
    const { id, name, token } = created.json();
    expect(name).toBe('Zapier');
    expect(token).toMatch(/^orb_[A-Za-z0-9_-]{40,}$/);
    const stored = await ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token.slice(4));

    const list = await m.get('/api/v1/api-tokens');
    expect(list.json().items).toEqual([{ id, name: 'Zapier', createdAt: expect.any(String), expiresAt: null, lastUsedAt: null }]);
    expect(list.body).not.toContain(token);

    // No cookie and no CSRF header: a write goes through and is the token user's, with their access.
    const contact = await bearer(token, 'POST', '/api/v1/contacts', { firstName: 'Via', lastName: 'Token' });
    expect(contact.statusCode, contact.body).toBe(201);
    expect(contact.json().ownerId).toBe(m.user.id);
    expect((await bearer(token, 'GET', '/api/v1/users')).statusCode).toBe(200);
    expect(
      (await bearer(token, 'POST', '/api/v1/users', { email: 'x@example.com', name: 'X', password: 'plum orchard 4417', role: 'admin' }))
        .statusCode,
    ).toBe(403);
    const me = await bearer(token, 'GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: m.user.id }, csrfToken: '' });
    expect((await m.get('/api/v1/api-tokens')).json().items[0].lastUsedAt).not.toBeNull();

    // The audit log says the change came through this token.
    const audit = await ctx.admin.get(`/api/v1/audit?entity=contact&id=${contact.json().id}`);
    expect(audit.json().items[0]).toMatchObject({ action: 'create', userId: m.user.id, via: 'api_token', apiTokenId: id });
    const byWeb = await m.post('/api/v1/contacts', { firstName: 'Via', lastName: 'Web' });
    const webAudit = await ctx.admin.get(`/api/v1/audit?entity=contact&id=${byWeb.json().id}`);
    expect(webAudit.json().items[0]).toMatchObject({ via: 'session', apiTokenId: null });
  });

  it('a revoked or expired token gets 401; only the owner revokes', async () => {
    const m = await ctx.userWith('manager');
    const other = await ctx.userWith('manager');
    const { id, token } = (await m.post('/api/v1/api-tokens', { name: 'CI' })).json();
    expect((await other.del(`/api/v1/api-tokens/${id}`)).statusCode).toBe(404);
    expect((await bearer(token, 'GET', '/api/v1/contacts')).statusCode).toBe(200);
    expect((await m.del(`/api/v1/api-tokens/${id}`)).statusCode).toBe(204);
    const revoked = await bearer(token, 'GET', '/api/v1/contacts');
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toEqual({
      error: { code: 'API_TOKEN_INVALID', message: 'The API token is unknown, expired or revoked', fields: [] },
    });
    expect((await m.get('/api/v1/api-tokens')).json().items).toEqual([]);
    expect((await m.del(`/api/v1/api-tokens/${id}`)).statusCode).toBe(404);

    const soon = (await m.post('/api/v1/api-tokens', { name: 'Short', expiresAt: new Date(Date.now() + 60_000).toISOString() })).json();
    expect((await bearer(soon.token, 'GET', '/api/v1/contacts')).statusCode).toBe(200);
    await ctx.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', soon.id)
      .execute();
    expect((await bearer(soon.token, 'GET', '/api/v1/contacts')).statusCode).toBe(401);

    const past = await m.post('/api/v1/api-tokens', { name: 'Past', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields).toEqual([{ path: 'expiresAt', code: 'future_datetime', message: 'Must be a moment in the future' }]);
  });

  it('bad Authorization headers are 401 in the error shape, never 500', async () => {
    const headers = [
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'Bearer orb_nope',
      'Bearer not-a-token',
      `Bearer ${'x'.repeat(5000)}`,
      'Bearer a\u0000b',
      'bearer orb_' + 'a'.repeat(43),
    ];
    for (const authorization of headers) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(Object.keys(res.json().error).sort()).toEqual(['code', 'fields', 'message']);
      expect(['AUTH_HEADER_INVALID', 'API_TOKEN_INVALID']).toContain(res.json().error.code);
    }
    // A user who was deactivated: their tokens stop too.
    const m = await ctx.userWith('manager');
    const { token } = (await m.post('/api/v1/api-tokens', { name: 'x' })).json();
    await ctx.admin.patch(`/api/v1/users/${m.user.id}`, { isActive: false });
    expect((await bearer(token, 'GET', '/api/v1/contacts')).statusCode).toBe(401);
  });
});
