/**
 * Okta's rate limits: a budget of requests per endpoint bucket per window (a minute in Okta), announced on
 * every response in X-Rate-Limit-Limit / -Remaining / -Reset (epoch seconds of the window's end).
 */
export interface RateLimitSettings {
  /** Requests per bucket per window (Okta: per minute, depending on endpoint and org). */
  limit: number;
  /** Window length; 60 000 in Okta, a second or so in tests. */
  windowMs: number;
}

interface Window {
  used: number;
  resetAt: number;
}

export interface RateVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

export class OktaRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    public settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request against `bucket`. */
  take(bucket: string): RateVerdict {
    const w = this.window(bucket);
    const allowed = w.used < this.settings.limit;
    if (allowed) w.used++;
    return { allowed, headers: this.headersOf(w) };
  }

  /** Another integration of the same org spends `n` of the bucket's budget. */
  spend(bucket: string, n: number): void {
    const w = this.window(bucket);
    w.used = Math.min(this.settings.limit, w.used + n);
  }

  /** The headers of the bucket's current window, without counting a request. */
  headers(bucket: string): Record<string, string> {
    return this.headersOf(this.window(bucket));
  }

  private window(bucket: string): Window {
    const now = this.now();
    let w = this.windows.get(bucket);
    if (!w || now >= w.resetAt) {
      w = { used: 0, resetAt: now + this.settings.windowMs };
      this.windows.set(bucket, w);
    }
    return w;
  }

  private headersOf(w: Window): Record<string, string> {
    return {
      'x-rate-limit-limit': String(this.settings.limit),
      'x-rate-limit-remaining': String(Math.max(0, this.settings.limit - w.used)),
      'x-rate-limit-reset': String(Math.ceil(w.resetAt / 1000)),
    };
  }
}

/** Okta's buckets are per endpoint: listing users, reading one, and lifecycle operations count apart. */
export function bucketOf(method: string, path: string): string {
  if (path === '/api/v1/users') return `${method} /api/v1/users`;
  if (/^\/api\/v1\/users\/[^/]+\/lifecycle\//.test(path)) return 'POST /api/v1/users/{id}/lifecycle';
  if (/^\/api\/v1\/users\/[^/]+$/.test(path)) return `${method} /api/v1/users/{id}`;
  return `${method} ${path}`;
}
