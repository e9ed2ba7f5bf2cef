import type { z } from 'zod';
import { noAuth, type AuthScheme, type Credentials } from '../auth/auth-scheme.js';
import { Semaphore } from './concurrency.js';
import { HttpError } from './errors.js';
import { RateLimiter } from './rate-limiter.js';
import { describeCause, responseError, validatedBody, type RequestLabel } from './response-errors.js';
import {
  IDEMPOTENT_METHODS,
  backoffDelay,
  remainingRequests,
  serverWait,
  throttleDelay,
  waitJitter,
  type Backoff,
} from './retry-policy.js';
import { abortReason, sleep } from './sleep.js';
import type {
  HttpRequest,
  HttpResponse,
  Transport,
  TransportEvent,
  TransportOptions,
} from './transport-types.js';
import { buildUrl } from './url.js';

type Attempt =
  | { kind: 'response'; response: HttpResponse; credentials: Credentials }
  | { kind: 'failed'; reason: 'network' | 'timeout' | 'token'; error: unknown };

/**
 * The only place a connector speaks HTTP. One transport per connector instance: its rate limiter and
 * concurrency limit are shared by every stream and action of that instance.
 */
export function createTransport(options: TransportOptions): Transport {
  const auth: AuthScheme = options.auth ?? noAuth();
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const backoff: Backoff = {
    baseMs: options.backoff?.baseMs ?? 500,
    maxMs: options.backoff?.maxMs ?? 30_000,
  };
  const limiter = new RateLimiter(options.rateLimit);
  const slots = options.maxConcurrent ? new Semaphore(options.maxConcurrent) : undefined;
  const secrets = (): string[] => [...auth.secretValues(), ...(options.secrets ?? [])];
  buildUrl(options.baseUrl, ''); // fails fast on a malformed base URL

  const emit = (event: TransportEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // Telemetry must never break a request.
    }
  };
  auth.onEvent?.(emit);

  async function attempt(req: HttpRequest, url: URL): Promise<Attempt> {
    const release = slots ? await slots.acquire(req.signal) : undefined;
    try {
      await limiter.acquire(req.signal);
      let credentials: Credentials;
      try {
        credentials = await auth.credentials();
      } catch (error) {
        return { kind: 'failed', reason: 'token', error };
      }
      const timeout = AbortSignal.timeout(req.timeoutMs ?? timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      try {
        const init = {
          method: req.method ?? 'GET',
          headers: headersFor(req, credentials),
          body: bodyOf(req),
          signal,
        };
        const res = await doFetch(url, init);
        const text = await res.text();
        const json = parseBody(res, text);
        const response = {
          status: res.status,
          headers: res.headers,
          url: url.toString(),
          text,
          json,
          attempts: 0,
        };
        return { kind: 'response', credentials, response };
      } catch (error) {
        if (req.signal?.aborted) throw abortReason(req.signal);
        return { kind: 'failed', reason: timeout.aborted ? 'timeout' : 'network', error };
      }
    } finally {
      release?.();
    }
  }

  // Later layers win, and Headers.set is case-insensitive: a caller's `Accept` replaces ours instead of
  // joining it, and nothing overrides the credentials.
  function headersFor(req: HttpRequest, credentials: Credentials): Headers {
    const headers = new Headers();
    const layers: Array<Record<string, string> | undefined> = [
      { accept: 'application/json' },
      req.json !== undefined ? { 'content-type': 'application/json' } : undefined,
      options.headers,
      req.headers,
      req.idempotencyKey && options.idempotencyHeader
        ? { [options.idempotencyHeader]: req.idempotencyKey }
        : undefined,
      credentials.headers,
    ];
    for (const layer of layers) for (const [k, v] of Object.entries(layer ?? {})) headers.set(k, v);
    return headers;
  }

  async function request(req: HttpRequest & { schema?: z.ZodType }): Promise<HttpResponse> {
    const method = req.method ?? 'GET';
    const url = buildUrl(options.baseUrl, req.path, req.query);
    const label: RequestLabel = { method, url: `${url.origin}${url.pathname}${url.search}`, secrets };
    const event = { method, url: label.url };
    const retryable = req.retry ?? (IDEMPOTENT_METHODS.has(method) || req.idempotencyKey !== undefined);
    let sends = 0;
    let retries = 0;
    let reauthenticated = false;
    const sendError = (reason: 'network' | 'timeout', cause: unknown): HttpError =>
      new HttpError({
        ...label,
        secrets: secrets(),
        code: reason,
        attempts: sends,
        retryable: true,
        cause,
        message: `${method} ${label.url} ${reason === 'timeout' ? `timed out after ${req.timeoutMs ?? timeoutMs} ms` : `failed: ${describeCause(cause)}`} (attempt ${sends}).`,
      });

    for (;;) {
      const outcome = await attempt(req, url);

      if (outcome.kind === 'failed') {
        // A token failure never sent the request, so even a POST may go again.
        if (outcome.reason === 'token') {
          const error = outcome.error;
          if (!(error instanceof HttpError) || !error.retryable || retries >= maxRetries) throw error;
        } else {
          sends++;
          if (!retryable || retries >= maxRetries) throw sendError(outcome.reason, outcome.error);
        }
        const delayMs = backoffDelay(retries++, backoff);
        emit({ type: 'retry', ...event, attempt: sends, reason: outcome.reason, delayMs });
        await sleep(delayMs, req.signal);
        continue;
      }

      sends++;
      const res = outcome.response;
      const expected = req.expect ? req.expect.includes(res.status) : res.status >= 200 && res.status < 300;

      const authExpired =
        (res.status === 401 && !expected) || auth.isExpiredResponse?.(res.status, res.json) === true;
      if (authExpired) {
        // Once per request: a second refusal with fresh credentials is a real one.
        if (reauthenticated || !auth.invalidate(outcome.credentials.generation)) {
          throw responseError(res, label, sends, 'unauthorized');
        }
        reauthenticated = true;
        emit({ type: 'reauthenticated', ...event, attempt: sends, status: res.status });
        continue;
      }

      const throttled =
        !expected && (res.status === 429 || options.isRateLimited?.(res.status, res.json) === true);
      if (throttled) {
        const asked = serverWait(res.headers);
        // Without a hint, answers to requests sent before the current pause began just queue behind it.
        const waitMs = asked
          ? asked.ms + waitJitter(asked.ms)
          : limiter.pausedFor() || throttleDelay(limiter.consecutiveThrottles, backoff);
        if (retries >= maxRetries || waitMs > maxWaitMs)
          throw responseError(res, label, sends, 'rate_limited', waitMs);
        limiter.throttled(waitMs);
        emit({
          type: 'throttled',
          ...event,
          attempt: sends,
          status: res.status,
          delayMs: waitMs,
          source: asked?.source ?? 'backoff',
        });
        retries++;
        continue; // the limiter holds this and every other request of the instance until the wait is over
      }

      if (!expected && res.status >= 500 && retryable && retries < maxRetries) {
        // Only Retry-After speaks to a failure: quota headers (Okta sends a reset on every answer) do not.
        const asked = serverWait(retryAfterOnly(res.headers));
        if (asked && asked.ms > maxWaitMs) throw responseError(res, label, sends, 'http_status', asked.ms);
        const delayMs = asked ? asked.ms : backoffDelay(retries, backoff);
        emit({ type: 'retry', ...event, attempt: sends, reason: 'status', status: res.status, delayMs });
        retries++;
        await sleep(delayMs, req.signal);
        continue;
      }

      if (!expected) throw responseError(res, label, sends, 'http_status');
      limiter.succeeded();
      pauseWhenQuotaSpent(res.headers);
      const json = req.schema ? validatedBody(req.schema, res, label, sends) : res.json;
      return { ...res, json, attempts: sends };
    }
  }

  // Okta and CrowdStrike announce the quota on every response: waiting for the reset beats earning a 429.
  function pauseWhenQuotaSpent(headers: Headers): void {
    if (remainingRequests(headers) !== 0) return;
    const asked = serverWait(headers);
    if (asked && asked.ms <= maxWaitMs) limiter.pauseUntil(Date.now() + asked.ms + waitJitter(asked.ms));
  }

  return { baseUrl: options.baseUrl, request: request as Transport['request'] };
}

function retryAfterOnly(headers: Headers): Headers {
  const kept = new Headers();
  for (const name of ['retry-after', 'date']) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return kept;
}

function bodyOf(req: HttpRequest): string | URLSearchParams | Uint8Array<ArrayBuffer> | undefined {
  return req.json !== undefined ? JSON.stringify(req.json) : req.body;
}

function parseBody(res: Response, text: string): unknown {
  if (text === '' || !(res.headers.get('content-type') ?? '').includes('json')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
