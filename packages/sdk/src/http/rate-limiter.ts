import { abortReason, sleep } from './sleep.js';

export interface RateLimitOptions {
  /** Sustained request rate; unlimited when absent (then only server throttling slows us down). */
  requestsPerSecond?: number;
  /** Requests allowed back to back before the rate applies (default 1). */
  burst?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * The pace of one connector instance, shared by all its concurrent requests: a GCRA-style rate limit, plus
 * a pause that a throttled response imposes on everyone. After a 429 the rate is halved and recovers
 * additively with each success (AIMD), so a sync that was throttled once does not run straight back into it.
 */
export class RateLimiter {
  private readonly configuredRate: number | undefined;
  private rate: number | undefined;
  private readonly burst: number;
  private theoreticalArrival = 0;
  private pausedUntil = 0;
  private escalation = 0;
  private readonly queue: Waiter[] = [];
  private pumping = false;

  constructor(
    options: RateLimitOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    const rps = options.requestsPerSecond;
    if (rps !== undefined && !(rps > 0))
      throw new Error(`RateLimiter: requestsPerSecond must be > 0, got ${rps}.`);
    this.configuredRate = rps;
    this.rate = rps;
    this.burst = Math.max(1, Math.floor(options.burst ?? 1));
  }

  /** How many throttling waves in a row; the exponent for a 429 that names no wait. */
  get consecutiveThrottles(): number {
    return this.escalation;
  }

  /** How long the current pause still lasts (0 when not paused). */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  get currentRate(): number | undefined {
    return this.rate;
  }

  /** Resolves when this instance may send one more request. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.queue.length === 0 && this.waitFor(this.now()) === 0) {
      this.take(this.now());
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(abortReason(signal));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      void this.pump();
    });
  }

  /**
   * The server throttled us and asks for `waitMs`: nobody on this instance sends before then. Responses to
   * requests that were already in flight when the pause began do not escalate it further.
   */
  throttled(waitMs: number): void {
    const now = this.now();
    if (now >= this.pausedUntil) {
      this.escalation++;
      if (this.rate !== undefined && this.configuredRate !== undefined) {
        this.rate = Math.max(this.configuredRate / 8, this.rate / 2);
      }
    }
    this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
  }

  /** The server says the quota is spent until then (remaining 0): wait without counting it as throttling. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  succeeded(): void {
    this.escalation = 0;
    if (this.rate !== undefined && this.configuredRate !== undefined && this.rate < this.configuredRate) {
      this.rate = Math.min(this.configuredRate, this.rate + this.configuredRate / 20);
    }
  }

  private waitFor(now: number): number {
    const paused = Math.max(0, this.pausedUntil - now);
    if (this.rate === undefined) return paused;
    const interval = 1000 / this.rate;
    const allowedAt = this.theoreticalArrival - (this.burst - 1) * interval;
    return Math.max(paused, allowedAt - now);
  }

  private take(now: number): void {
    if (this.rate === undefined) return;
    this.theoreticalArrival = Math.max(this.theoreticalArrival, now) + 1000 / this.rate;
  }

  // One loop hands out permits in arrival order; it re-checks after each sleep because a pause may have
  // been extended meanwhile.
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const wait = this.waitFor(this.now());
        if (wait > 0) {
          await sleep(Math.ceil(wait));
          continue;
        }
        const waiter = this.queue.shift();
        if (!waiter) break;
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        this.take(this.now());
        waiter.resolve();
      }
    } finally {
      this.pumping = false;
    }
  }
}
