/** One invalid field as the API names it (`inn`, `phones.0.number`) with a translated message. */
export type FieldIssue = { path: string; code: string; message: string };
/** An existing record that a create/update would duplicate (409 DUPLICATE); title is null when the caller may not see it. */
export type DuplicateRef = {
  id: string;
  type: string;
  title: string | null;
  ownerName?: string | null;
  visible?: boolean;
  matched?: string;
};

type ErrorPayload = {
  error?: { code?: string; message?: string; fields?: FieldIssue[]; duplicates?: DuplicateRef[] };
  duplicates?: DuplicateRef[];
};

/** A failed API call: HTTP status, stable code, message and field messages already translated by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldIssue[] = [],
    readonly duplicates: DuplicateRef[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get isVersionConflict() {
    return this.status === 409 && this.code === 'VERSION_CONFLICT';
  }
  get isDuplicate() {
    return this.status === 409 && this.duplicates.length > 0;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

export type QueryValue = string | number | boolean | null | undefined | readonly string[];
export type Query = Record<string, QueryValue>;

// Module state, not React state: every request needs them and they change only on sign-in or language switch.
let csrfToken: string | null = null;
let language = 'ru';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}
export function setApiLanguage(lang: string) {
  language = lang;
}
/** Called when any request answers 401, so the shell can drop the session and show the login page. */
export function setUnauthenticatedHandler(fn: (() => void) | null) {
  onUnauthenticated = fn;
}

const BASE = '/api/v1';

/** Builds `/api/v1/path?query`, leaving out empty values; arrays repeat the key. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, item);
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

type Options = { query?: Query; body?: unknown; form?: FormData; signal?: AbortSignal; retried?: boolean; blob?: boolean };

async function parseError(res: Response): Promise<ApiError> {
  let payload: ErrorPayload = {};
  try {
    payload = (await res.json()) as ErrorPayload;
  } catch {
    // A proxy or crash page instead of our JSON: keep the status, no details.
  }
  const e = payload.error ?? {};
  return new ApiError(
    res.status,
    e.code ?? `HTTP_${res.status}`,
    e.message ?? res.statusText,
    e.fields ?? [],
    e.duplicates ?? payload.duplicates ?? [],
  );
}

async function request<T>(method: string, path: string, opts: Options = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language };
  const unsafe = method !== 'GET' && method !== 'HEAD';
  if (unsafe && csrfToken) headers['x-csrf-token'] = csrfToken;
  // A FormData body sets its own multipart content type (with the boundary).
  if (opts.body !== undefined && !opts.form) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', (err as Error).message);
  }
  if (res.ok) {
    if (res.status === 204) return undefined as T;
    if (opts.blob) return (await res.blob()) as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const error = await parseError(res);
  // The session may have been renewed in another tab: fetch the current token once and retry.
  if (unsafe && error.status === 403 && error.code === 'CSRF' && !opts.retried) {
    const me = await fetch(apiUrl('/auth/me'), { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (me.ok) {
      csrfToken = ((await me.json()) as { csrfToken: string }).csrfToken;
      return request<T>(method, path, { ...opts, retried: true });
    }
  }
  if (error.status === 401 && path !== '/auth/login' && path !== '/auth/me') onUnauthenticated?.();
  throw error;
}

/** A file answered by a GET, or the JSON of a 202 (a job that will make it). */
export type FileAnswer<J> = { kind: 'file'; blob: Blob; fileName: string } | { kind: 'accepted'; body: J };

/** The file name of a Content-Disposition header (the exact UTF-8 `filename*` before the ASCII one). */
export function dispositionName(header: string | null, fallback: string): string {
  const star = header?.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) return decodeURIComponent(star[1]);
  return header?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

async function requestFile<J>(path: string, query?: Query): Promise<FileAnswer<J>> {
  const res = await fetch(apiUrl(path, query), { credentials: 'same-origin', headers: { 'accept-language': language } });
  if (!res.ok) {
    const error = await parseError(res);
    if (error.status === 401) onUnauthenticated?.();
    throw error;
  }
  if (res.status === 202) return { kind: 'accepted', body: (await res.json()) as J };
  return { kind: 'file', blob: await res.blob(), fileName: dispositionName(res.headers.get('content-disposition'), 'export') };
}

/** The REST client: same-origin cookie session, CSRF header on unsafe calls, the UI language for messages. */
export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body: body ?? {}, query }),
  patch: <T>(path: string, body: unknown, query?: Query) => request<T>('PATCH', path, { body, query }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T = void>(path: string) => request<T>('DELETE', path),
  /** A multipart upload (files); the fields go in the FormData as the endpoint documents them. */
  upload: <T>(path: string, form: FormData, query?: Query) => request<T>('POST', path, { form, query }),
  /** A POST answered with a file (a document preview): its bytes as a Blob. */
  postBlob: (path: string, body: unknown) => request<Blob>('POST', path, { body, blob: true }),
  /** A download that may instead be accepted as a job (202 with its JSON). */
  file: <J>(path: string, query?: Query) => requestFile<J>(path, query),
};
