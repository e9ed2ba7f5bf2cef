import type { ErrorDetail } from './types.js';

/** An error answered by the server, in its one error shape: {"error":{"code","message","details"}}. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Seconds, from Retry-After (rate limiting, unavailability). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

let csrfToken: string | null = null;

/** The session's CSRF token, sent as X-CSRF-Token on every write. Set on login and session load. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export const LOGIN_PATH = '/login';

/** Sends the browser to the login page, remembering where it was. */
export function redirectToLogin(): void {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname === LOGIN_PATH) return;
  window.location.assign(`${LOGIN_PATH}?next=${encodeURIComponent(here)}`);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** A file sent as the body itself (uploads), with its own content type, instead of JSON. */
  file?: { data: Blob; contentType: string };
  query?: Record<string, string | number | undefined | null>;
  /** On 401, go to the login page (default). Login and the session probe handle 401 themselves. */
  redirectOn401?: boolean;
  /** Cancels the request (e.g. a search the user has already typed past). */
  signal?: AbortSignal;
}

function isErrorBody(v: unknown): v is { error: { code: string; message: string; details?: ErrorDetail[] } } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  );
}

async function toApiError(res: Response): Promise<ApiError> {
  const retry = Number(res.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  const parsed: unknown = await res.json().catch(() => null);
  if (isErrorBody(parsed)) {
    const details = Array.isArray(parsed.error.details) ? parsed.error.details : [];
    return new ApiError(parsed.error.code, res.status, parsed.error.message, details, retryAfter);
  }
  return new ApiError(
    'http_error',
    res.status,
    `The server answered ${res.status} ${res.statusText}.`.trim(),
    [],
    retryAfter,
  );
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.file) headers['content-type'] = opts.file.contentType;
  else if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(urlOf(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.file ? opts.file.data : opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new ApiError(
      'network_error',
      0,
      'Could not reach the Steward server. Check your connection and try again.',
    );
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && opts.redirectOn401 !== false) redirectToLogin();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query']) => request<T>(path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body }),
  /** POSTs a file as the raw body (e.g. an attachment), with query parameters. */
  upload: <T>(path: string, query: RequestOptions['query'], data: Blob, contentType: string) =>
    request<T>(path, { method: 'POST', query, file: { data, contentType } }),
  delete: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
};

/** One line saying why a request failed: the server's message, and for invalid input the per-field reasons. */
export function describeError(e: unknown): string {
  if (isApiError(e) && e.code === 'validation_failed') {
    const reasons = e.details.map((d) => `${d.path.replace(/^body\./, '')}: ${d.reason}`);
    return reasons.length > 0 ? `${e.message} (${reasons.join('; ')})` : e.message;
  }
  // Other refusals (illegal_transition, legal_hold, …) say it all in their message.
  return e instanceof Error ? e.message : String(e);
}
