import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { headers: http.IncomingHttpHeaders; rawHeaders: string[]; raw: string; at: number };

/**
 * A real HTTP server on 127.0.0.1 that receives webhooks, as a customer's system would: it keeps
 * every request's headers and raw body, and answers as `respond` says (a status, or 'hang').
 */
export async function startReceiver() {
  const received: Received[] = [];
  let respond: (n: number) => number | 'hang' = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, rawHeaders: req.rawHeaders, raw: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = respond(received.length);
      if (answer === 'hang') return;
      res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/orbita`,
    port,
    received,
    /** Sets how the n-th request (1-based, counted over the receiver's life) is answered. */
    answer(fn: (n: number) => number | 'hang') {
      respond = fn;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Verifies `X-Orbita-Signature` the way a receiver should: HMAC of "<t>.<raw body>", constant-time, fresh t. */
export function verifySignature(header: string | undefined, raw: string, secret: string, toleranceSeconds = 300): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${raw}`).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

/** Polls until `ok` holds for what `what` returns. */
export async function until<T>(what: () => Promise<T> | T, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting; last value ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
