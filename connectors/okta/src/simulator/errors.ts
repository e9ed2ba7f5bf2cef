import { randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse, VendorErrors } from '@steward/sdk/simulator';
import { bucketOf, type OktaRateLimiter } from './rate-limit.js';

/** Okta's error envelope; errorLink repeats the code, errorId is a fresh request id. */
export function oktaError(
  status: number,
  errorCode: string,
  errorSummary: string,
  causes: string[] = [],
  headers: Record<string, string> = {},
): SimResponse {
  return {
    status,
    headers,
    json: {
      errorCode,
      errorSummary,
      errorLink: errorCode,
      errorId: `oae${randomBytes(11).toString('base64url')}`,
      errorCauses: causes.map((errorSummary) => ({ errorSummary })),
    },
  };
}

/** Every answer carries the bucket's rate-limit headers, errors included, as Okta's do. */
export function oktaErrors(limiter: OktaRateLimiter): VendorErrors {
  const rate = (req: SimRequest) => limiter.headers(bucketOf(req.method, req.path));
  return {
    unauthorized: (req) => oktaError(401, 'E0000011', 'Invalid token provided', [], rate(req)),
    notFound: (req) =>
      oktaError(404, 'E0000007', `Not found: Resource not found: ${req.path} (Resource)`, [], rate(req)),
    serverError: (status, req) => oktaError(status, 'E0000009', 'Internal Server Error', [], rate(req)),
    // Okta never sends Retry-After: the wait is X-Rate-Limit-Reset. "Without headers" is a bare 429.
    rateLimited: (after) =>
      oktaError(
        429,
        'E0000047',
        'API call exceeded rate limit due to too many requests.',
        [],
        after === undefined
          ? {}
          : {
              'x-rate-limit-limit': '600',
              'x-rate-limit-remaining': '0',
              'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + after),
            },
      ),
    badRequest: (message, req) =>
      oktaError(400, 'E0000001', `Api validation failed: ${message}`, [message], rate(req)),
  };
}
