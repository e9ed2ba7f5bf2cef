// Microsoft Graph's error envelope, as the simulator renders it: {"error":{"code","message","innerError"}}.
import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse, VendorErrors } from '@steward/sdk/simulator';

function innerError(req: SimRequest): Record<string, string> {
  const clientRequestId = req.headers['client-request-id'];
  return {
    date: new Date().toISOString().slice(0, 19),
    'request-id': randomUUID(),
    'client-request-id': typeof clientRequestId === 'string' ? clientRequestId : randomUUID(),
  };
}

export function graphError(
  status: number,
  code: string,
  message: string,
  req: SimRequest,
  headers?: Record<string, string>,
): SimResponse {
  return { status, headers, json: { error: { code, message, innerError: innerError(req) } } };
}

/**
 * Intune's own services (behind Graph) put a JSON document in `error.message`, with the text in `Message`.
 */
export function intuneServiceError(status: number, code: string, text: string, req: SimRequest): SimResponse {
  const message = JSON.stringify(
    {
      _version: 3,
      Message: `${text} - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${randomUUID()} - Url: https://fef.msub02.manage.microsoft.com/DeviceFE/StatelessDeviceFEService${req.path.replace(/^\/v1\.0/, '')}?api-version=2023-07-11`,
      CustomApiErrorPhrase: '',
      RetryAfter: null,
      ErrorSourceService: '',
      HttpHeaders: '{}',
    },
    null,
    2,
  ).replace(/\n/g, '\r\n');
  return graphError(status, code, message, req);
}

const SERVER_CODES: Record<number, string> = {
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export const graphErrors: VendorErrors = {
  unauthorized: (req) =>
    req.headers.authorization
      ? graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.', req)
      : graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', req),
  notFound: (req) =>
    graphError(
      400,
      'BadRequest',
      `Resource not found for the segment '${req.path.split('/').filter(Boolean).pop() ?? ''}'.`,
      req,
    ),
  serverError: (status, req) =>
    graphError(
      status,
      SERVER_CODES[status] ?? 'UnknownError',
      status === 503 ? 'The service is currently unavailable.' : 'An internal server error occurred.',
      req,
    ),
  rateLimited: (retryAfterSeconds, req) =>
    graphError(
      429,
      'TooManyRequests',
      'Too many requests from this application to Intune. Retry later.',
      req,
      retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) },
    ),
  badRequest: (message, req) => graphError(400, 'BadRequest', message, req),
};
