import { StreamRunError, isHttpError, type TransportEvent } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, keysOf, listStatuses, startGoogle, sync, type Sim } from './e2e.helpers.js';

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const allIds = (s: Sim) => s.state.users.map((u) => u.id).sort();
const refreshes = (events: TransportEvent[]) =>
  events.flatMap((e) => (e.type === 'token-refreshed' ? [e.reason] : []));

describe('Google Workspace sync under faults', () => {
  it('re-signs an assertion when the access token dies mid-sync, and completes', async () => {
    sim = await startGoogle();
    sim.server.faults.inject({ type: 'expire_tokens', after: 2 });
    const events: TransportEvent[] = [];
    const { summary, observations } = await sync(connect(sim, { events }));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(keysOf(observations)).toEqual(allIds(sim));
    expect(listStatuses(sim).slice(0, 4)).toEqual([200, 200, 401, 200]);
    expect(refreshes(events)).toEqual(['initial', 'rejected']);
    expect(sim.token.granted).toHaveLength(2);
  });

  it('refreshes a short-lived token before it expires, without a 401', async () => {
    sim = await startGoogle({ tokenLifetimeSeconds: 1 });
    sim.server.faults.inject({ type: 'delay', times: 4, ms: 300, after: 1 });
    const events: TransportEvent[] = [];
    const { summary } = await sync(connect(sim, { events }));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(listStatuses(sim).every((s) => s === 200)).toBe(true);
    expect(refreshes(events)).toContain('expiring');
  });

  it.each(['userRateLimitExceeded', 'quotaExceeded'] as const)(
    'retries 403 %s like a 429: no failed record',
    async (reason) => {
      sim = await startGoogle();
      sim.state.throttleReason = reason;
      sim.server.faults.inject({ type: 'rate_limit', times: 3, after: 1 });
      const events: TransportEvent[] = [];
      const { summary, observations } = await sync(connect(sim, { events }));
      expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
      expect(keysOf(observations)).toEqual(allIds(sim));
      expect(listStatuses(sim).slice(0, 5)).toEqual([200, 403, 403, 403, 200]);
      const throttled = events.filter((e) => e.type === 'throttled');
      expect(throttled.map((e) => e.type === 'throttled' && [e.status, e.source])).toEqual([
        [403, 'backoff'],
        [403, 'backoff'],
        [403, 'backoff'],
      ]);
    },
  );

  it('honours Retry-After on a 429', async () => {
    sim = await startGoogle();
    sim.server.faults.inject({ type: 'rate_limit', times: 1, retryAfterSeconds: 1, after: 2 });
    const events: TransportEvent[] = [];
    const started = Date.now();
    const { summary } = await sync(connect(sim, { events }));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(events.find((e) => e.type === 'throttled')).toMatchObject({ status: 429, source: 'retry-after' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("gets through the simulator's own per-user quota (403 userRateLimitExceeded) with no failed record", async () => {
    sim = await startGoogle({ quota: { limit: 3, windowMs: 250 } });
    const { summary } = await sync(
      connect(sim, { http: { backoffBaseMs: 100, backoffMaxMs: 400, maxRetries: 8 } }),
    );
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(listStatuses(sim)).toContain(403);
  });

  it('does not retry a 403 that is not a quota error', async () => {
    sim = await startGoogle();
    const plain = sim.state.users.find((u) => !u.isAdmin && !u.archived);
    const error = (await sync(connect(sim, { config: { adminEmail: plain?.person.email } })).catch(
      (e: unknown) => e,
    )) as StreamRunError;
    expect(error).toBeInstanceOf(StreamRunError);
    expect(isHttpError(error.cause) && error.cause.vendorCode).toBe('forbidden');
    expect(listStatuses(sim)).toEqual([403]);
  });

  it('retries a burst of 5xx in the Google envelope', async () => {
    sim = await startGoogle();
    sim.server.faults.inject({ type: 'server_error', times: 3, status: 503, after: 1 });
    const { summary } = await sync(connect(sim));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(listStatuses(sim).slice(0, 5)).toEqual([200, 503, 503, 503, 200]);
  });

  it('waits for slow pages and retries one slower than the timeout', async () => {
    sim = await startGoogle();
    sim.server.faults.inject(
      { type: 'delay', times: 2, ms: 100, after: 1 },
      { type: 'delay', times: 1, ms: 600, after: 3 },
    );
    const events: TransportEvent[] = [];
    const { summary } = await sync(connect(sim, { events, http: { timeoutMs: 300 } }));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(events.filter((e) => e.type === 'retry' && e.reason === 'timeout')).toHaveLength(1);
  });

  it('retries a dropped connection', async () => {
    sim = await startGoogle();
    sim.server.faults.inject({ type: 'drop_connection', times: 1, after: 1 });
    const { summary } = await sync(connect(sim));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(listStatuses(sim)).toContain(0);
  });
});
