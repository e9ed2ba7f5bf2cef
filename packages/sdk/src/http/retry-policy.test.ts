import { describe, expect, it } from 'vitest';
import { backoffDelay, remainingRequests, serverWait, throttleDelay, waitJitter } from './retry-policy.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const headers = (h: Record<string, string>) => new Headers(h);

describe('serverWait', () => {
  it('reads Retry-After in seconds and as an HTTP date (against the Date header)', () => {
    expect(serverWait(headers({ 'retry-after': '7' }), NOW)).toEqual({ ms: 7000, source: 'retry-after' });
    const date = new Date(NOW).toUTCString();
    const later = new Date(NOW + 30_000).toUTCString();
    expect(serverWait(headers({ 'retry-after': later, date }), NOW + 999_999)).toEqual({
      ms: 30_000,
      source: 'retry-after',
    });
  });

  it('reads epoch-second resets (Okta, CrowdStrike) and a millisecond reset (Mimecast)', () => {
    const epoch = String(NOW / 1000 + 12);
    expect(serverWait(headers({ 'x-rate-limit-reset': epoch }), NOW)).toEqual({
      ms: 12_000,
      source: 'x-rate-limit-reset',
    });
    expect(serverWait(headers({ 'x-ratelimit-retryafter': epoch }), NOW)).toEqual({
      ms: 12_000,
      source: 'x-ratelimit-retryafter',
    });
    expect(serverWait(headers({ 'x-ratelimit-reset': '1500' }), NOW)).toEqual({
      ms: 1500,
      source: 'x-ratelimit-reset',
    });
    expect(serverWait(headers({ 'x-ratelimit-reset': String(NOW + 800) }), NOW)).toEqual({
      ms: 800,
      source: 'x-ratelimit-reset',
    });
  });

  it('takes the longest of several, never a negative wait, and ignores junk', () => {
    const h = headers({ 'retry-after': '2', 'x-rate-limit-reset': String(NOW / 1000 + 5) });
    expect(serverWait(h, NOW)).toEqual({ ms: 5000, source: 'x-rate-limit-reset' });
    expect(serverWait(headers({ 'x-rate-limit-reset': String(NOW / 1000 - 5) }), NOW)?.ms).toBe(0);
    expect(serverWait(headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(serverWait(headers({}), NOW)).toBeUndefined();
  });
});

describe('backoff', () => {
  const b = { baseMs: 100, maxMs: 1000 };

  it('full jitter stays within the doubling, capped window', () => {
    expect(backoffDelay(0, b, () => 0.999)).toBe(100);
    expect(backoffDelay(3, b, () => 0.999)).toBe(799);
    expect(backoffDelay(10, b, () => 1)).toBe(1000);
    expect(backoffDelay(3, b, () => 0)).toBe(0);
  });

  it('throttling backoff never goes below half the window', () => {
    expect(throttleDelay(2, b, () => 0)).toBe(200);
    expect(throttleDelay(2, b, () => 1)).toBe(400);
  });

  it('adds only a little to a server-given wait', () => {
    expect(waitJitter(1000, () => 1)).toBe(120);
    expect(waitJitter(60_000, () => 1)).toBe(250);
  });

  it('reads the remaining quota', () => {
    expect(remainingRequests(headers({ 'X-Rate-Limit-Remaining': '0' }))).toBe(0);
    expect(remainingRequests(headers({ 'X-Ratelimit-Remaining': '5999' }))).toBe(5999);
    expect(remainingRequests(headers({}))).toBeUndefined();
  });
});
