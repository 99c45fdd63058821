import pino, { type DestinationStream, type Logger } from 'pino';

/** Structured logs; credentials never leave the process, even by accident. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'csrfToken',
        '*.csrfToken',
        'sessionId',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * What the per-request line says about the URL: the route pattern (`/api/v1/contacts/:id`) and the
 * names of the query parameters, never their values or the concrete path. Search terms, phone
 * numbers, emails and feed tokens are personal or secret; the route is enough to find a request.
 */
export function requestTarget(routePattern: string | undefined, url: string): { route: string; query?: string[] } {
  const q = url.indexOf('?');
  const names = q < 0 ? [] : [...new Set([...new URLSearchParams(url.slice(q + 1)).keys()])].map((k) => k.slice(0, 64)).slice(0, 20);
  // Unmatched URLs (404s) are not echoed: their path is whatever the caller typed.
  return { route: routePattern ?? '(unmatched)', ...(names.length ? { query: names } : {}) };
}
