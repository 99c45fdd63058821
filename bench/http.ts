import { Pool } from 'undici';

/** A keep-alive connection pool to the app under test, and signed-in callers over it. */
export class AppClient {
  readonly pool: Pool;
  constructor(
    readonly origin: string,
    connections: number,
  ) {
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 120_000, keepAliveMaxTimeout: 120_000 });
  }

  /** Signs in through the real login endpoint and returns the session cookie. */
  async login(email: string, password: string): Promise<string> {
    return (await this.session(email, password)).cookie;
  }

  /** Signs in and returns the session cookie with its CSRF token (needed for unsafe methods). */
  async session(email: string, password: string): Promise<{ cookie: string; csrf: string }> {
    const res = await this.pool.request({
      path: '/api/v1/auth/login',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`login of ${email} failed: ${res.statusCode} ${text}`);
    const raw = res.headers['set-cookie'];
    const cookies = Array.isArray(raw) ? raw : raw ? [raw] : [];
    const session = cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('orbita_session='));
    if (!session) throw new Error(`login of ${email} set no session cookie`);
    return { cookie: session, csrf: (JSON.parse(text) as { csrfToken: string }).csrfToken };
  }

  /** POST a JSON body as a signed-in caller: the status and the parsed answer (no throw, the caller judges). */
  async post(path: string, s: { cookie: string; csrf: string }, body: unknown): Promise<{ status: number; body: unknown }> {
    const res = await this.pool.request({
      path,
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json', 'accept-language': 'ru' },
      body: JSON.stringify(body ?? {}),
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: kept as text */
    }
    return { status: res.statusCode, body: parsed };
  }

  /** GET as a signed-in caller; reads the whole body (a client must) and fails on anything but 200. */
  async get(path: string, cookie: string): Promise<Buffer> {
    const res = await this.pool.request({ path, method: 'GET', headers: { cookie, 'accept-language': 'ru' } });
    const body = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${body.toString('utf8').slice(0, 300)}`);
    return body;
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
