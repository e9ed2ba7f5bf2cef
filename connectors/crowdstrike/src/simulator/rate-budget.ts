/**
 * CrowdStrike's per-customer request budget (6000 a minute by default): a window that refills all at once.
 * Requests the simulator refuses do not count against it.
 */
export class RateBudget {
  private windowStart: number;
  private used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {
    if (!(limit > 0) || !(windowMs > 0)) throw new Error('RateBudget: limit and windowMs must be > 0.');
    this.windowStart = now();
  }

  /** Spends one request; false when the window's budget is gone. */
  take(): boolean {
    this.roll();
    if (this.used >= this.limit) return false;
    this.used++;
    return true;
  }

  remaining(): number {
    this.roll();
    return Math.max(0, this.limit - this.used);
  }

  /** When the budget refills (epoch ms). */
  resetAt(): number {
    this.roll();
    return this.windowStart + this.windowMs;
  }

  private roll(): void {
    const elapsed = this.now() - this.windowStart;
    if (elapsed < this.windowMs) return;
    this.windowStart += elapsed - (elapsed % this.windowMs);
    this.used = 0;
  }
}
