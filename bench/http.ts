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
    return session;
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
