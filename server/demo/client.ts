import type { FastifyInstance } from 'fastify';

/** A request the application refused: kept whole, because a refusal of realistic data is a finding to report. */
export type Rejection = { user: string; method: string; url: string; body: unknown; status: number; response: string };

export class ApiError extends Error {
  constructor(readonly rejection: Rejection) {
    super(`${rejection.method} ${rejection.url} as ${rejection.user} -> ${rejection.status}: ${rejection.response}`);
  }
}

export type SignedInUser = {
  id: string;
  email: string;
  name: string;
  role: string;
  teamId: string | null;
  language: string;
  timeZone: string;
};

/**
 * Talks to the real application in-process (app.inject) as one signed-in user: session cookie
 * plus CSRF token, exactly what the browser sends, so every record passes the same validation,
 * access checks and audit as one a person creates.
 */
export class DemoClient {
  requests = 0;
  constructor(
    private app: FastifyInstance,
    readonly user: SignedInUser,
    private cookie: string,
    private csrf: string,
  ) {}

  async call<T = any>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
    this.requests++;
    const res = await this.app.inject({
      method,
      url,
      // English error messages: refusals end up in the report.
      headers: {
        'x-csrf-token': this.csrf,
        'accept-language': 'en',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      cookies: { orbita_session: this.cookie },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    if (res.statusCode >= 400) {
      throw new ApiError({ user: this.user.email, method, url, body, status: res.statusCode, response: res.body.slice(0, 2000) });
    }
    return (res.statusCode === 204 || !res.body ? undefined : res.json()) as T;
  }

  get<T = any>(url: string) {
    return this.call<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown) {
    return this.call<T>('POST', url, body ?? {});
  }
  patch<T = any>(url: string, body: unknown) {
    return this.call<T>('PATCH', url, body);
  }
}

/** Signs in through POST /api/v1/auth/login, as the web interface does. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<DemoClient> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`cannot sign in as ${email}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'orbita_session');
  if (!cookie) throw new Error(`no session cookie for ${email}`);
  const body = res.json() as { user: SignedInUser; csrfToken: string };
  return new DemoClient(app, body.user, cookie.value, body.csrfToken);
}

/** Runs `fn` over items with at most `limit` in flight; results keep the items' order. */
export async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
