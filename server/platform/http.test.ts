import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { precompressDir } from './precompress.js';
import { createTestContext, createTestDatabase, type TestContext } from '../test/harness.js';

// Finding 2.10: security headers, HSTS behind https only, no-store on API JSON, compressed assets.
let ctx: TestContext;
let webDir: string;
let web: FastifyInstance;
let https: FastifyInstance;
let dropExtra: () => Promise<void>;
const bundle = `/* app */\n${Array.from({ length: 400 }, (_, i) => `export const v${i} = "value ${i}";`).join('\n')}\n`;

beforeAll(async () => {
  ctx = await createTestContext();
  // A built web folder as `npm run build:web` leaves it: files plus their .br/.gz siblings.
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-web-'));
  fs.mkdirSync(path.join(webDir, 'assets'));
  fs.writeFileSync(path.join(webDir, 'index.html'), `<!doctype html><html><body>${'<div></div>'.repeat(200)}</body></html>`);
  fs.writeFileSync(path.join(webDir, 'assets', 'app-Ab12.js'), bundle);
  await precompressDir(webDir);
  const extra = await createTestDatabase();
  dropExtra = extra.drop;
  const logger = createLogger('silent');
  web = await buildApp({ config: { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), webDistDir: webDir }, db: extra.db, logger });
  https = await buildApp({
    config: { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ORBITA_PUBLIC_URL: 'https://crm.example.com' }), webDistDir: webDir },
    db: extra.db,
    logger,
  });
});
afterAll(async () => {
  await web?.close();
  await https?.close();
  await dropExtra?.();
  await ctx?.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

function csp(header: unknown): Record<string, string> {
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
  );
}

describe('security headers', () => {
  it('every response carries CSP, nosniff, frame denial and a referrer policy: API, errors, the web page, its assets', async () => {
    const responses = [
      await web.inject({ method: 'GET', url: '/api/health' }),
      await web.inject({ method: 'GET', url: '/api/v1/contacts' }), // 401
      await web.inject({ method: 'GET', url: '/api/v1/nothing-here' }), // 404
      await web.inject({ method: 'GET', url: '/contacts/123' }), // SPA fallback
      await web.inject({ method: 'GET', url: '/assets/app-Ab12.js' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 401, 404, 200, 200]);
    for (const res of responses) {
      const policy = csp(res.headers['content-security-policy']);
      expect(policy['default-src']).toBe("'self'");
      expect(policy['script-src']).toBe("'self'");
      expect(policy['connect-src']).toBe("'self'");
      expect(policy['img-src']).toBe("'self' data:");
      expect(policy['frame-ancestors']).toBe("'none'");
      expect(policy['object-src']).toBe("'none'");
      // Frames only of our own pages and of blob: URLs the page made itself (the invoice's PDF preview).
      expect(policy['frame-src']).toBe("'self' blob:");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
  });

  it('sends HSTS (and upgrade-insecure-requests) only when ORBITA_PUBLIC_URL is https', async () => {
    const plain = await web.inject({ method: 'GET', url: '/api/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(csp(plain.headers['content-security-policy'])).not.toHaveProperty('upgrade-insecure-requests');
    const secure = await https.inject({ method: 'GET', url: '/api/health' });
    expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(csp(secure.headers['content-security-policy'])).toHaveProperty('upgrade-insecure-requests');
  });

  it('API JSON is never cached (Cache-Control: no-store), errors included; the calendar feed keeps its own', async () => {
    const me = await ctx.admin.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const list = await ctx.admin.get('/api/v1/contacts');
    expect(list.headers['cache-control']).toBe('no-store');
    const unauth = await ctx.app.inject({ method: 'GET', url: '/api/v1/contacts' });
    expect(unauth.statusCode).toBe(401);
    expect(unauth.headers['cache-control']).toBe('no-store');
    const feedUrl = new URL(me.json().calendarFeedUrl);
    const feed = await ctx.app.inject({ method: 'GET', url: feedUrl.pathname });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['cache-control']).toBe('private, max-age=300');
    // The web page and hashed assets keep their caching.
    expect((await web.inject({ method: 'GET', url: '/' })).headers['cache-control']).toBe('no-cache');
  });

  it('the Swagger UI at /api/docs is served under a policy its own files satisfy (scripts and styles from self)', async () => {
    const page = await web.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/<script>(?!\s*<)/); // no inline script
    for (const src of page.body.matchAll(/src="\.?([^"]+)"/g)) {
      const asset = await web.inject({ method: 'GET', url: `/api/docs/${src[1].replace(/^\//, '')}` });
      expect(asset.statusCode, src[1]).toBe(200);
    }
    expect(csp(page.headers['content-security-policy'])['script-src']).toBe("'self'");
  });
});

describe('compressed static assets', () => {
  it('sends the brotli file to a browser that accepts br, gzip to one that accepts gzip, the plain file otherwise', async () => {
    const br = await web.inject({ method: 'GET', url: '/assets/app-Ab12.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.rawPayload.length).toBeLessThan(bundle.length / 4);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(bundle);

    const gz = await web.inject({ method: 'GET', url: '/assets/app-Ab12.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(bundle);

    const plain = await web.inject({ method: 'GET', url: '/assets/app-Ab12.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(bundle);
  });

  it('the page itself (SPA fallback) is compressed too and still revalidated on every load', async () => {
    const res = await web.inject({ method: 'GET', url: '/deals/board', headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toContain('<!doctype html>');
  });
});
