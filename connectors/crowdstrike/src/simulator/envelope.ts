import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse, VendorErrors } from '@steward/sdk/simulator';

export interface FalconError {
  code: number;
  message: string;
}

export interface Pagination {
  /** A number on offset/limit queries; the next page's token on scroll pages (absent past the end). */
  offset?: string | number;
  limit: number;
  total: number;
  /** Scroll pages only: when the token dies if unused (epoch nanoseconds). */
  expires_at?: number;
}

/**
 * CrowdStrike's envelope: `{meta{query_time, pagination, powered_by, trace_id}, resources, errors}`. Query
 * (id listing) endpoints carry `pagination`; entity and action endpoints leave it out, as the API does.
 */
export function envelope(body: {
  resources?: unknown[];
  errors?: FalconError[];
  pagination?: Pagination;
  poweredBy?: string;
}): Record<string, unknown> {
  const meta: Record<string, unknown> = { query_time: 0.004217 };
  if (body.pagination) meta.pagination = body.pagination;
  meta.powered_by = body.poweredBy ?? 'device-api';
  meta.trace_id = randomUUID();
  return { meta, resources: body.resources ?? [], errors: body.errors ?? [] };
}

export function failure(status: number, message: string, headers?: Record<string, string>): SimResponse {
  return { status, headers, json: envelope({ errors: [{ code: status, message }] }) };
}

/** Rate-limit headers for an answer; the simulator adds them to every response. */
export interface RateHeaders {
  current(): Record<string, string>;
  /** The 429 headers: `X-Ratelimit-Retryafter` (epoch seconds) unless configured away. */
  throttled(retryAt: number | undefined): Record<string, string>;
}

export function falconErrors(rate: RateHeaders, now: () => number): VendorErrors {
  return {
    unauthorized: () => failure(401, 'access denied, invalid bearer token', rate.current()),
    notFound: (req: SimRequest) => failure(404, `Not Found: ${req.method} ${req.path}`, rate.current()),
    serverError: (status) =>
      failure(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error', rate.current()),
    rateLimited: (retryAfterSeconds) =>
      failure(
        429,
        'API rate limit exceeded.',
        // Whole seconds from the current second, so the wait a client measures from `Date` is exactly that.
        rate.throttled(
          retryAfterSeconds === undefined ? undefined : (Math.floor(now() / 1000) + retryAfterSeconds) * 1000,
        ),
      ),
    badRequest: (message) => failure(400, message, rate.current()),
  };
}
