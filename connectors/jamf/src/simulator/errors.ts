import { SimHttpError, type SimResponse, type VendorErrors } from '@steward/sdk/simulator';

/** `{"httpStatus","errors":[{"code","description","id","field"}]}`: every Jamf Pro API error looks like this. */
export function jamfErrorResponse(
  status: number,
  code: string,
  description: string,
  extra: { field?: string | null; id?: string } = {},
): SimResponse {
  return {
    status,
    json: {
      httpStatus: status,
      errors: [{ code, description, id: extra.id ?? '0', field: extra.field ?? null }],
    },
  };
}

/** Throw from a handler to answer in Jamf's envelope. */
export function jamfFail(
  status: number,
  code: string,
  description: string,
  extra?: { field?: string | null; id?: string },
): never {
  throw new SimHttpError(jamfErrorResponse(status, code, description, extra));
}

export function invalidField(field: string, description: string): never {
  return jamfFail(400, 'INVALID_FIELD', description, { field });
}

export const jamfErrors: VendorErrors = {
  unauthorized: () => jamfErrorResponse(401, 'INVALID_TOKEN', 'Unauthorized'),
  notFound: () => jamfErrorResponse(404, 'NOT_FOUND', 'Not Found'),
  serverError: (status) =>
    jamfErrorResponse(
      status,
      status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR',
      status === 503 ? 'The server is temporarily unavailable' : 'An unexpected error occurred',
    ),
  // Jamf documents no rate limit; a throttling proxy in front of it answers in the same envelope.
  rateLimited: (after) => {
    const reply = jamfErrorResponse(429, 'TOO_MANY_REQUESTS', 'Too many requests');
    return after === undefined ? reply : { ...reply, headers: { 'retry-after': String(after) } };
  },
  badRequest: (message) => jamfErrorResponse(400, 'INVALID_FIELD', message),
};
