import { afterEach, describe, expect, it } from 'vitest';
import { StreamRunError, type Json } from '@steward/sdk';
import { idOf, isComputer, requestsTo, startWorld, syncAll, type World } from './e2e.fixture.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const LIST = '/v1.0/deviceManagement/managedDevices';

async function fullSyncOf(w: World) {
  const result = await syncAll(w.instance);
  expect(result.errors).toEqual([]);
  expect(result.summary.failed).toBe(0);
  expect(result.summary.read).toBe(w.intune.length);
  expect(new Set(result.observations.map((o) => o.sourceKey)).size).toBe(w.intune.length);
  return result;
}

describe('Microsoft Intune managedDevices under faults', () => {
  it('refreshes an access token that expires mid-sync and completes', async () => {
    world = await startWorld();
    world.sim.server.faults.inject({ type: 'expire_tokens', after: 5 });
    await fullSyncOf(world);
    expect(world.sim.server.faults.fired).toContain('expire_tokens');
    expect(requestsTo(world, 'token')).toHaveLength(2);
    expect(world.sim.server.requests.some((r) => r.status === 401)).toBe(true);
    expect(world.events.some((e) => e.type === 'reauthenticated')).toBe(true);
    expect(
      world.events
        .filter((e) => e.type === 'token-refreshed')
        .map((e) => e.type === 'token-refreshed' && e.reason),
    ).toEqual(['initial', 'rejected']);
  });

  it('waits out 429s that name a Retry-After', async () => {
    world = await startWorld();
    world.sim.server.faults.inject({ type: 'rate_limit', times: 2, retryAfterSeconds: 1, after: 2 });
    const started = Date.now();
    await fullSyncOf(world);
    expect(world.sim.server.requests.filter((r) => r.status === 429)).toHaveLength(2);
    expect(world.events.some((e) => e.type === 'throttled' && e.source === 'retry-after')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('backs off on 429s without Retry-After', async () => {
    world = await startWorld();
    world.sim.server.faults.inject({ type: 'rate_limit', times: 3, path: LIST });
    await fullSyncOf(world);
    expect(world.sim.server.requests.filter((r) => r.status === 429)).toHaveLength(3);
    expect(world.events.filter((e) => e.type === 'throttled' && e.source === 'backoff')).toHaveLength(3);
  });

  it('retries a burst of 5xx', async () => {
    world = await startWorld();
    world.sim.server.faults.inject(
      { type: 'server_error', times: 3, status: 503, path: LIST },
      { type: 'server_error', times: 1, status: 502, after: 2, path: `${LIST}/` },
      { type: 'drop_connection', times: 1, after: 4, path: `${LIST}/` },
    );
    await fullSyncOf(world);
    const statuses = world.sim.server.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect(statuses.filter((s) => s === 502)).toHaveLength(1);
    expect(statuses.filter((s) => s === 0)).toHaveLength(1); // the dropped connection
    expect(world.events.filter((e) => e.type === 'retry')).toHaveLength(5);
  });

  it('sits through slow pages', async () => {
    world = await startWorld();
    world.sim.server.faults.inject({ type: 'delay', times: 2, ms: 400, path: LIST });
    const started = Date.now();
    await fullSyncOf(world);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(world.sim.server.faults.fired.filter((f) => f === 'delay')).toHaveLength(2);
  });

  it('reports a malformed record as one per-record error and syncs the rest', async () => {
    world = await startWorld();
    const victim = world.intune[5];
    if (!victim) throw new Error('fleet too small');
    world.sim.state.malformed.add(idOf(victim));
    const { summary, errors, observations } = await syncAll(world.instance);
    expect(summary.read).toBe(world.intune.length);
    expect(summary.failed).toBe(1);
    expect(errors).toEqual([
      { recordKey: idOf(victim), field: 'isEncrypted', message: expect.stringContaining('isEncrypted') },
    ]);
    expect(observations).toHaveLength(world.intune.length - 1);
    expect(observations.some((o) => o.sourceKey === idOf(victim))).toBe(false);
  });

  it('resumes an interrupted run from its checkpoint and reads exactly the rest', async () => {
    world = await startWorld();
    const w = world;
    const first = w.instance.runStream('managedDevices', {
      onBatch: (outcome) => {
        if (outcome.batch === 2) throw new Error('database went away');
      },
    });
    const error = await first.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamRunError);
    const stopped = error as StreamRunError;
    expect(stopped.message).toContain('database went away');
    expect(stopped.counts.read).toBe(4);
    expect(stopped.checkpoint).toEqual({ url: expect.stringContaining('$skiptoken=') });

    const since = w.sim.server.requests.length;
    const rerun = await syncAll(w.instance, { checkpoint: stopped.checkpoint as Json });
    const rest = w.intune.slice(4);
    expect(rerun.summary.read).toBe(rest.length);
    expect(rerun.observations.map((o) => o.sourceKey)).toEqual(rest.map(idOf));
    // Only the unfinished page and the ones after it are read again, each computer's MAC once.
    expect(requestsTo(w, 'list', since)[0]?.query).toContain('$skiptoken=');
    expect(requestsTo(w, 'list', since)).toHaveLength(Math.ceil(rest.length / 4));
    expect(requestsTo(w, 'detail', since)).toHaveLength(rest.filter(isComputer).length);
  });

  it('rides through Intune’s own request window (10 per second) with Retry-After', async () => {
    world = await startWorld({ sim: { throttle: { requests: 10, windowMs: 1000 } } });
    await fullSyncOf(world);
    expect(world.sim.state.throttle.throttled).toBeGreaterThan(0);
    expect(world.sim.server.requests.filter((r) => r.status === 429).length).toBe(
      world.sim.state.throttle.throttled,
    );
  });

  it('rides through Intune’s request window when its 429s carry no Retry-After', async () => {
    world = await startWorld({
      sim: { throttle: { requests: 10, windowMs: 1000, retryAfter: 'never' } },
      config: { backoffBaseMs: 100, backoffMaxMs: 1000, maxRetries: 8 },
    });
    await fullSyncOf(world);
    expect(world.sim.state.throttle.throttled).toBeGreaterThan(0);
    expect(world.events.some((e) => e.type === 'throttled' && e.source === 'retry-after')).toBe(false);
  });

  it('refuses a checkpoint that is not a saved nextLink, or one on another host', async () => {
    world = await startWorld();
    await expect(syncAll(world.instance, { checkpoint: { page: 2 } })).rejects.toThrow(
      /not a saved @odata.nextLink/,
    );
    await expect(
      syncAll(world.instance, {
        checkpoint: { url: 'https://evil.example/v1.0/deviceManagement/managedDevices' },
      }),
    ).rejects.toThrow(/Refusing to send credentials/);
    expect(requestsTo(world, 'list')).toHaveLength(0);
  });
});
