import { StreamRunError, isHttpError, type TransportEvent } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SIZE, connect, keysOf, listStatuses, startOkta, sync } from './e2e.helpers.js';
import { bucketOf, type OktaSimulator } from './simulator/index.js';

let sim: (OktaSimulator & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const allIds = (s: OktaSimulator) => s.state.users.map((u) => u.id).sort();

describe('Okta sync under faults', () => {
  it('an API token revoked mid-sync stops the run once (a static token cannot be refreshed); a new token resumes it', async () => {
    sim = await startOkta();
    sim.server.faults.inject({ type: 'expire_tokens', after: 2 });
    const error = (await sync(connect(sim)).catch((e: unknown) => e)) as StreamRunError;
    expect(error).toBeInstanceOf(StreamRunError);
    expect(error.counts.batches).toBe(2);
    expect(isHttpError(error.cause) && error.cause.vendorCode).toBe('E0000011');
    expect(listStatuses(sim)).toEqual([200, 200, 401]); // no retry storm on a dead token

    const fresh = sim.server.tokens.issue('okta-admin', 3600);
    const rest = await sync(connect(sim, { apiToken: fresh }), { checkpoint: error.checkpoint });
    expect(rest.summary.read).toBe(sim.state.users.length - 2 * PAGE_SIZE);
    expect(rest.errors).toEqual([]);
  });

  it('sits out a 429 E0000047 until its X-Rate-Limit-Reset, with no failed record', async () => {
    sim = await startOkta();
    sim.server.faults.inject({ type: 'rate_limit', times: 1, retryAfterSeconds: 1, after: 1 });
    const events: TransportEvent[] = [];
    const started = Date.now();
    const { summary, observations } = await sync(connect(sim, { events }));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(keysOf(observations)).toEqual(allIds(sim));
    expect(listStatuses(sim).slice(0, 3)).toEqual([200, 429, 200]);
    const throttled = events.find((e) => e.type === 'throttled');
    expect(throttled).toMatchObject({ status: 429, source: 'x-rate-limit-reset' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('backs off from a bare 429 without rate headers, with no failed record', async () => {
    sim = await startOkta();
    sim.server.faults.inject({ type: 'rate_limit', times: 2, after: 2 });
    const events: TransportEvent[] = [];
    const { summary } = await sync(connect(sim, { events }));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(listStatuses(sim).filter((s) => s === 429)).toHaveLength(2);
    expect(
      events.filter((e) => e.type === 'throttled').map((e) => e.type === 'throttled' && e.source),
    ).toEqual(['backoff', 'backoff']);
  });

  it('crosses the per-minute budget without a 429: X-Rate-Limit-Remaining 0 pauses until the reset', async () => {
    sim = await startOkta({ rateLimit: { limit: 4, windowMs: 1000 } });
    const started = Date.now();
    const { summary } = await sync(connect(sim));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(summary.batches).toBeGreaterThan(4); // more pages than one window allows
    expect(listStatuses(sim).every((s) => s === 200)).toBe(true);
    // The fifth request waited for the next window.
    const at = sim.server.requests.map((r) => r.at);
    expect((at[4] ?? 0) - (at[3] ?? 0)).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('survives the budget being spent by another integration mid-sync: a real 429, retried after the reset', async () => {
    sim = await startOkta({ rateLimit: { limit: 50, windowMs: 1500 } });
    const s = sim;
    const { summary, observations } = await sync(connect(sim), {
      onBatch: (b) => {
        if (b.batch === 2) s.state.limiter.spend(bucketOf('GET', '/api/v1/users'), 1000);
      },
    });
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(keysOf(observations)).toEqual(allIds(sim));
    expect(listStatuses(sim).slice(0, 4)).toEqual([200, 200, 429, 200]);
  });

  it('retries a burst of 5xx in the Okta envelope', async () => {
    sim = await startOkta();
    sim.server.faults.inject({ type: 'server_error', times: 3, status: 503, after: 1 });
    const { summary } = await sync(connect(sim));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(listStatuses(sim).slice(0, 5)).toEqual([200, 503, 503, 503, 200]);
  });

  it('fails a 5xx burst longer than its retries, keeping the checkpoint', async () => {
    sim = await startOkta();
    sim.server.faults.inject({ type: 'server_error', times: 10, status: 500, after: 1 });
    const error = (await sync(connect(sim, { http: { maxRetries: 2 } })).catch(
      (e: unknown) => e,
    )) as StreamRunError;
    expect(error).toBeInstanceOf(StreamRunError);
    expect(isHttpError(error.cause) && error.cause.vendorCode).toBe('E0000009');
    expect(error.counts.batches).toBe(1);
    expect(error.checkpoint).toMatchObject({ listing: 'listed' });
  });

  it('waits for slow pages, and retries a page slower than the timeout', async () => {
    sim = await startOkta();
    sim.server.faults.inject(
      { type: 'delay', times: 2, ms: 120, after: 1 },
      { type: 'delay', times: 1, ms: 600, after: 4 },
    );
    const events: TransportEvent[] = [];
    const { summary } = await sync(connect(sim, { events, http: { timeoutMs: 300 } }));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(sim.server.faults.fired.filter((f) => f === 'delay')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'retry' && e.reason === 'timeout')).toHaveLength(1);
  });

  it('retries a dropped connection', async () => {
    sim = await startOkta();
    sim.server.faults.inject({ type: 'drop_connection', times: 1, after: 2 });
    const { summary } = await sync(connect(sim));
    expect(summary).toMatchObject({ failed: 0, read: sim.state.users.length });
    expect(listStatuses(sim)).toContain(0);
  });
});
