// Throttling and server errors end to end: X-RateLimit-Reset (ms) waited out, 5xx retried.
import type { TransportEvent } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { PATHS } from './simulator/index.js';
import { closeSimulators, connect, rejectionOf, requestsTo, startSim } from './test-support.js';

afterEach(closeSimulators);

const throttles = (events: TransportEvent[]) =>
  events.filter((e): e is Extract<TransportEvent, { type: 'throttled' }> => e.type === 'throttled');

describe('Mimecast under faults', () => {
  it('waits out a 429 for the X-RateLimit-Reset milliseconds, then succeeds', async () => {
    const sim = await startSim();
    sim.server.faults.inject({
      type: 'rate_limit',
      times: 1,
      retryAfterSeconds: 1,
      path: PATHS.managedSender,
    });
    const events: TransportEvent[] = [];
    const started = Date.now();
    const result = await connect(sim, { events }).executeAction(
      'blockSender',
      { sender: 'a@b.example' },
      { idempotencyKey: 'k' },
    );
    expect(result.status).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(throttles(events).map((e) => [e.source, e.delayMs >= 1000])).toEqual([
      ['x-ratelimit-reset', true],
    ]);
    expect(requestsTo(sim, PATHS.managedSender, 429)).toBe(1);
    expect(sim.state.managedSenders.size).toBe(1);
  });

  it("stays within the simulator's per-token budget by honouring the reset it announces", async () => {
    const sim = await startSim({ rateLimit: { limit: 2, windowMs: 300 } });
    const events: TransportEvent[] = [];
    const instance = connect(sim, { events });
    for (let i = 0; i < 5; i++) {
      await instance.executeAction('blockSender', { sender: `s${i}@b.example` }, { idempotencyKey: `k${i}` });
    }
    expect(sim.state.managedSenders.size).toBe(5);
    expect(requestsTo(sim, PATHS.managedSender, 429)).toBeGreaterThan(0);
    expect(throttles(events).every((e) => e.source === 'x-ratelimit-reset' && e.delayMs <= 400)).toBe(true);
  });

  it('fails as rate limited when the reset is longer than the longest wait configured', async () => {
    const sim = await startSim();
    sim.server.faults.inject({
      type: 'rate_limit',
      times: 1,
      retryAfterSeconds: 5,
      path: PATHS.managedSender,
    });
    const error = await rejectionOf(
      connect(sim, { config: { http: { maxWaitMs: 1000 } } }).executeAction(
        'blockSender',
        { sender: 'a@b.example' },
        { idempotencyKey: 'k' },
      ),
    );
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: expect.any(Number) });
    expect((error as Error & { retryAfterMs: number }).retryAfterMs).toBeGreaterThanOrEqual(5000);
    expect(sim.state.managedSenders.size).toBe(0);
  });

  it('retries 5xx answers to a repeatable call and succeeds', async () => {
    const sim = await startSim();
    sim.server.faults.inject({ type: 'server_error', times: 2, status: 503, path: PATHS.managedSender });
    const result = await connect(sim).executeAction(
      'blockSender',
      { sender: 'a@b.example' },
      { idempotencyKey: 'k' },
    );
    expect(result.status).toBe('succeeded');
    expect(requestsTo(sim, PATHS.managedSender, 503)).toBe(2);
    expect(requestsTo(sim, PATHS.managedSender, 200)).toBe(1);
  });

  it('retries a dropped connection on a read (the get-policy lookup)', async () => {
    const sim = await startSim();
    sim.server.faults.inject({ type: 'drop_connection', times: 1, path: PATHS.getPolicy });
    const result = await connect(sim).executeAction(
      'createBlockedSenderPolicy',
      { description: 'x', fromValue: 'bad.example' },
      { idempotencyKey: 'k' },
    );
    expect(result.data).toMatchObject({ created: true });
    expect(requestsTo(sim, PATHS.getPolicy, 0)).toBe(1);
    expect(sim.state.policies).toHaveLength(1);
  });

  it('gives up after maxRetries 5xx answers with a retryable error', async () => {
    const sim = await startSim();
    sim.server.faults.inject({ type: 'server_error', times: 10, status: 500, path: PATHS.managedSender });
    const error = await rejectionOf(
      connect(sim, { config: { http: { maxRetries: 2 } } }).executeAction(
        'blockSender',
        { sender: 'a@b.example' },
        { idempotencyKey: 'k' },
      ),
    );
    expect(error).toMatchObject({ code: 'http_status', status: 500, retryable: true });
    expect(requestsTo(sim, PATHS.managedSender, 500)).toBe(3);
  });
});
