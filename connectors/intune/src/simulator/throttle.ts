// Intune's per-app request window (Graph throttling for Intune devices), on a sliding window.

export interface ThrottleOptions {
  /** Requests of any kind one app may send per window (Intune devices: 2000 per 20 s). */
  requests: number;
  /** Writes (POST, PATCH, PUT, DELETE) one app may send per window (200 per 20 s). */
  writes: number;
  windowMs: number;
  /**
   * Whether a 429 names its wait in Retry-After: Graph usually does, but not always.
   * `alternate`: every other 429 comes without it.
   */
  retryAfter: 'always' | 'never' | 'alternate';
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  requests: 2000,
  writes: 200,
  windowMs: 20_000,
  retryAfter: 'always',
};

/** Times of the requests admitted in the last window; the oldest first. */
class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** 0 when there is room now, else how long until there is. */
  waitMs(now: number): number {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - this.windowMs) this.head++;
    if (this.head > 1024) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    if (this.times.length - this.head < this.limit) return 0;
    return (this.times[this.head] ?? now) + this.windowMs - now;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

export interface ThrottleDecision {
  /** Absent: the 429 carries no Retry-After. */
  retryAfterSeconds: number | undefined;
}

export class IntuneThrottle {
  private readonly windows = new Map<string, { all: SlidingWindow; writes: SlidingWindow }>();
  /** 429s answered so far, for tests. */
  throttled = 0;

  constructor(
    readonly options: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Admits the request (and counts it) or says it is throttled. */
  check(app: string, write: boolean): ThrottleDecision | undefined {
    const now = this.now();
    let w = this.windows.get(app);
    if (!w) {
      w = {
        all: new SlidingWindow(this.options.requests, this.options.windowMs),
        writes: new SlidingWindow(this.options.writes, this.options.windowMs),
      };
      this.windows.set(app, w);
    }
    const waitMs = Math.max(w.all.waitMs(now), write ? w.writes.waitMs(now) : 0);
    if (waitMs === 0) {
      w.all.add(now);
      if (write) w.writes.add(now);
      return undefined;
    }
    this.throttled++;
    const mode = this.options.retryAfter;
    const omit = mode === 'never' || (mode === 'alternate' && this.throttled % 2 === 0);
    return { retryAfterSeconds: omit ? undefined : Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
