/**
 * A request budget per access token and window (modelled; the reference only gives the 429 and its
 * X-RateLimit-Reset, the milliseconds until the window ends). A new token starts a new budget.
 */
export interface RateLimitSettings {
  limit: number;
  windowMs: number;
}

export class TokenRateLimiter {
  private readonly windows = new Map<string, { used: number; resetAt: number }>();

  constructor(
    readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one request of `token`'s budget; otherwise answers how long until it refills. */
  take(token: string): { allowed: true } | { allowed: false; resetMs: number } {
    const now = this.now();
    let w = this.windows.get(token);
    if (!w || now >= w.resetAt) {
      w = { used: 0, resetAt: now + this.settings.windowMs };
      this.windows.set(token, w);
    }
    if (w.used >= this.settings.limit) return { allowed: false, resetMs: w.resetAt - now };
    w.used++;
    return { allowed: true };
  }
}
