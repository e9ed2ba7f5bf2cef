import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@steward/protocol';
import { silentLogger } from '../log.js';
import { Backoff } from './backoff.js';
import { ReconnectPolicy } from './reconnect-policy.js';

// random() = 0.5: a backoff attempt waits half its ceiling (base 1000 ms, doubling).
function policy(transport: 'auto' | 'websocket' | 'poll' = 'auto') {
  const backoff = new Backoff({ baseMs: 1000, maxMs: 60_000, random: () => 0.5 });
  return new ReconnectPolicy({ transport, backoff, random: () => 0.5, log: silentLogger });
}

const cut = { reason: 'closed', detail: 'socket hang up' } as const;

describe('ReconnectPolicy', () => {
  it('backs off with jitter after lost connections and starts over once welcomed', () => {
    const p = policy('websocket');
    expect([1, 2, 3].map(() => p.delayAfter('websocket', cut, true))).toEqual([500, 1000, 2000]);
    p.welcomed('websocket');
    expect(p.delayAfter('websocket', cut, true)).toBe(500);
  });

  it('waits the longest after a rejected credential, another protocol version or being replaced', () => {
    const p = policy();
    expect(p.delayAfter('websocket', { reason: 'refused', status: 401, detail: '' }, false)).toBe(60_000);
    expect(
      p.delayAfter('websocket', { reason: 'closed', code: CLOSE_CODES.policyViolation, detail: '' }, true),
    ).toBe(60_000);
    expect(
      p.delayAfter('websocket', { reason: 'closed', code: CLOSE_CODES.protocolError, detail: '' }, true),
    ).toBe(60_000);
    expect(
      p.delayAfter('websocket', { reason: 'closed', code: CLOSE_CODES.replaced, detail: '' }, true),
    ).toBe(60_000);
  });

  it('honours Retry-After from a full server, plus jitter up to as long again', () => {
    const p = policy();
    const end = { reason: 'refused', status: 503, retryAfterSeconds: 10, detail: '' } as const;
    expect(p.delayAfter('websocket', end, false)).toBe(15_000);
    expect(p.choose()).toBe('websocket');
  });

  it('auto: falls back to polling when the upgrade is refused, probes the WebSocket later, and keeps it once it works', () => {
    const p = policy();
    expect(p.choose()).toBe('websocket');
    expect(p.delayAfter('websocket', { reason: 'refused', status: 404, detail: '' }, false)).toBe(0);
    expect(p.choose()).toBe('poll');
    p.probeWebSocket();
    expect(p.delayAfter('poll', { reason: 'stopped', detail: 'probe' }, true)).toBe(0);
    expect(p.choose()).toBe('websocket');
    // Still refused: straight back to polling.
    expect(p.delayAfter('websocket', { reason: 'refused', status: 404, detail: '' }, false)).toBe(0);
    expect(p.choose()).toBe('poll');
    p.probeWebSocket();
    p.welcomed('websocket');
    expect(p.choose()).toBe('websocket');
  });

  it('auto: three WebSocket connections cut before welcome in a row mean polling; a fixed transport never switches', () => {
    const auto = policy();
    auto.delayAfter('websocket', cut, false);
    auto.delayAfter('websocket', cut, false);
    expect(auto.choose()).toBe('websocket');
    expect(auto.delayAfter('websocket', cut, false)).toBe(0);
    expect(auto.choose()).toBe('poll');

    const fixed = policy('websocket');
    for (let i = 0; i < 5; i++) fixed.delayAfter('websocket', cut, false);
    fixed.delayAfter('websocket', { reason: 'refused', status: 404, detail: '' }, false);
    expect(fixed.choose()).toBe('websocket');
  });
});
