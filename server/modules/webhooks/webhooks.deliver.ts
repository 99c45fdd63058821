import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { hostOf, resolvePublic } from './webhooks.address.js';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`: what a receiver verifies. */
export function signatureHeader(secret: string, body: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

export type PostResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

// The answer is read only this far: its status is what counts, and a receiver that streams
// forever must not hold a worker or its memory.
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one signed webhook body. The host is resolved and checked here, right before connecting,
 * and the socket connects to the checked address (a pinned lookup), so DNS cannot change the answer
 * between the check and the connection. No redirects are followed; the whole exchange is bounded
 * by `timeoutMs`.
 */
export async function postWebhook(opts: {
  url: string;
  body: string;
  headers: Record<string, string>;
  allowPrivate: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<PostResult> {
  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    return { ok: false, status: null, error: 'invalid URL' };
  }
  let addrs: { address: string; family: number }[];
  try {
    addrs = await resolvePublic(hostOf(url), opts.allowPrivate);
  } catch (e) {
    return { ok: false, status: null, error: (e as Error).message };
  }
  const pinned = addrs[0];
  const lookup: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: typeof addrs) => void)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const done = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup,
        // SNI and certificate checks keep the name, not the pinned address.
        servername: url.protocol === 'https:' ? hostOf(url) : undefined,
        headers: { ...opts.headers, 'Content-Length': String(Buffer.byteLength(opts.body)) },
        agent: false,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const finish = () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) done({ ok: true, status });
          else done({ ok: false, status, error: `HTTP ${status}` });
          req.destroy();
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      },
    );
    const timer = setTimeout(() => {
      done({ ok: false, status: null, error: `no answer within ${opts.timeoutMs} ms` });
      req.destroy();
    }, opts.timeoutMs);
    const onAbort = () => {
      done({ ok: false, status: null, error: 'stopped' });
      req.destroy();
    };
    opts.signal?.addEventListener('abort', onAbort);
    req.on('error', (e) => done({ ok: false, status: null, error: e.message }));
    req.end(opts.body);
  });
}
