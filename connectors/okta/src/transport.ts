// The only file that knows Okta's request shapes and error envelope; streams and actions go through it.
import { errors } from '@steward/domain';
import {
  HttpError,
  linkHeaderPages,
  type ConnectorContext,
  type HttpRequest,
  type HttpResponse,
  type Page,
  type Transport,
  sleep,
} from '@steward/sdk';
import { z } from 'zod';
import type { OktaConfig } from './config.js';

type Ctx = ConnectorContext<OktaConfig>;

export const USERS_PATH = '/api/v1/users';

/** Okta's error envelope: `{errorCode, errorSummary, errorLink, errorId, errorCauses[]}`. */
const oktaErrorSchema = z.object({
  errorCode: z.string().min(1),
  errorSummary: z.string(),
  errorCauses: z.array(z.object({ errorSummary: z.string().optional() })).optional(),
});

export interface OktaFailure {
  status: number;
  /** E0000007 (not found), E0000001 (validation, e.g. a lifecycle transition the user's status forbids)… */
  errorCode: string;
  /** errorSummary plus any errorCauses, as Okta words them. */
  message: string;
}

export type OktaResult<T> =
  { ok: true; value: T; attempts: number } | { ok: false; failure: OktaFailure; attempts: number };

// Answers that are Okta refusing this one request; 401 and 429 stay with the transport (auth, throttling).
const REFUSALS = [400, 403, 404, 405] as const;

/**
 * Which walk of the user list: Okta's plain list leaves DEPROVISIONED users out, so a full sync walks
 * them separately (`filter=status eq "DEPROVISIONED"`) to learn who was deactivated.
 */
export type UserListing = 'listed' | 'deprovisioned';

/** Pages of raw users; `start` is a saved next link (the checkpoint), followed as Okta gave it. */
export function userPages(
  ctx: Ctx,
  listing: UserListing,
  start: { url: string } | null,
): AsyncGenerator<Page<{ url: string }>> {
  return linkHeaderPages(retrying5xx(ctx), {
    path: USERS_PATH,
    query: {
      limit: ctx.config.pageSize,
      ...(listing === 'deprovisioned' ? { filter: 'status eq "DEPROVISIONED"' } : {}),
    },
    start,
    signal: ctx.signal,
  });
}

/** The cheapest authenticated call: one user of the first page. */
export async function ping(ctx: Ctx): Promise<OktaResult<number>> {
  // A static token cannot be refreshed, so a 401 here is the answer (E0000011), not a reason to retry.
  return call(ctx, { path: USERS_PATH, query: { limit: 1 } }, (res) => res.status, [401]);
}

/** GET /api/v1/users/{id or login}: Okta resolves either. */
export function getUser(ctx: Ctx, idOrLogin: string): Promise<OktaResult<unknown>> {
  return call(ctx, { path: `${USERS_PATH}/${encodeURIComponent(idOrLogin)}` }, (res) => res.json);
}

export type LifecycleOperation = 'suspend' | 'unsuspend' | 'deactivate';

/** POST /api/v1/users/{id}/lifecycle/{op}; deactivation never e-mails the admin (`sendEmail=false`). */
export function lifecycle(
  ctx: Ctx,
  userId: string,
  operation: LifecycleOperation,
  idempotencyKey: string,
): Promise<OktaResult<null>> {
  return call(
    ctx,
    {
      method: 'POST',
      path: `${USERS_PATH}/${encodeURIComponent(userId)}/lifecycle/${operation}`,
      query: operation === 'deactivate' ? { sendEmail: false } : undefined,
      // Okta has no idempotency header; the key still makes the SDK retry the POST on 5xx.
      idempotencyKey,
    },
    () => null,
  );
}

async function call<T>(
  ctx: Ctx,
  req: HttpRequest,
  read: (res: HttpResponse) => T,
  alsoRefusals: readonly number[] = [],
): Promise<OktaResult<T>> {
  const expect = [200, 201, 204, ...REFUSALS, ...alsoRefusals];
  const res = await retrying5xx(ctx).request({ ...req, signal: ctx.signal, expect });
  if (res.status < 300) return { ok: true, value: read(res), attempts: res.attempts };
  return { ok: false, failure: failureOf(res), attempts: res.attempts };
}

function failureOf(res: HttpResponse): OktaFailure {
  const parsed = oktaErrorSchema.safeParse(res.json);
  if (!parsed.success) {
    throw errors.upstream(`Okta answered ${res.status} without its error envelope (${res.url}).`);
  }
  const causes = (parsed.data.errorCauses ?? []).flatMap((c) => (c.errorSummary ? [c.errorSummary] : []));
  const message = [parsed.data.errorSummary, ...causes].filter(Boolean).join(' ');
  return { status: res.status, errorCode: parsed.data.errorCode, message };
}

/** The failure as the error an action or test reports: Okta's own words and code. */
export function failureError(what: string, failure: OktaFailure): Error {
  return errors.upstream(
    `${what}: Okta answered ${failure.status} ${failure.errorCode}: ${failure.message}`,
    [{ path: 'okta', reason: failure.errorCode }],
  );
}

const SUCCESS = [200, 201, 202, 203, 204, 206];
const SERVER_ERRORS = [500, 502, 503, 504];

/**
 * ctx.http with 5xx retried here instead of in the SDK transport. Okta stamps X-Rate-Limit-Reset (the end
 * of the quota window, up to a minute away) on every answer, and the SDK reads it on a 5xx as a
 * server-requested wait (packages/sdk/src/http/transport.ts, the `res.status >= 500` branch), so one
 * Okta 500 would stall the sync until the window ends. Here a 5xx gets plain exponential backoff.
 */
function retrying5xx(ctx: Ctx): Transport {
  const { maxRetries = 4, backoffBaseMs = 500, backoffMaxMs = 30_000 } = ctx.config.http;
  const request = async (req: HttpRequest): Promise<HttpResponse> => {
    const expect = req.expect ?? SUCCESS;
    const retryable = req.retry ?? ((req.method ?? 'GET') === 'GET' || req.idempotencyKey !== undefined);
    let attempts = 0;
    for (let retry = 0; ; retry++) {
      const res = await ctx.http.request({ ...req, expect: [...expect, ...SERVER_ERRORS] });
      attempts += res.attempts;
      if (expect.includes(res.status) || !SERVER_ERRORS.includes(res.status)) return { ...res, attempts };
      if (!retryable || retry >= maxRetries) throw serverError(req.method ?? 'GET', res, attempts);
      const delay = Math.round(Math.random() * Math.min(backoffMaxMs, backoffBaseMs * 2 ** retry));
      await sleep(delay, req.signal ?? ctx.signal);
    }
  };
  return { baseUrl: ctx.http.baseUrl, request: request as Transport['request'] };
}

function serverError(method: string, res: HttpResponse, attempts: number): HttpError {
  const envelope = oktaErrorSchema.safeParse(res.json);
  const said = envelope.success
    ? `${envelope.data.errorCode} ${envelope.data.errorSummary}`
    : '(no Okta error body)';
  return new HttpError({
    code: 'http_status',
    method,
    url: res.url,
    status: res.status,
    vendorCode: envelope.success ? envelope.data.errorCode : undefined,
    bodySnippet: said,
    attempts,
    retryable: true,
    message: `${method} ${res.url} answered ${res.status} after ${attempts} attempts: ${said}`,
  });
}
