import type { z } from 'zod';
import type { AuthEvent, AuthScheme } from '../auth/auth-scheme.js';
import type { RateLimitOptions } from './rate-limiter.js';
import type { WaitSource } from './retry-policy.js';
import type { Query } from './url.js';

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportOptions {
  baseUrl: string;
  auth?: AuthScheme;
  /** Per attempt, headers and body included (default 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 4). A re-authentication after a 401 is not counted. */
  maxRetries?: number;
  /** Exponential backoff window (default 500 ms doubling up to 30 s). */
  backoff?: { baseMs?: number; maxMs?: number };
  /** The longest server-requested wait we sit out; a longer one fails with `retryAfterMs` (default 2 min). */
  maxWaitMs?: number;
  /** Client-side pace of this connector instance. */
  rateLimit?: RateLimitOptions;
  /** Requests in flight at once for this instance (Jamf: 5). */
  maxConcurrent?: number;
  /** Sent on every request (user agent, API version). */
  headers?: Record<string, string>;
  /** A vendor's throttling answer that is not a 429 (Google: 403 userRateLimitExceeded). */
  isRateLimited?: (status: number, body: unknown) => boolean;
  /** Header that carries a request's idempotency key, when the vendor supports one. */
  idempotencyHeader?: string;
  /** More values to keep out of error texts (e.g. a webhook URL that is itself the secret). */
  secrets?: readonly string[];
  /** Telemetry: retries, throttling, re-authentication, token refreshes. */
  onEvent?: (event: TransportEvent) => void;
  /** Only for clock-free unit tests; everything else talks real HTTP. */
  fetch?: typeof fetch;
}

export interface HttpRequest {
  method?: HttpMethod;
  /** Relative to the base URL, or an absolute URL on its origin (a next link). */
  path: string;
  query?: Query;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  body?: string | URLSearchParams | Uint8Array<ArrayBuffer>;
  /** Statuses that are answers, not errors (default: any 2xx). */
  expect?: readonly number[];
  /** Makes a POST/PATCH retryable; sent in `idempotencyHeader` when the transport has one. */
  idempotencyKey?: string;
  /** Retry even a non-idempotent request on 5xx and network errors. */
  retry?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  url: string;
  text: string;
  /** The parsed body when it is JSON (and validated when a schema was given), else undefined. */
  json: T;
  attempts: number;
}

export interface Transport {
  readonly baseUrl: string;
  request(req: HttpRequest): Promise<HttpResponse>;
  /** The same, with the JSON body validated: a mismatch is an HttpError naming the fields, not a crash later. */
  request<T>(req: HttpRequest & { schema: z.ZodType<T> }): Promise<HttpResponse<T>>;
}

interface RequestEventBase {
  method: string;
  url: string;
  attempt: number;
}

export type TransportEvent =
  | (RequestEventBase & {
      type: 'retry';
      reason: 'status' | 'network' | 'timeout' | 'token';
      status?: number;
      delayMs: number;
    })
  | (RequestEventBase & {
      type: 'throttled';
      status: number;
      delayMs: number;
      source: WaitSource | 'backoff' | 'remaining';
    })
  | (RequestEventBase & { type: 'reauthenticated'; status: number })
  | AuthEvent;
