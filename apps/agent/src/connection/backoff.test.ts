import { describe, expect, it } from 'vitest';
import { Backoff, retryAfterDelay } from './backoff.js';

describe('Backoff', () => {
  it('grows the ceiling exponentially up to maxMs, with the delay anywhere in [0, ceiling]', () => {
    const high = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map(() => high.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
    const low = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0 });
    expect([1, 2, 3].map(() => low.next())).toEqual([0, 0, 0]);
    const mid = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0.5 });
    expect([1, 2, 3, 4, 5].map(() => mid.next())).toEqual([50, 100, 200, 400, 500]);
  });

  it('stays within bounds for any random value and never overflows', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const b = new Backoff({ baseMs: 500, maxMs: 60_000, random });
    for (let i = 0; i < 2000; i++) {
      const ceiling = b.ceiling();
      const d = b.next();
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(Math.min(60_000, ceiling));
    }
    expect(b.ceiling()).toBe(60_000);
  });

  it('reset starts again from the base', () => {
    const b = new Backoff({ baseMs: 100, maxMs: 10_000, random: () => 0.999999 });
    b.next();
    b.next();
    b.next();
    expect(b.attempts).toBe(3);
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(100);
  });

  it('never retries sooner than Retry-After, and spreads agents over up to as long again', () => {
    expect(retryAfterDelay(10, 300_000, () => 0)).toBe(10_000);
    expect(retryAfterDelay(10, 300_000, () => 0.999999)).toBe(19_999);
    expect(retryAfterDelay(600, 60_000, () => 0.999999)).toBe(600_000 + 59_999);
  });
});
