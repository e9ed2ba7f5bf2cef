import { afterEach, describe, expect, it } from 'vitest';
import { collect, startJamfWorld, type JamfWorld } from './e2e.fixture.js';

let w: JamfWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const INVENTORY = '/api/v1/computers-inventory';

describe('Jamf Pro sync under faults', () => {
  it('re-authenticates once when every token expires mid-sync, and completes', async () => {
    w = await startJamfWorld({ devices: 60 });
    w.sim.server.faults.inject({ type: 'expire_tokens', after: 2, path: INVENTORY });
    const { summary } = await collect(w.instance, 'computers');
    expect(summary).toMatchObject({ read: w.sim.state.computers.size, failed: 0 });
    expect(w.sim.server.faults.fired).toEqual(['expire_tokens']);
    expect(w.sim.server.tokens.issued).toBe(2);
    expect(w.events.filter((e) => e.type === 'reauthenticated')).toHaveLength(1);
    expect(
      w.events
        .filter((e) => e.type === 'token-refreshed')
        .map((e) => e.type === 'token-refreshed' && e.reason),
    ).toEqual(['initial', 'rejected']);
    const unauthorized = w.sim.server.requests.filter((r) => r.status === 401);
    expect(unauthorized).toHaveLength(1);
  });

  it('refreshes a short-lived token before it expires instead of earning a 401', async () => {
    // A 2 s token is refreshed after 1 s; three 700 ms pages outlast it.
    w = await startJamfWorld({ devices: 30, tokenLifetimeSeconds: 2 });
    w.sim.server.faults.inject({ type: 'delay', times: 3, ms: 700, path: INVENTORY });
    const { summary } = await collect(w.instance, 'computers');
    expect(summary).toMatchObject({ read: w.sim.state.computers.size, failed: 0 });
    const refreshes = w.events.filter((e) => e.type === 'token-refreshed');
    expect(refreshes.map((e) => e.type === 'token-refreshed' && e.reason)).toContain('expiring');
    expect(w.sim.server.tokens.issued).toBe(refreshes.length);
    expect(w.sim.server.requests.filter((r) => r.status === 401)).toHaveLength(0);
  });

  it('waits out 429s with and without Retry-After and loses no record', async () => {
    w = await startJamfWorld({ devices: 60 });
    w.sim.server.faults.inject(
      { type: 'rate_limit', times: 1, retryAfterSeconds: 1, after: 1, path: INVENTORY },
      { type: 'rate_limit', times: 2, after: 3, path: INVENTORY },
    );
    const started = performance.now();
    const { summary, observations } = await collect(w.instance, 'computers');
    expect(summary).toMatchObject({ read: w.sim.state.computers.size, failed: 0 });
    expect(new Set(observations.map((o) => o.sourceKey)).size).toBe(w.sim.state.computers.size);
    expect(w.sim.server.faults.fired).toEqual(['rate_limit', 'rate_limit', 'rate_limit']);
    const throttled = w.events.filter((e) => e.type === 'throttled');
    expect(throttled.map((e) => e.type === 'throttled' && e.source)).toEqual([
      'retry-after',
      'backoff',
      'backoff',
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    const limited = w.sim.server.requests.filter((r) => r.status === 429);
    expect(limited).toHaveLength(3);
  });

  it('retries a burst of 5xx and a dropped connection', async () => {
    w = await startJamfWorld({ devices: 60 });
    w.sim.server.faults.inject(
      { type: 'server_error', times: 3, status: 503, after: 2, path: INVENTORY },
      { type: 'drop_connection', times: 1, after: 4, path: INVENTORY },
      { type: 'server_error', times: 1, status: 500, path: '/api/v2/mobile-devices' },
    );
    const computers = await collect(w.instance, 'computers');
    expect(computers.summary).toMatchObject({ read: w.sim.state.computers.size, failed: 0 });
    const mobile = await collect(w.instance, 'mobileDevices');
    expect(mobile.summary).toMatchObject({ read: w.sim.state.mobileDevices.size, failed: 0 });
    expect(w.sim.server.faults.pending).toBe(0);
    const retries = w.events.filter((e) => e.type === 'retry');
    expect(retries.filter((e) => e.type === 'retry' && e.status === 503)).toHaveLength(3);
    expect(retries.filter((e) => e.type === 'retry' && e.reason === 'network')).toHaveLength(1);
    expect(retries.filter((e) => e.type === 'retry' && e.status === 500)).toHaveLength(1);
  });

  it('sits out slow pages, and retries a page slower than the timeout', async () => {
    w = await startJamfWorld({ devices: 40, config: { timeoutMs: 1000 } });
    w.sim.server.faults.inject(
      { type: 'delay', times: 2, ms: 300, after: 1, path: INVENTORY },
      { type: 'delay', times: 1, ms: 1500, after: 4, path: INVENTORY },
    );
    const started = performance.now();
    const { summary } = await collect(w.instance, 'computers');
    expect(summary).toMatchObject({ read: w.sim.state.computers.size, failed: 0 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1600);
    expect(w.events.filter((e) => e.type === 'retry' && e.reason === 'timeout')).toHaveLength(1);
  });

  it('gives up after the configured retries with the Jamf error, keeping the checkpoint', async () => {
    w = await startJamfWorld({ devices: 40, config: { maxRetries: 2 } });
    w.sim.server.faults.inject({ type: 'server_error', times: 100, status: 502, after: 2, path: INVENTORY });
    const error = (await collect(w.instance, 'computers').catch((e: unknown) => e)) as Error & {
      checkpoint: unknown;
    };
    expect(error.message).toMatch(/answered 502 \(INTERNAL_SERVER_ERROR\) after 3 attempts/);
    expect(error.checkpoint).toEqual({ page: 2 });
  });
});
