export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** A number in [0, 1); Math.random unless a test injects one. */
  random?: () => number;
}

/** Exponential backoff with full jitter: attempt n waits a random time in [0, min(maxMs, baseMs·2^n)], so
 * agents cut off together do not all come back at the same instant. */
export class Backoff {
  private attempt = 0;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    this.random = options.random ?? Math.random;
  }

  /** The ceiling for the current attempt. */
  ceiling(): number {
    // 2^attempt overflows to Infinity long before it matters; min() keeps it bounded.
    return Math.min(this.options.maxMs, this.options.baseMs * 2 ** this.attempt);
  }

  /** The delay before the next attempt; each call moves one attempt on. */
  next(): number {
    const delay = Math.floor(this.random() * (this.ceiling() + 1));
    this.attempt += 1;
    return Math.min(delay, this.options.maxMs);
  }

  /** After a successful connection (a `welcome`), start again from the base. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }

  get maxMs(): number {
    return this.options.maxMs;
  }
}

/** The server asked us to come back in `seconds` (503 Retry-After): never sooner, plus up to as long again
 * (capped at maxMs) so a full gateway is not hit by every agent at once. */
export function retryAfterDelay(seconds: number, maxMs: number, random: () => number = Math.random): number {
  const ms = Math.max(0, seconds) * 1000;
  return ms + Math.floor(random() * Math.min(ms, maxMs));
}
