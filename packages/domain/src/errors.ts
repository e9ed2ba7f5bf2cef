/** One error type for the whole platform: every error carries its HTTP meaning and a stable code. */
export interface ErrorDetail {
  path: string;
  reason: string;
}

export class StewardError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'StewardError';
  }
}

export const errors = {
  validation: (message: string, details: ErrorDetail[]) =>
    new StewardError('validation_failed', 400, message, details),
  badRequest: (code: string, message: string, details: ErrorDetail[] = []) =>
    new StewardError(code, 400, message, details),
  unauthenticated: (message = 'Authentication is required.') =>
    new StewardError('unauthenticated', 401, message),
  forbidden: (message: string) => new StewardError('forbidden', 403, message),
  notFound: (what: string) => new StewardError('not_found', 404, `${what} was not found.`),
  conflict: (message: string, details: ErrorDetail[] = []) =>
    new StewardError('conflict', 409, message, details),
  rateLimited: (retryAfterSeconds: number) =>
    new StewardError('rate_limited', 429, `Too many attempts; retry in ${retryAfterSeconds} s.`, [], {
      'retry-after': String(retryAfterSeconds),
    }),
  /** A connected system answered with a failure (or not at all): the request was fine, the vendor was not. */
  upstream: (message: string, details: ErrorDetail[] = []) =>
    new StewardError('upstream_failed', 502, message, details),
  unavailable: (message: string, retryAfterSeconds?: number) =>
    new StewardError(
      'unavailable',
      503,
      message,
      [],
      retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {},
    ),
};

export function isStewardError(e: unknown): e is StewardError {
  return e instanceof StewardError;
}
