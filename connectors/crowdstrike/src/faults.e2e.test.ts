// Injected faults end to end: every one must leave a complete sync with no failed record.
import type { TransportEvent } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DETAILS_PATH,
  SCROLL_PATH,
  closeSimulators,
  instanceFor,
  requestsTo,
  sourceKeys,
  startSim,
  syncHosts,
} from './test-support.js';
import type { CrowdStrikeSimulator } from './simulator/index.js';

afterEach(closeSimulators);

async function expectCompleteSync(sim: CrowdStrikeSimulator, events: TransportEvent[] = [], overrides = {}) {
  const result = await syncHosts(instanceFor(sim, overrides, { events }));
  expect(result.errors).toEqual([]);
  expect(result.summary.failed).toBe(0);
  expect(sourceKeys(result.observations)).toEqual([...sim.state.hostIds()].sort());
  return result;
}

describe('crowdstrikeFalcon under faults', () => {
  it('refreshes the token when every token expires mid-sync', async () => {
    const sim = await startSim();
    sim.server.faults.inject({ type: 'expire_tokens', after: 3 });
    const events: TransportEvent[] = [];
    await expectCompleteSync(sim, events);
    expect(sim.server.faults.fired).toEqual(['expire_tokens']);
    expect(sim.server.tokens.issued).toBe(2);
    expect(sim.server.requests.filter((r) => r.status === 401)).toHaveLength(1);
    expect(events.some((e) => e.type === 'token-refreshed' && e.reason === 'rejected')).toBe(true);
  });

  it('refreshes a short-lived token before it runs out', async () => {
    const sim = await startSim({ tokenLifetimeSeconds: 1 });
    sim.server.faults.inject({ type: 'delay', times: 3, ms: 300, path: DETAILS_PATH });
    await expectCompleteSync(sim);
    expect(sim.server.tokens.issued).toBeGreaterThanOrEqual(2);
    expect(sim.server.requests.filter((r) => r.status === 401)).toHaveLength(0);
  });

  it('retries a burst of 5xx on both the scroll and the details call', async () => {
    const sim = await startSim();
    sim.server.faults.inject(
      { type: 'server_error', times: 3, status: 503, path: SCROLL_PATH },
      { type: 'server_error', times: 2, status: 500, path: DETAILS_PATH, after: 1 },
    );
    const events: TransportEvent[] = [];
    await expectCompleteSync(sim, events);
    expect(sim.server.faults.fired.filter((f) => f === 'server_error')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'retry' && e.reason === 'status')).toHaveLength(5);
    expect(requestsTo(sim, DETAILS_PATH, 500)).toBe(2);
  });

  it('retries a dropped connection', async () => {
    const sim = await startSim();
    sim.server.faults.inject({ type: 'drop_connection', times: 1, path: DETAILS_PATH, after: 1 });
    await expectCompleteSync(sim);
    expect(sim.server.faults.fired).toEqual(['drop_connection']);
  });

  it('sits out slow pages, and retries one slower than the timeout', async () => {
    const sim = await startSim();
    sim.server.faults.inject({ type: 'delay', times: 2, ms: 150, path: SCROLL_PATH });
    const started = Date.now();
    await expectCompleteSync(sim);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);

    const slow = await startSim();
    slow.server.faults.inject({ type: 'delay', times: 1, ms: 600, path: DETAILS_PATH, after: 1 });
    const events: TransportEvent[] = [];
    await expectCompleteSync(slow, events, { timeoutMs: 250 });
    expect(events.some((e) => e.type === 'retry' && e.reason === 'timeout')).toBe(true);
  });
});
