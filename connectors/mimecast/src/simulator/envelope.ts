// Mimecast's envelope on the simulator side: every API answer is `{meta:{status}, data[], fail[]}`,
// errors included. Codes other than err_validation_invalid_email_address, token_expired and
// invalid_token are modelled (the reference does not list them).
import type { SimRequest, SimResponse, VendorErrors } from '@steward/sdk/simulator';

export const CODES = {
  invalidEmail: 'err_validation_invalid_email_address',
  invalidDomain: 'err_validation_invalid_domain',
  missing: 'err_validation_missing_value',
  invalidValue: 'err_validation_invalid_value',
  policyNotFound: 'err_policy_not_found',
  malformed: 'err_request_malformed',
  notFound: 'err_resource_not_found',
  tokenExpired: 'token_expired',
  invalidToken: 'invalid_token',
  rateLimited: 'err_rate_limit_exceeded',
  serverError: 'err_internal_server_error',
  temporarilyUnavailable: 'err_service_temporarily_unavailable',
} as const;

export interface SimFailError {
  field?: string;
  code: string;
  message: string;
  retryable: boolean;
}

export interface SimFailEntry {
  key?: unknown;
  errors: SimFailError[];
}

export const failError = (
  field: string | undefined,
  code: string,
  message: string,
  retryable = false,
): SimFailError => (field ? { field, code, message, retryable } : { code, message, retryable });

export function envelope(
  status: number,
  data: unknown[],
  fail: SimFailEntry[] = [],
  pagination?: { pageSize: number; next?: string },
): Record<string, unknown> {
  return { meta: pagination ? { status, pagination } : { status }, data, fail };
}

/** An answer whose only content is one fail entry without a key (auth, throttling, server errors). */
export function failure(status: number, error: SimFailError, headers?: Record<string, string>): SimResponse {
  return { status, headers, json: envelope(status, [], [{ errors: [error] }]) };
}

export function rateLimitedResponse(resetMs: number | undefined): SimResponse {
  return failure(
    429,
    failError(undefined, CODES.rateLimited, 'Rate limit exceeded; retry after X-RateLimit-Reset ms.', true),
    resetMs === undefined ? {} : { 'X-RateLimit-Reset': String(Math.max(0, Math.ceil(resetMs))) },
  );
}

/** `expired(token)`: the token was issued here once (expired or revoked) rather than never. */
export function mimecastErrors(expired: (token: string | undefined) => boolean): VendorErrors {
  return {
    unauthorized: (req: SimRequest) => {
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      return expired(token)
        ? failure(401, failError(undefined, CODES.tokenExpired, 'The access token has expired.'))
        : failure(401, failError(undefined, CODES.invalidToken, 'The access token is not valid.'));
    },
    notFound: (req) =>
      failure(404, failError(undefined, CODES.notFound, `No such API: ${req.method} ${req.path}`)),
    serverError: (status) =>
      failure(status, failError(undefined, CODES.serverError, 'An internal error occurred.', true)),
    rateLimited: (retryAfterSeconds) =>
      rateLimitedResponse(retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000),
    badRequest: (message) => failure(400, failError(undefined, CODES.malformed, message)),
  };
}
