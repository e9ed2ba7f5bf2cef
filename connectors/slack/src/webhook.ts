// The only file that knows how Slack's incoming webhook answers: a plain-text `ok` or a plain-text code.
import { errors } from '@steward/domain';
import { isHttpError, type ConnectorContext, type HttpResponse, sleep } from '@steward/sdk';
import type { SlackConfig } from './config.js';

type Ctx = ConnectorContext<SlackConfig>;

export type SlackAnswer =
  { ok: true; attempts: number } | { ok: false; status: number; code: string; attempts: number };

// Every status is an answer read here except 429, which the transport waits out (Retry-After).
const ANSWERS = Array.from({ length: 400 }, (_, i) => 200 + i).filter((s) => s !== 429);
const SLACK_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** What Slack's refusal codes mean for the admin who set the webhook up. */
const HINTS: Record<string, string> = {
  invalid_payload: 'The message is not valid JSON or its blocks are malformed.',
  no_text: 'A message needs text or blocks.',
  user_not_found: 'The webhook belongs to a user Slack no longer knows.',
  action_prohibited: 'A workspace admin restricted posting to this channel.',
  channel_not_found: 'The channel this webhook was created for no longer exists.',
  no_service: 'The webhook was revoked, or the URL is wrong.',
  channel_is_archived: 'The channel this webhook posts to is archived.',
};

/**
 * POSTs one payload to the webhook.
 *
 * Delivery: Slack has no idempotency key, so a POST sent again after its first attempt got through posts
 * the message twice. A 429 or a 5xx means "not posted": the transport waits out a 429 and this function
 * retries a 5xx with backoff. A network error or timeout may come after Slack posted the message, so it is
 * not retried: `retry: false` and no idempotencyKey, which would make the transport re-send on those too.
 * At most one copy, at the price of reporting "unknown" when the connection fails mid-request.
 */
export async function postToWebhook(ctx: Ctx, payload: Record<string, unknown>): Promise<SlackAnswer> {
  const { maxRetries = 4, backoffBaseMs = 500, backoffMaxMs = 30_000 } = ctx.config.http;
  let attempts = 0;
  for (let retry = 0; ; retry++) {
    const res = await send(ctx, payload);
    attempts += res.attempts;
    const code = codeOf(res.text);
    if (res.status === 200 && code === 'ok') return { ok: true, attempts };
    if (res.status < 500) return { ok: false, status: res.status, code, attempts };
    if (retry >= maxRetries) {
      throw errors.upstream(
        `Slack failed with ${code} (${res.status}) ${attempts} times; the message was not posted.`,
        [{ path: 'slack', reason: code }],
      );
    }
    const delay = Math.round(Math.random() * Math.min(backoffMaxMs, backoffBaseMs * 2 ** retry));
    await sleep(delay, ctx.signal);
  }
}

/** The error an action reports for a refusal: Slack's code and status, and what to do about it. */
export function refusalError(answer: { status: number; code: string }): Error {
  return errors.upstream(`Slack refused the message: ${describeRefusal(answer)}`, [
    { path: 'slack', reason: answer.code },
  ]);
}

/** `channel_is_archived (410). The channel this webhook posts to is archived.` */
export function describeRefusal(answer: { status: number; code: string }): string {
  const hint = HINTS[answer.code];
  return `${answer.code} (${answer.status}).${hint ? ` ${hint}` : ''}`;
}

async function send(ctx: Ctx, payload: Record<string, unknown>): Promise<HttpResponse> {
  try {
    return await ctx.http.request({
      method: 'POST',
      // The webhook URL is the base URL; sent as is, without the slash a relative '' would append.
      path: ctx.http.baseUrl,
      json: payload,
      expect: ANSWERS,
      retry: false,
      signal: ctx.signal,
    });
  } catch (error) {
    if (!isHttpError(error)) throw error;
    if (error.code === 'rate_limited') {
      const seconds = error.retryAfterMs === undefined ? undefined : Math.ceil(error.retryAfterMs / 1000);
      throw errors.unavailable(
        `Slack kept answering rate_limited (429) for this webhook; the message was not posted.`,
        seconds,
      );
    }
    if (error.code === 'network' || error.code === 'timeout') {
      throw errors.upstream(
        `Slack did not answer (${error.code}); the message may or may not have been posted, so it was not sent again.`,
        [{ path: 'slack', reason: error.code }],
      );
    }
    // The transport's texts are already scrubbed of the webhook URL.
    throw errors.upstream(`Slack could not be reached: ${error.message}`, [
      { path: 'slack', reason: error.code },
    ]);
  }
}

/** Slack's plain-text answer as a code; anything else is summarised without leaking the hook. */
function codeOf(text: string): string {
  const trimmed = text.trim();
  return SLACK_CODE.test(trimmed) ? trimmed : 'unexpected_answer';
}
