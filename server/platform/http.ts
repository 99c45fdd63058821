import helmet from 'helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from './config.js';

/**
 * The Content-Security-Policy the built web interface and the Swagger UI at /api/docs both run
 * under. Scripts only from our origin (Vite emits no inline script). Styles also allow
 * 'unsafe-inline': Mantine writes its CSS variables and responsive style props as <style>
 * elements at run time, and ECharts tooltips are HTML with style attributes; a nonce could
 * cover the first but not the second. Data URLs for images carry the favicon and TOTP QR codes.
 */
export function contentSecurityPolicy(https: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    // The invoice page shows its PDF, fetched with the session, in a frame from a blob: URL.
    'frame-src': ["'self'", 'blob:'],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    // Only behind https: on plain http (a LAN address) it would send every asset to a dead port.
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * Security headers on every response (helmet), HSTS only when the public URL is https, and
 * `Cache-Control: no-store` on the API: its JSON is personal data that no shared or browser
 * cache should keep. Routes with their own caching (the .ics feed) set their header later and win.
 */
export async function registerSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  const https = (config.publicUrl ?? '').startsWith('https://');
  const security = securityHeaders(https);
  const api = { ...security, 'cache-control': 'no-store' };
  // One synchronous hook setting a precomputed set: running helmet's middleware chain on every
  // request (a dozen raw setHeader calls, each validated) cost 60-100 µs of CPU per request,
  // which the quiet A/B against c968e03 showed on every endpoint (bench/RESULTS.md, 2026-12-03).
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(req.url.startsWith('/api/') ? api : security);
    done();
  });
}

/**
 * The headers helmet sets with our options, read once from helmet itself (so its defaults stay
 * the source of truth) by running it against a recording response.
 */
export function securityHeaders(https: boolean): Record<string, string> {
  const set = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(https) },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let failure: unknown;
  set({} as never, recorder as never, (err?: unknown) => void (failure = err));
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return Object.freeze(headers) as Record<string, string>;
}

/**
 * Caching of the built web files: hashed assets are immutable; index.html must be revalidated so
 * a deploy takes effect at once. The path may be the precompressed sibling (`index.html.br`).
 */
export function staticHeaders(reply: { header: (k: string, v: string) => void }, filePath: string): void {
  const logical = filePath.replace(/\.(br|gz)$/, '');
  reply.header('cache-control', logical.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
}

/**
 * The address links handed out are built on (calendar feeds, PBX webhook URLs): ORBITA_PUBLIC_URL,
 * else the Host header the request came with. Never X-Forwarded-Host: a forged one would hand out
 * links to another site.
 */
export function publicBaseUrl(config: Pick<Config, 'publicUrl'>, req: FastifyRequest): string {
  return (config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`).replace(/\/$/, '');
}

// Cyrillic (Russian and Bulgarian) in Latin letters, for the ASCII fallback name of old clients.
const LATIN: Record<string, string> = Object.fromEntries(
  [
    ...'абвгдезийклмнопрстуфыэ'.split('').map((c, i) => [c, 'abvgdezijklmnoprstufye'[i]]),
    ...Object.entries({ ё: 'e', ж: 'zh', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ь: '', ю: 'yu', я: 'ya', '№': 'No' }),
  ].flatMap(([c, l]) => [
    [c, l],
    [c.toUpperCase(), l.charAt(0).toUpperCase() + l.slice(1)],
  ]),
);

/**
 * RFC 6266/5987: an ASCII fallback (Cyrillic spelled in Latin letters) and the exact UTF-8 name
 * (which every current browser uses); `inline` for a file meant to be shown in the page (a PDF preview).
 */
export function contentDisposition(name: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = [...name]
    .map((c) => LATIN[c] ?? c)
    .join('')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
