// Rate limiting end to end: 429s with and without CrowdStrike's retry header, injected or earned.
import type { TransportEvent } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DETAILS_PATH,
  SCROLL_PATH,
  closeSimulators,
  instanceFor,
  sourceKeys,
  startSim,
  syncHosts,
} from './test-support.js';
import type { CrowdStrikeSimulator } from './simulator/index.js';

afterEach(closeSimulators);

async function expectCompleteSync(sim: CrowdStrikeSimulator, events: TransportEvent[], overrides = {}) {
  const result = await syncHosts(instanceFor(sim, overrides, { events }));
  expect(result.errors).toEqual([]);
  expect(result.summary.failed).toBe(0);
  expect(sourceKeys(result.observations)).toEqual([...sim.state.hostIds()].sort());
  return result;
}

const throttles = (events: TransportEvent[]) =>
  events.filter((e): e is Extract<TransportEvent, { type: 'throttled' }> => e.type === 'throttled');

describe('crowdstrikeFalcon under rate limiting', () => {
  it('waits out a 429 with X-Ratelimit-Retryafter (epoch seconds) and loses no record', async () => {
    const sim = await startSim();
    sim.server.faults.inject({
      type: 'rate_limit',
      times: 1,
      retryAfterSeconds: 1,
      after: 1,
      path: DETAILS_PATH,
    });
    const events: TransportEvent[] = [];
    const started = Date.now();
    await expectCompleteSync(sim, events);
    expect(sim.server.faults.fired).toEqual(['rate_limit']);
    expect(throttles(events).map((e) => e.source)).toEqual(['x-ratelimit-retryafter']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('backs off from a 429 without any retry header and loses no record', async () => {
    const sim = await startSim();
    sim.server.faults.inject({ type: 'rate_limit', times: 2, path: SCROLL_PATH, after: 1 });
    const events: TransportEvent[] = [];
    await expectCompleteSync(sim, events);
    expect(sim.server.faults.fired).toEqual(['rate_limit', 'rate_limit']);
    expect(throttles(events).map((e) => e.source)).toEqual(['backoff', 'backoff']);
  });

  it('stays within a spent per-minute budget by honouring X-Ratelimit-Retryafter', async () => {
    const sim = await startSim({ rateLimit: 8, rateLimitWindowMs: 1000 });
    const events: TransportEvent[] = [];
    await expectCompleteSync(sim, events);
    const limited = sim.server.requests.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(throttles(events).every((e) => e.source === 'x-ratelimit-retryafter')).toBe(true);
  });

  it('stays within a spent budget when the 429 carries no Retryafter, by backing off', async () => {
    const sim = await startSim({ rateLimit: 4, rateLimitWindowMs: 300, sendRetryAfter: false });
    const events: TransportEvent[] = [];
    await expectCompleteSync(sim, events, { maxRetries: 8, backoff: { baseMs: 40, maxMs: 320 } });
    expect(sim.server.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(throttles(events).every((e) => e.source === 'backoff')).toBe(true);
  });
});
