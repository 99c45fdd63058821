import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { pickLanguage, translate, type Lang } from '../../contracts/i18n/index.js';

/** Kinds of failure, each with one HTTP status. Domain error codes map onto a kind. */
const statusOfKind = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
} as const;
export type ErrorKind = keyof typeof statusOfKind;

/** One invalid field: `path` as the API spells it (`inn`, `phones.0.number`), a rule code, params. */
export type FieldIssue = { path: string; code: string; params?: Record<string, unknown> };

/**
 * A typed error with a stable code (INN_CHECKSUM, DEAL_NOT_FOUND). The message is not stored:
 * it is translated at the edge into the request's language from `errors.<code>`.
 */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly fields: FieldIssue[] = [],
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
  }
  get status(): number {
    return statusOfKind[this.kind];
  }
}

export const notFound = (code = 'NOT_FOUND') => new AppError('not_found', code);
export const forbidden = (code = 'FORBIDDEN') => new AppError('forbidden', code);
export const conflict = (code = 'CONFLICT', params: Record<string, unknown> = {}) => new AppError('conflict', code, [], params);
export const versionConflict = () => new AppError('conflict', 'VERSION_CONFLICT');
/** 422: the request is well-formed but breaks a business rule on the named fields. */
export const invalidFields = (fields: FieldIssue[], code = 'VALIDATION') => new AppError('unprocessable', code, fields);

export type ErrorBody = {
  error: { code: string; message: string; fields: { path: string; code: string; message: string }[] };
};

/** Field messages live under `validation.<code>`; domain rules may use any dotted key. */
function fieldMessage(lang: Lang, issue: FieldIssue): string {
  const key = issue.code.includes('.') ? issue.code : `validation.${issue.code}`;
  return translate(lang, key, issue.params);
}

export function errorBody(lang: Lang, code: string, fields: FieldIssue[] = [], params: Record<string, unknown> = {}): ErrorBody {
  return {
    error: {
      code,
      message: translate(lang, `errors.${code}`, params),
      fields: fields.map((f) => ({ path: f.path, code: f.code, message: fieldMessage(lang, f) })),
    },
  };
}

type ZodIssueLike = {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  origin?: string;
  format?: string;
  minimum?: unknown;
  maximum?: unknown;
  values?: unknown[];
  keys?: string[];
  params?: Record<string, unknown>;
  input?: unknown;
};

/** Maps a zod issue to our rule codes so messages are translated, not zod's English. */
export function fromZodIssue(issue: ZodIssueLike, prefix: PropertyKey[] = []): FieldIssue[] {
  const path = [...prefix, ...issue.path].map(String).join('.');
  switch (issue.code) {
    case 'invalid_type':
      // zod 4 does not report the input by default; its message says what was received.
      return [
        issue.input === undefined && /received undefined/.test(issue.message)
          ? { path, code: 'required' }
          : { path, code: 'invalid_type', params: { expected: issue.expected } },
      ];
    case 'too_small':
    case 'too_big': {
      const origin = issue.origin === 'string' || issue.origin === 'array' ? issue.origin : 'number';
      return [{ path, code: `${issue.code}_${origin}`, params: { minimum: issue.minimum, maximum: issue.maximum } }];
    }
    case 'invalid_format': {
      const known = ['email', 'url', 'uuid', 'date', 'datetime'];
      return [{ path, code: known.includes(issue.format ?? '') ? `invalid_${issue.format}` : 'invalid_format' }];
    }
    case 'invalid_value':
      return [{ path, code: 'invalid_value', params: { values: (issue.values ?? []).join(', ') } }];
    case 'unrecognized_keys':
      return (issue.keys ?? []).map((k) => ({ path: path ? `${path}.${k}` : k, code: 'unrecognized_keys' }));
    case 'custom':
      return [{ path, code: String(issue.params?.code ?? 'invalid'), params: issue.params }];
    default:
      return [{ path, code: 'invalid' }];
  }
}

/** Fastify's own refusals, by its error code, as our codes (each translated under `errors.`). */
const frameworkCodes: Record<string, string> = {
  FST_ERR_BAD_URL: 'BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'BAD_URL',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_CONTENT_LENGTH',
};

/**
 * Fastify's `frameworkErrors`: refusals made before routing (a URL that is not valid
 * percent-encoded UTF-8, a path parameter past its length), which otherwise answer Fastify's own
 * English body. Hooks have not run, so the language comes straight from Accept-Language.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const code = frameworkCodes[err.code] ?? 'BAD_REQUEST';
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  void reply.status(status).send(errorBody(pickLanguage(req.headers['accept-language']), code));
}

/** The single place where failures become HTTP responses. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const lang = req.lang;
    if (err instanceof AppError) {
      if (err.kind === 'rate_limited' && err.params.seconds) reply.header('retry-after', String(err.params.seconds));
      return reply.status(err.status).send(errorBody(lang, err.code, err.fields, err.params));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      // An issue with the whole body (an array, a string or nothing where an object belongs) is named
      // after the part of the request it is about: `body`, `querystring`, `params`.
      const part = (err as { validationContext?: string }).validationContext ?? 'body';
      const fields = err.validation.flatMap((v) =>
        fromZodIssue({
          ...(v.params as object),
          code: v.keyword,
          message: v.message ?? '',
          path: v.instancePath.split('/').filter(Boolean),
        } as ZodIssueLike).map((f) => (f.path ? f : { ...f, path: part })),
      );
      return reply.status(400).send(errorBody(lang, 'VALIDATION', fields));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return reply.status(500).send(errorBody(lang, 'INTERNAL'));
    }
    const fe = err as FastifyError;
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Fastify's own (malformed JSON, body too large, unsupported media type): our code and words.
      const code =
        frameworkCodes[fe.code] ?? (fe.statusCode === 429 ? 'RATE_LIMITED' : fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST');
      req.log.debug({ code: fe.code, detail: fe.message }, 'request refused by the framework');
      return reply.status(fe.statusCode).send(errorBody(lang, code));
    }
    // Unique violations that escaped a service check still deserve a 409, not a 500.
    if ((err as { code?: string }).code === '23505') {
      return reply.status(409).send(errorBody(lang, 'CONFLICT'));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody(lang, 'INTERNAL'));
  });
}
