// Interrupted syncs: resuming with a live scroll token continues; a dead token restarts the walk safely.
import { StreamRunError, type Json } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SCROLL_RESTARTS } from './ingest/hosts.stream.js';
import type { CrowdStrikeSimulator } from './simulator/index.js';
import {
  DETAILS_PATH,
  PAGE_SIZE,
  SCROLL_PATH,
  closeSimulators,
  instanceFor,
  requestsTo,
  sleep,
  sourceKeys,
  startSim,
  syncHosts,
  type Collected,
} from './test-support.js';

afterEach(closeSimulators);

/** Runs until onBatch throws at batch 2; returns what batch 1 stored and the error. */
async function interruptAtBatch2(
  sim: CrowdStrikeSimulator,
): Promise<{ first: Collected; error: StreamRunError }> {
  const first: Collected = { summary: undefined as never, observations: [], errors: [], checkpoints: [] };
  const error = await instanceFor(sim)
    .runStream('hosts', {
      onBatch(outcome) {
        if (outcome.batch === 2) throw new Error('database went away');
        first.observations.push(...outcome.observations);
        first.checkpoints.push(outcome.checkpoint);
      },
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(error instanceof StreamRunError)) throw new Error(`expected a StreamRunError, got ${String(error)}`);
  return { first, error };
}

describe('crowdstrikeFalcon hosts stream, interrupted', () => {
  it('fails with the checkpoint of the last stored batch: the scroll token and the ids read', async () => {
    const sim = await startSim();
    const { first, error } = await interruptAtBatch2(sim);
    expect(error.message).toMatch(/Storing batch 2 failed: database went away/);
    expect(error.checkpoint).toEqual({ token: expect.stringMatching(/^FQL/), processed: PAGE_SIZE });
    expect(error.checkpoint).toEqual(first.checkpoints[0]);
    expect(error.counts).toMatchObject({ batches: 1, read: PAGE_SIZE });
  });

  it('resumes with a live token and reads exactly the remaining hosts', async () => {
    const sim = await startSim();
    const all = sim.state.hostIds();
    const { first, error } = await interruptAtBatch2(sim);
    const scrollsBefore = requestsTo(sim, SCROLL_PATH);

    const rest = await syncHosts(instanceFor(sim), { checkpoint: error.checkpoint });

    expect(rest.summary.read).toBe(all.length - PAGE_SIZE);
    expect(rest.summary.checkpoint).toBeNull();
    const firstKeys = sourceKeys(first.observations);
    const restKeys = sourceKeys(rest.observations);
    expect(restKeys.filter((k) => firstKeys.includes(k))).toEqual([]);
    expect([...firstKeys, ...restKeys].sort()).toEqual([...all].sort());
    // No restart: the rerun's scroll requests all carried a token and none was refused.
    expect(requestsTo(sim, SCROLL_PATH) - scrollsBefore).toBe(
      Math.ceil((all.length - PAGE_SIZE) / PAGE_SIZE),
    );
    expect(requestsTo(sim, SCROLL_PATH, 400)).toBe(0);
  });

  it('restarts from the beginning when the saved token has expired, and still reads every host', async () => {
    const sim = await startSim({ scrollIdleTimeoutMs: 150 });
    const all = sim.state.hostIds();
    const { error } = await interruptAtBatch2(sim);
    await sleep(250);

    const rerun = await syncHosts(instanceFor(sim), { checkpoint: error.checkpoint });

    expect(requestsTo(sim, SCROLL_PATH, 400)).toBe(1);
    expect(rerun.summary.read).toBe(all.length);
    expect(rerun.summary.failed).toBe(0);
    expect(sourceKeys(rerun.observations)).toEqual([...all].sort());
    expect(rerun.summary.checkpoint).toBeNull();
    // The fresh walk's checkpoints count from zero again.
    expect(rerun.checkpoints[0]).toEqual({ token: expect.any(String), processed: PAGE_SIZE });
  });

  it('restarts from the beginning on a token the API never issued, or a checkpoint of another shape', async () => {
    const sim = await startSim();
    const all = [...sim.state.hostIds()].sort();
    const forged = await syncHosts(instanceFor(sim), {
      checkpoint: { token: 'FQLbm90LWEtdG9rZW4', processed: 14 },
    });
    expect(sourceKeys(forged.observations)).toEqual(all);
    const odd: Json = { page: 3 };
    const other = await syncHosts(instanceFor(sim), { checkpoint: odd });
    expect(sourceKeys(other.observations)).toEqual(all);
  });

  it('finishes at once from a checkpoint at the end of a walk: an empty page without a token', async () => {
    const sim = await startSim();
    const n = sim.state.hostIds().length;
    const { walk } = sim.state.startWalk();
    const checkpoint = { token: sim.state.scrollToken(walk, n), processed: n };
    const rest = await syncHosts(instanceFor(sim), { checkpoint });
    expect(rest.summary).toMatchObject({ batches: 1, read: 0, checkpoint: null });
    expect(requestsTo(sim, DETAILS_PATH)).toBe(0);
  });

  it('restarts the walk when the token dies mid-run because storing a batch took too long', async () => {
    const sim = await startSim({ scrollIdleTimeoutMs: 150 });
    const all = sim.state.hostIds();
    const run = await syncHosts(instanceFor(sim), {
      onBatch: async (outcome) => {
        if (outcome.batch === 2) await sleep(250);
      },
    });
    expect(requestsTo(sim, SCROLL_PATH, 400)).toBe(1);
    // Batches 1 and 2 were stored before the restart, then every host once more.
    expect(run.summary.read).toBe(2 * PAGE_SIZE + all.length);
    expect(new Set(run.observations.map((o) => o.sourceKey))).toEqual(new Set(all));
    expect(run.summary.checkpoint).toBeNull();
  });

  it('gives up with a clear error when the token keeps expiring, keeping the last checkpoint', async () => {
    const sim = await startSim({ scrollIdleTimeoutMs: 60 });
    const error = await syncHosts(instanceFor(sim), { onBatch: () => sleep(120) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamRunError);
    expect((error as StreamRunError).message).toMatch(/scroll token expired 4 times in one run/);
    expect(requestsTo(sim, SCROLL_PATH, 400)).toBe(MAX_SCROLL_RESTARTS + 1);
    expect((error as StreamRunError).checkpoint).toEqual({ token: expect.any(String), processed: PAGE_SIZE });
  });
});
