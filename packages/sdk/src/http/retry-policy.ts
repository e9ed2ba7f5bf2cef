export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Exponential backoff with full jitter (AWS): spreads retries of many clients over the whole window. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
  return Math.round(random() * cap);
}

/**
 * Exponential backoff with equal jitter, for throttling without a server hint: half the window is a
 * floor, since retrying a 429 at once only earns another 429.
 */
export function throttleDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * A little extra on top of a server-given wait, so clients told the same reset instant do not all
 * return in the same millisecond; never less than asked.
 */
export function waitJitter(waitMs: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(250, waitMs * 0.1 + 20));
}

export type WaitSource =
  'retry-after' | 'x-ratelimit-retryafter' | 'x-rate-limit-reset' | 'x-ratelimit-reset';

export interface ServerWait {
  ms: number;
  source: WaitSource;
}

/**
 * How long the response asks us to wait, from the headers the reference lists: `Retry-After` (seconds
 * or HTTP date), `X-Ratelimit-Retryafter` (CrowdStrike, epoch seconds), `X-Rate-Limit-Reset` (Okta,
 * epoch seconds), `X-RateLimit-Reset` (Mimecast, milliseconds [unconfirmed]). The longest wins.
 * Epochs are measured against the response's `Date`, so a skewed local clock does not shorten the wait.
 */
export function serverWait(headers: Headers, localNow: number = Date.now()): ServerWait | undefined {
  const date = Date.parse(headers.get('date') ?? '');
  const now = Number.isFinite(date) ? date : localNow;
  const found: ServerWait[] = [];
  const add = (source: WaitSource, ms: number | undefined) => {
    if (ms !== undefined && Number.isFinite(ms)) found.push({ source, ms: Math.max(0, Math.ceil(ms)) });
  };

  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    add(
      'retry-after',
      /^\d+(\.\d+)?$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - now,
    );
  }
  add('x-ratelimit-retryafter', resetToMs(headers.get('x-ratelimit-retryafter'), now, 'seconds'));
  add('x-rate-limit-reset', resetToMs(headers.get('x-rate-limit-reset'), now, 'seconds'));
  add('x-ratelimit-reset', resetToMs(headers.get('x-ratelimit-reset'), now, 'milliseconds'));

  return found.reduce<ServerWait | undefined>((a, b) => (a && a.ms >= b.ms ? a : b), undefined);
}

/** A reset value is an epoch (seconds or ms, told apart by size) or, when small, a delay in `unit`. */
function resetToMs(value: string | null, now: number, unit: 'seconds' | 'milliseconds'): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (n > 1e12) return n - now;
  if (n > 1e9) return n * 1000 - now;
  return unit === 'seconds' ? n * 1000 : n;
}

/** `X-Rate-Limit-Remaining` (Okta) or `X-Ratelimit-Remaining` (CrowdStrike), when present. */
export function remainingRequests(headers: Headers): number | undefined {
  const raw = headers.get('x-rate-limit-remaining') ?? headers.get('x-ratelimit-remaining');
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}
