import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from './config.js';
import { createTestDatabase, TEST_PASSWORD } from '../test/harness.js';
import { createWorkspaceWithAdmin } from '../modules/users/index.js';
import type { Db } from './database.js';
import { pickLanguage } from '../../contracts/i18n/index.js';

let db: Db;
let drop: () => Promise<void>;
const lines: string[] = [];
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  app = await buildApp({ config: { ...loadConfig({ NODE_ENV: 'test' }), webDistDir: '/nonexistent' }, db, logger });
  await createWorkspaceWithAdmin(db, { workspaceName: 'Logs', email: 'logs@test.local', name: 'Log Admin', password: TEST_PASSWORD });
});
afterAll(async () => {
  await app.close();
  await drop();
});

describe('platform', () => {
  it('serves an OpenAPI 3 document generated from the route schemas, and the reference page', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(5);
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('logs one line per request and never the password, cookie or CSRF token', async () => {
    lines.length = 0;
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'logs@test.local', password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies[0].value;
    const csrf = login.json().csrfToken;
    await app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { orbita_session: cookie } });
    const all = lines.join('\n');
    expect(lines.filter((l) => JSON.parse(l).msg === 'request')).toHaveLength(2);
    expect(all).not.toContain(TEST_PASSWORD);
    expect(all).not.toContain(cookie);
    expect(all).not.toContain(csrf);
  });

  it('answers unknown API paths with the error shape in the requested language', async () => {
    for (const [lang, message] of [
      ['ru', 'Не найдено'],
      ['bg', 'Не е намерено'],
      ['en', 'Not found'],
    ]) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: { 'accept-language': lang } });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message, fields: [] } });
    }
  });

  it('rejects malformed JSON with 400 in the same shape', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_JSON');
  });

  it('serves the web bundle with client-side routes, while unknown API paths stay JSON 404s', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-web-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Orbita</title>');
    const web = await buildApp({ config: { ...loadConfig({ NODE_ENV: 'test' }), webDistDir: dir }, db, logger: pino({ level: 'silent' }) });
    try {
      const root = await web.inject({ method: 'GET', url: '/' });
      expect(root.statusCode).toBe(200);
      expect(root.headers['cache-control']).toBe('no-cache');
      const page = await web.inject({ method: 'GET', url: '/contacts/123' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>Orbita</title>');
      const api = await web.inject({ method: 'GET', url: '/api/v1/nope' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('NOT_FOUND');
    } finally {
      await web.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs on a database whose character type understands Cyrillic (lower, trigrams)', async () => {
    const r = await sql<{ low: string; sim: number; trg: string[] }>`select lower('ИВАНОВ Ђорђе') as low,
      similarity('Иванов', 'Ивнов') as sim, show_trgm('Ив') as trg`.execute(db);
    expect(r.rows[0].low).toBe('иванов ђорђе');
    expect(r.rows[0].sim).toBeGreaterThan(0.3);
    expect(r.rows[0].trg.length).toBeGreaterThan(0);
  });

  it('picks the language from Accept-Language with weights', () => {
    expect(pickLanguage('de-DE,bg;q=0.8,en;q=0.9')).toBe('en');
    expect(pickLanguage('bg-BG')).toBe('bg');
    expect(pickLanguage('fr')).toBe('ru');
    expect(pickLanguage(undefined)).toBe('ru');
  });
});
