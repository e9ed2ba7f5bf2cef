import type { SimResponse, VendorErrors } from '@steward/sdk/simulator';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** Google's error envelope: `{"error":{"code","message","errors":[{message,domain,reason}],"status"}}`. */
export function googleError(
  code: number,
  message: string,
  reason: string,
  options: { domain?: string; headers?: Record<string, string>; extra?: Record<string, string> } = {},
): SimResponse {
  return {
    status: code,
    headers: options.headers,
    json: {
      error: {
        code,
        message,
        errors: [{ message, domain: options.domain ?? 'global', reason, ...options.extra }],
        ...(STATUS_NAMES[code] ? { status: STATUS_NAMES[code] } : {}),
      },
    },
  };
}

export type ThrottleReason = 'userRateLimitExceeded' | 'quotaExceeded';

export function quotaError(reason: ThrottleReason): SimResponse {
  const limit = reason === 'userRateLimitExceeded' ? 'Queries per minute per user' : 'Queries per minute';
  return googleError(
    403,
    `Quota exceeded for quota metric 'Queries' and limit '${limit}' of service 'admin.googleapis.com' for consumer 'project_number:1023456789012'.`,
    reason,
    { domain: 'usageLimits' },
  );
}

/** `throttleReason()` picks the reason a rate-limit fault without a wait is answered with. */
export function googleErrors(throttleReason: () => ThrottleReason): VendorErrors {
  return {
    unauthorized: () =>
      googleError(
        401,
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        'authError',
        {
          headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
          extra: { location: 'Authorization', locationType: 'header' },
        },
      ),
    notFound: (req) => googleError(404, `Not Found: ${req.path}`, 'notFound'),
    serverError: (status) =>
      status === 503
        ? googleError(503, 'The service is currently unavailable.', 'backendError')
        : googleError(status, 'Internal error encountered.', 'backendError'),
    // The Directory API's own throttling is a 403; a 429 with Retry-After is the front end's.
    rateLimited: (after) =>
      after === undefined
        ? quotaError(throttleReason())
        : googleError(429, 'Too many requests.', 'rateLimitExceeded', {
            domain: 'usageLimits',
            headers: { 'retry-after': String(after) },
          }),
    badRequest: (message) => googleError(400, message, 'badRequest'),
  };
}
