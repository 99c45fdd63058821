import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { pickLanguage, translate, type ErrorCode, type Lang, type RuleCode } from '../../contracts/i18n/index.js';

/** The HTTP statuses a declared error may answer with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

/** One invalid field: `path` as the API spells it (`inn`, `phones.0.number`), a rule code, params. */
export type FieldIssue = { path: string; code: RuleCode; params?: Record<string, unknown> };

/**
 * What a throw site adds: the invalid fields, the message's params, and machine-readable details a
 * client acts on (the overdue invoices of a credit hold), sent as `error.details`.
 */
type ErrorExtra = { fields?: FieldIssue[]; params?: Record<string, unknown>; details?: Record<string, unknown> };

// Only defineErrors holds this key, so no code outside a declaration can pass for one (by type),
// and the constructor refuses anything it did not make (at run time).
const declared: unique symbol = Symbol('declared error');
const madeByDefineErrors = new WeakSet<object>();

/** Raises one declared error; the status is the declaration's, the throw site only adds detail. */
export type ErrorFactory<C extends ErrorCode = ErrorCode> = ((extra?: ErrorExtra) => AppError) & {
  readonly code: C;
  readonly status: ErrorStatus;
  readonly [declared]: true;
};

/**
 * A typed error with a stable code (INN_CHECKSUM, DEAL_NOT_FOUND), made only from a declaration
 * (`DealErrors.DEAL_NOT_FOUND()`), which fixes its status. The message is not stored: it is
 * translated at the edge into the request's language from `errors.<code>`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly fields: FieldIssue[];
  readonly params: Record<string, unknown>;
  readonly details: Record<string, unknown> | undefined;
  constructor(declaration: ErrorFactory, extra: ErrorExtra = {}) {
    if (!madeByDefineErrors.has(declaration)) throw new TypeError('AppError needs a factory made by defineErrors');
    super(declaration.code);
    this.code = declaration.code;
    this.status = declaration.status;
    this.fields = extra.fields ?? [];
    this.params = extra.params ?? {};
    this.details = extra.details;
  }
}

/**
 * One entry of a declaration: its HTTP status. The entry's name is its code; an entry named
 * otherwise says which code it answers with (a code whose status differs by where it is raised,
 * such as VALIDATION: 400 for a request that breaks its schema, 422 for one that breaks a rule).
 */
type ErrorSpec = { readonly status: ErrorStatus; readonly code?: ErrorCode };
type CodeOf<K, E> = E extends { readonly code: infer C extends ErrorCode } ? C : K & ErrorCode;
export type ErrorDeclaration<S> = { readonly [K in keyof S]: ErrorFactory<CodeOf<K, S[K]>> };

/** Every declaration made, by its name: the errors test walks them to check the three languages. */
export const declaredErrors = new Map<string, Readonly<Record<string, ErrorFactory>>>();

/**
 * One module's errors: code -> HTTP status. A code is an `ErrorCode`, a key of `errors.*` in the
 * English catalogue that defineCatalogue makes ru and bg repeat, so an untranslated code fails the
 * typecheck. Codes are a public contract: add, never rename, and keep each status.
 */
export function defineErrors<
  const S extends { readonly [K in keyof S]: K extends ErrorCode ? ErrorSpec : ErrorSpec & { readonly code: ErrorCode } },
>(name: string, spec: S): ErrorDeclaration<S> {
  const out: Record<string, ErrorFactory> = {};
  for (const [key, entry] of Object.entries(spec) as [string, ErrorSpec][]) {
    const code = entry.code ?? (key as ErrorCode);
    const factory: ErrorFactory = Object.assign((extra?: ErrorExtra) => new AppError(factory, extra), {
      code,
      status: entry.status,
      [declared]: true as const,
    });
    madeByDefineErrors.add(factory);
    out[key] = factory;
  }
  declaredErrors.set(name, out);
  return out as ErrorDeclaration<S>;
}

