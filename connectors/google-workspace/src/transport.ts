// The only file that knows the Directory API's request shapes and Google's error envelope.
import { errors } from '@steward/domain';
import {
  isHttpError,
  pageTokenPages,
  type ConnectorContext,
  type HttpRequest,
  type HttpResponse,
  type Page,
} from '@steward/sdk';
import { z } from 'zod';
import type { GoogleWorkspaceConfig } from './config.js';

type Ctx = ConnectorContext<GoogleWorkspaceConfig>;

export const USERS_PATH = '/admin/directory/v1/users';
/** Read users and change their suspension; the read-only scope would not allow the PATCH. */
export const DIRECTORY_USER_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user';

/** `{"error":{"code":403,"message":…,"errors":[{"reason":"userRateLimitExceeded",…}]}}` */
const googleErrorSchema = z.object({
  error: z.object({
    code: z.number(),
    message: z.string(),
    errors: z.array(z.object({ reason: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});

/**
 * Google signals throttling as 403 (userRateLimitExceeded, quotaExceeded, sometimes rateLimitExceeded)
 * as often as 429: the SDK transport treats these like a 429. dailyLimitExceeded is left out: it lasts
 * until midnight Pacific, longer than any retry.
 */
const THROTTLE_REASONS: ReadonlySet<string> = new Set([
  'userRateLimitExceeded',
  'quotaExceeded',
  'rateLimitExceeded',
]);

export function isGoogleRateLimited(status: number, body: unknown): boolean {
  if (status !== 403 && status !== 429) return false;
  const parsed = googleErrorSchema.safeParse(body);
  return parsed.success && (parsed.data.error.errors ?? []).some((e) => THROTTLE_REASONS.has(e.reason ?? ''));
}

export interface GoogleFailure {
  status: number;
  /** notFound, forbidden, invalid, badRequest… (`error.errors[0].reason`). */
  reason: string;
  message: string;
}

export type GoogleResult<T> = { ok: true; value: T } | { ok: false; failure: GoogleFailure };

// 403 stays with the transport, which must see quota 403s to retry them; a plain 403 comes back thrown.
const REFUSALS = [400, 404] as const;

/** Pages of raw users; `start` is the saved page token (the checkpoint). */
export function userPages(
  ctx: Ctx,
  start: { pageToken: string } | null,
): AsyncGenerator<Page<{ pageToken: string }>> {
  return pageTokenPages(ctx.http, {
    path: USERS_PATH,
    query: { customer: ctx.config.customer, maxResults: ctx.config.pageSize },
    itemsAt: 'users',
    start,
    signal: ctx.signal,
  });
}

/** The cheapest authenticated call: the first user of the account. */
export function ping(ctx: Ctx): Promise<GoogleResult<number>> {
  return call(
    ctx,
    { path: USERS_PATH, query: { customer: ctx.config.customer, maxResults: 1 } },
    (r) => r.status,
  );
}

/** PATCH /admin/directory/v1/users/{userKey} `{"suspended": …}` → the updated user. */
export function setSuspended(
  ctx: Ctx,
  userKey: string,
  suspended: boolean,
  idempotencyKey: string,
): Promise<GoogleResult<unknown>> {
  return call(
    ctx,
    {
      method: 'PATCH',
      path: `${USERS_PATH}/${encodeURIComponent(userKey)}`,
      json: { suspended },
      // Setting a flag is idempotent: the key lets the SDK retry the PATCH on 5xx and dropped connections.
      idempotencyKey,
    },
    (r) => r.json,
  );
}

async function call<T>(ctx: Ctx, req: HttpRequest, read: (res: HttpResponse) => T): Promise<GoogleResult<T>> {
  let res: HttpResponse;
  try {
    res = await ctx.http.request({ ...req, signal: ctx.signal, expect: [200, ...REFUSALS] });
  } catch (e) {
    const failure = thrownFailure(e);
    if (failure) return { ok: false, failure };
    throw e;
  }
  if (res.status < 300) return { ok: true, value: read(res) };
  return { ok: false, failure: failureOf(res.status, res.json, res.url) };
}

function failureOf(status: number, body: unknown, url: string): GoogleFailure {
  const parsed = googleErrorSchema.safeParse(body);
  if (!parsed.success)
    throw errors.upstream(`Google answered ${status} without its error envelope (${url}).`);
  const { message, errors: reasons } = parsed.data.error;
  return { status, reason: reasons?.[0]?.reason ?? String(parsed.data.error.code), message };
}

/** A 403 the transport gave up on (not a quota one) in Google's words; other errors stay as thrown. */
function thrownFailure(e: unknown): GoogleFailure | undefined {
  if (!isHttpError(e) || e.code !== 'http_status' || e.status !== 403) return undefined;
  try {
    return failureOf(403, JSON.parse(e.bodySnippet ?? ''), e.url ?? '');
  } catch {
    return { status: 403, reason: e.vendorCode ?? 'forbidden', message: e.message };
  }
}

/** The failure as the error an action reports: Google's own words and reason. */
export function failureError(what: string, failure: GoogleFailure): Error {
  return errors.upstream(`${what}: Google answered ${failure.status} ${failure.reason}: ${failure.message}`, [
    { path: 'google', reason: failure.reason },
  ]);
}
