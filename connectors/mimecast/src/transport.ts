// The only file that speaks HTTP to Mimecast: every call is a POST of `{meta?, data[]}` answered in the
// `{meta, data[], fail[]}` envelope. Auth (OAuth2 client credentials, one refresh on 401), 429 waits
// (X-RateLimit-Reset, a duration in ms, read by the SDK transport) and 5xx retries stay in ctx.http.
import { errors } from '@steward/domain';
import type { ConnectorContext, HttpResponse } from '@steward/sdk';
import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import type { MimecastConfig } from './config.js';
import {
  allRetryable,
  describeFails,
  envelopeSchema,
  failDetails,
  type Envelope,
  type FailEntry,
  type FailError,
} from './envelope.js';

type Ctx = ConnectorContext<MimecastConfig>;

/** Request `meta`: get-policy and other list calls page with `pagination{pageSize, pageToken}`. */
export interface RequestMeta {
  pagination?: { pageSize: number; pageToken?: string };
}

export interface CallOptions<T> {
  /** What the call does, for errors: "Mimecast refused block sender: …". */
  what: string;
  /** One element of the answer's `data[]`. */
  item: z.ZodType<T>;
  meta?: RequestMeta;
  /**
   * Sending the request twice has the effect of sending it once (a read, a block): it is then re-sent
   * after a 5xx or a dropped connection, and when every fail[] error is `retryable: true`.
   */
  repeatable: boolean;
  /**
   * For a request that was sent more than once: errors meaning the first send already did it (a delete
   * re-sent after its answer was lost finds nothing to delete). Entries made only of these are dropped.
   */
  doneOnResend?: (error: FailError) => boolean;
}

export interface CallResult<T> {
  data: T[];
  /** The pageToken of the next page, when the answer has one. */
  next: string | undefined;
  /** HTTP requests sent, all re-sends included. */
  attempts: number;
}

// Answers that carry the envelope and name the problem in fail[]; 401 and 429 stay with ctx.http.
const ENVELOPE_STATUSES = [200, 400, 403, 404];

/**
 * POSTs `{meta?, data}` to `path` and returns the validated `data[]`. A non-empty fail[] is a failure even
 * on HTTP 200, naming every entry's field, code, message and item. Fail entries that are all
 * `retryable: true` are re-sent (repeatable calls only) up to `http.maxRetries` times with exponential
 * backoff; if they still fail the error is `unavailable` (503), which tells the platform a later retry may
 * work, while any other fail[] is `upstream_failed` (502) with Mimecast's reason.
 */
export async function call<T>(
  ctx: Ctx,
  path: string,
  data: readonly unknown[],
  options: CallOptions<T>,
): Promise<CallResult<T>> {
  const { maxRetries = 4 } = ctx.config.http;
  const body = options.meta ? { meta: options.meta, data } : { data };
  let attempts = 0;
  for (let retry = 0; ; retry++) {
    const res = await ctx.http.request({
      method: 'POST',
      path,
      json: body,
      expect: ENVELOPE_STATUSES,
      retry: options.repeatable,
      signal: ctx.signal,
    });
    attempts += res.attempts;
    const envelope = parseEnvelope(res, options.what);
    const fails = remainingFails(envelope.fail ?? [], attempts, options.doneOnResend);
    if (fails.length === 0 && res.status === 200) {
      return {
        data: parseItems(envelope, options),
        next: envelope.meta.pagination?.next || undefined,
        attempts,
      };
    }
    const transient = allRetryable(fails);
    if (transient && options.repeatable && retry < maxRetries) {
      await backoff(ctx, retry);
      continue;
    }
    const reason = fails.length > 0 ? describeFails(fails) : `answered ${res.status} without a reason`;
    if (transient) {
      throw errors.unavailable(
        `Mimecast could not ${options.what} for now (after ${attempts} attempts): ${reason}`,
      );
    }
    throw errors.upstream(`Mimecast refused ${options.what}: ${reason}`, failDetails(fails));
  }
}

/** Waits before re-send number `retry` (from 0): exponential backoff with full jitter, per `http` tuning. */
export async function backoff(ctx: Ctx, retry: number): Promise<void> {
  const { backoffBaseMs = 500, backoffMaxMs = 30_000 } = ctx.config.http;
  const ms = Math.round(Math.random() * Math.min(backoffMaxMs, backoffBaseMs * 2 ** retry));
  await delay(ms, undefined, { signal: ctx.signal });
}

function remainingFails(
  fails: FailEntry[],
  attempts: number,
  doneOnResend: ((error: FailError) => boolean) | undefined,
): FailEntry[] {
  if (attempts < 2 || !doneOnResend) return fails;
  return fails.filter((f) => f.errors.length === 0 || !f.errors.every(doneOnResend));
}

function parseEnvelope(res: HttpResponse, what: string): Envelope {
  const parsed = envelopeSchema.safeParse(res.json);
  if (parsed.success) return parsed.data;
  throw errors.upstream(
    `Mimecast answered ${what} with ${res.status} but not in its {meta, data, fail} envelope (${res.url}).`,
  );
}

function parseItems<T>(envelope: Envelope, options: CallOptions<T>): T[] {
  return (envelope.data ?? []).map((raw, i) => {
    const parsed = options.item.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `data[${i}].${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw errors.upstream(`Mimecast answered ${options.what} with an unexpected item: ${issues}`);
  });
}
