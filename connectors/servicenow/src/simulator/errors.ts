import type { SimResponse, VendorErrors } from '@steward/sdk/simulator';

/** ServiceNow's error envelope: `{"error":{"message","detail"},"status":"failure"}`. */
export function snError(
  status: number,
  message: string,
  detail: string | null,
  headers: Record<string, string> = {},
): SimResponse {
  return { status, headers, json: { error: { message, detail }, status: 'failure' } };
}

export const UNAUTHENTICATED = snError(401, 'User Not Authenticated', 'Required to provide Auth information');

export const serviceNowErrors: VendorErrors = {
  unauthorized: () => UNAUTHENTICATED,
  notFound: (req) => snError(400, 'Requested URI does not represent any resource', req.path),
  serverError: (status) =>
    snError(status, 'Internal Server Error', 'The instance could not complete the transaction'),
  rateLimited: (after) =>
    snError(
      429,
      'Rate limit exceeded',
      'The maximum number of requests allowed by a rate limit rule was exceeded',
      after === undefined ? {} : { 'retry-after': String(after) },
    ),
  badRequest: (message) => snError(400, 'Exception while reading request', message),
};
