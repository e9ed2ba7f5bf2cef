import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('counts a throttling wave once, however many in-flight answers report it', () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 10 }, () => now);
    limiter.throttled(1000);
    limiter.throttled(1000);
    limiter.throttled(1000);
    expect(limiter.consecutiveThrottles).toBe(1);
    expect(limiter.currentRate).toBe(5);
    expect(limiter.pausedFor()).toBe(1000);

    now = 1500; // a new 429 after the pause: the next wave
    limiter.throttled(2000);
    expect(limiter.consecutiveThrottles).toBe(2);
    expect(limiter.currentRate).toBe(2.5);
  });

  it('recovers the configured rate additively and never drops below an eighth of it', () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 20 }, () => now);
    for (let i = 0; i < 6; i++) {
      now += 10_000;
      limiter.throttled(1);
    }
    expect(limiter.currentRate).toBe(2.5);
    limiter.succeeded();
    expect(limiter.consecutiveThrottles).toBe(0);
    expect(limiter.currentRate).toBe(3.5);
    for (let i = 0; i < 30; i++) limiter.succeeded();
    expect(limiter.currentRate).toBe(20);
  });

  it('holds every waiter until a pause ends, in arrival order', async () => {
    const limiter = new RateLimiter();
    limiter.pauseUntil(Date.now() + 120);
    const started = performance.now();
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limiter.acquire().then(() => order.push(n))));
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(order).toEqual([1, 2, 3]);
  });

  it('lets an aborted waiter go without a permit', async () => {
    const limiter = new RateLimiter();
    limiter.pauseUntil(Date.now() + 5_000);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
  });
});