/** The errors every module may raise, and those the edge answers with. */
export const PlatformErrors = defineErrors('platform', {
  /** Well-formed, but breaks a rule on the named fields. */
  VALIDATION: { status: 422 },
  /** The request itself is malformed on the named fields (as a refusal by the route's schema). */
  MALFORMED: { status: 400, code: 'VALIDATION' },
  NOT_FOUND: { status: 404 },
  FORBIDDEN: { status: 403 },
  CONFLICT: { status: 409 },
  VERSION_CONFLICT: { status: 409 },
  RECORD_READ_ONLY: { status: 403 },
  UNAUTHENTICATED: { status: 401 },
  AUTH_HEADER_INVALID: { status: 401 },
  API_TOKEN_INVALID: { status: 401 },
  CSRF: { status: 403 },
  TOTP_SETUP_REQUIRED: { status: 403 },
  RATE_LIMITED: { status: 429 },
  INTERNAL: { status: 500 },
  // Not the caller's fault: the server lacks its encryption key (platform/secrets.ts).
  SECRET_KEY_MISSING: { status: 503 },
});

export type ErrorBody = {
  error: {
    code: string;
    message: string;
    fields: { path: string; code: string; message: string }[];
    details?: Record<string, unknown>;
  };
};

/** Field messages live under `validation.<code>`; domain rules may use any dotted key. */
function fieldMessage(lang: Lang, issue: FieldIssue): string {
  const key = issue.code.includes('.') ? issue.code : `validation.${issue.code}`;
  return translate(lang, key, issue.params);
}

export function errorBody(
  lang: Lang,
  code: ErrorCode,
  fields: FieldIssue[] = [],
  params: Record<string, unknown> = {},
  details?: Record<string, unknown>,
): ErrorBody {
  return {
    error: {
      code,
      message: translate(lang, `errors.${code}`, params),
      fields: fields.map((f) => ({ path: f.path, code: f.code, message: fieldMessage(lang, f) })),
      ...(details ? { details } : {}),
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
  /** A discriminated union's key and its allowed values, when the body names none of them. */
  discriminator?: string;
  options?: unknown[];
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
      return [{ path, code: known.includes(issue.format ?? '') ? (`invalid_${issue.format}` as RuleCode) : 'invalid_format' }];
    }
    case 'invalid_value':
      return [{ path, code: 'invalid_value', params: { values: (issue.values ?? []).join(', ') } }];
    case 'unrecognized_keys':
      return (issue.keys ?? []).map((k) => ({ path: path ? `${path}.${k}` : k, code: 'unrecognized_keys' }));
    case 'invalid_union':
      // A discriminated union without a known discriminator: say which values the key takes.
      if (issue.discriminator) return [{ path, code: 'invalid_value', params: { values: (issue.options ?? []).join(', ') } }];
      return [{ path, code: 'invalid' }];
    case 'custom':
      // Custom refinements name their rule code at runtime; an unknown one falls back to the key at translation.
      return [{ path, code: String(issue.params?.code ?? 'invalid') as RuleCode, params: issue.params }];
    default:
      return [{ path, code: 'invalid' }];
  }
}

/** Fastify's own refusals, by its error code, as our codes (each translated under `errors.`). */
const frameworkCodes: Record<string, ErrorCode> = {
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
    const send = (e: AppError) => {
      if (e.status === 429 && e.params.seconds) reply.header('retry-after', String(e.params.seconds));
      return reply.status(e.status).send(errorBody(lang, e.code, e.fields, e.params, e.details));
    };
    if (err instanceof AppError) return send(err);
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
      return send(PlatformErrors.MALFORMED({ fields }));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return send(PlatformErrors.INTERNAL());
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
      return send(PlatformErrors.CONFLICT());
    }
    req.log.error({ err }, 'unhandled error');
    return send(PlatformErrors.INTERNAL());
  });
}
