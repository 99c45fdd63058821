import pino, { type Logger } from 'pino';

/** Structured logs; credentials never leave the process, even by accident. */
export function createLogger(level: string): Logger {
  return pino({
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
  });
}

/** Request URLs may carry secrets (calendar feed tokens); keep the route, drop the secret. */
export function safeUrl(url: string): string {
  return url.replace(/(\/calendar\/)[^/?]+/, '$1[redacted]').replace(/([?&](token|key)=)[^&]+/gi, '$1[redacted]');
}
