import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestStore, describeEachDialect, type TestStore } from '../../test/stores.js';
import { FakeClock } from '../../test/clock.js';
import { JobQueue, LOST_LEASE_ERROR } from './queue.js';

describeEachDialect('job queue', (dialect) => {
  let t: TestStore;
  let clock: FakeClock;
  let queue: JobQueue;
  const claimOpts = { workerId: 'w1', limit: 10, leaseMs: 10_000 };

  beforeEach(async () => {
    t = await createTestStore(dialect);
    clock = new FakeClock();
    queue = new JobQueue(t.store, clock, { baseMs: 1_000, maxMs: 60_000 });
  });
  afterEach(async () => t.cleanup());

  it('enqueues, claims with a lease, and completes a job once', async () => {
    const { job, created } = await queue.enqueue({ type: 'sync', payload: { n: 1 }, tenantId: 't1' });
    expect(created).toBe(true);
    const [claimed, ...rest] = await queue.claim('default', claimOpts);
    expect(rest).toHaveLength(0);
    expect(claimed).toMatchObject({
      id: job.id,
      status: 'running',
      attempts: 1,
      leaseOwner: 'w1',
      payload: { n: 1 },
    });
    expect(claimed!.leaseUntil).toBe(new Date(clock.now().getTime() + 10_000).toISOString());
    expect(await queue.claim('default', { ...claimOpts, workerId: 'w2' })).toHaveLength(0);
    expect(await queue.complete(job.id, 'w1', { ok: true })).toBe(true);
    expect(await queue.get(job.id)).toMatchObject({ status: 'succeeded', result: { ok: true } });
    clock.advance(60_000);
    expect(await queue.claim('default', claimOpts)).toHaveLength(0);
    expect(await queue.complete(job.id, 'w1')).toBe(false);
  });

  it('dedupes on the idempotency key within a queue', async () => {
    const a = await queue.enqueue({ type: 'x', idempotencyKey: 'k1', payload: { v: 1 } });
    const b = await queue.enqueue({ type: 'x', idempotencyKey: 'k1', payload: { v: 2 } });
    const other = await queue.enqueue({ type: 'x', idempotencyKey: 'k1', queue: 'other' });
    expect(b.created).toBe(false);
    expect(b.job.id).toBe(a.job.id);
    expect(b.job.payload).toEqual({ v: 1 });
    expect(other.created).toBe(true);
    expect((await queue.countByStatus('default')).queued).toBe(1);
  });

  it('enqueues many in chunks, leaving out keys already queued, and they claim like any job', async () => {
    await queue.enqueue({ type: 'x', idempotencyKey: 'k7', payload: { v: 'first' } });
    const inputs = Array.from({ length: 450 }, (_, i) => ({
      type: 'x',
      tenantId: 't1',
      idempotencyKey: `k${i}`,
      payload: { v: i },
    }));
    // A key twice in one call counts once too.
    expect(await queue.enqueueMany([...inputs, { type: 'x', idempotencyKey: 'k3' }])).toBe(449);
    expect((await queue.countByStatus('default')).queued).toBe(450);
    const claimed = await queue.claim('default', { ...claimOpts, limit: 1000 });
    expect(claimed).toHaveLength(450);
    const k7 = claimed.find((j) => j.idempotencyKey === 'k7');
    expect(k7?.payload).toEqual({ v: 'first' });
    expect(claimed.find((j) => j.idempotencyKey === 'k449')).toMatchObject({ tenantId: 't1', attempts: 1 });
    expect(await queue.enqueueMany([])).toBe(0);
  });

  it('holds a timer until its run-at time, and can cancel it', async () => {
    const later = await queue.enqueue({ type: 't', runAt: new Date(clock.now().getTime() + 5_000) });
    const cancelled = await queue.enqueue({ type: 't', runAt: new Date(clock.now().getTime() + 5_000) });
    expect(await queue.claim('default', claimOpts)).toHaveLength(0);
    expect(await queue.cancel(cancelled.job.id)).toBe(true);
    clock.advance(5_000);
    const claimed = await queue.claim('default', claimOpts);
    expect(claimed.map((j) => j.id)).toEqual([later.job.id]);
  });

  it('retries with exponential backoff, then dead-letters after max attempts', async () => {
    const { job } = await queue.enqueue({ type: 'flaky', maxAttempts: 3 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [c] = await queue.claim('default', claimOpts);
      expect(c?.attempts).toBe(attempt);
      const outcome = await queue.fail(job.id, 'w1', `boom ${attempt}`);
      const after = await queue.get(job.id);
      if (attempt < 3) {
        expect(outcome).toBe('retry');
        const delay = Date.parse(after!.runAt) - clock.now().getTime();
        delays.push(delay);
        expect(await queue.claim('default', claimOpts)).toHaveLength(0);
        clock.advance(delay);
      } else {
        expect(outcome).toBe('dead');
        expect(after).toMatchObject({ status: 'dead', lastError: 'boom 3' });
      }
    }
    // base 1 s then 2 s, each within ±20 % jitter
    expect(delays[0]).toBeGreaterThanOrEqual(800);
    expect(delays[0]).toBeLessThanOrEqual(1_200);
    expect(delays[1]).toBeGreaterThanOrEqual(1_600);
    expect(delays[1]).toBeLessThanOrEqual(2_400);
    clock.advance(3_600_000);
    expect(await queue.claim('default', claimOpts)).toHaveLength(0);
    expect(await queue.retryDead(job.id)).toBe(true);
    expect(await queue.claim('default', claimOpts)).toHaveLength(1);
  });

  it('dead-letters at once on a permanent failure', async () => {
    const { job } = await queue.enqueue({ type: 'bad', maxAttempts: 5 });
    await queue.claim('default', claimOpts);
    expect(await queue.fail(job.id, 'w1', 'invalid payload', { permanent: true })).toBe('dead');
  });

  it('recovers a job whose worker stopped renewing its lease, and refuses the stale worker', async () => {
    const { job } = await queue.enqueue({ type: 'long' });
    await queue.claim('default', { ...claimOpts, leaseMs: 1_000 });
    clock.advance(500);
    expect(await queue.extendLease(job.id, 'w1', 1_000)).toBe(true);
    clock.advance(999);
    expect(await queue.claim('default', { ...claimOpts, workerId: 'w2' })).toHaveLength(0);
    clock.advance(2);
    const [taken] = await queue.claim('default', { ...claimOpts, workerId: 'w2' });
    expect(taken).toMatchObject({ id: job.id, leaseOwner: 'w2', attempts: 2 });
    expect(await queue.complete(job.id, 'w1')).toBe(false);
    expect(await queue.fail(job.id, 'w1', 'late')).toBe('lost');
    expect(await queue.extendLease(job.id, 'w1', 1_000)).toBe(false);
    expect(await queue.complete(job.id, 'w2')).toBe(true);
  });

  it('dead-letters a job whose worker died on its final attempt', async () => {
    const { job } = await queue.enqueue({ type: 'long', maxAttempts: 1 });
    await queue.claim('default', { ...claimOpts, leaseMs: 1_000 });
    clock.advance(1_001);
    expect(await queue.claim('default', claimOpts)).toHaveLength(0);
    expect(await queue.get(job.id)).toMatchObject({
      status: 'dead',
      lastError: expect.stringContaining('lease'),
    });
  });

  it('hands each job it dead-letters for a lost lease to exactly one claimer', async () => {
    const { job } = await queue.enqueue({ type: 'long', maxAttempts: 2 });
    const other = await queue.enqueue({ type: 'long', maxAttempts: 2 });
    await queue.claim('default', { ...claimOpts, leaseMs: 1_000 });
    clock.advance(1_001);
    // Reclaimed once: a second attempt remains, so nothing is dead-lettered yet.
    const seen: string[][] = [];
    const onDeadLettered = (jobs: { id: string }[]) => seen.push(jobs.map((j) => j.id));
    expect(await queue.claim('default', { ...claimOpts, workerId: 'w2', onDeadLettered })).toHaveLength(2);
    expect(seen).toEqual([]);
    expect(await queue.complete(other.job.id, 'w2')).toBe(true);
    clock.advance(10_001);
    const [first, second] = await Promise.all([
      queue.claim('default', { ...claimOpts, workerId: 'w3', onDeadLettered }),
      queue.claim('default', { ...claimOpts, workerId: 'w4', onDeadLettered }),
    ]);
    expect([...first!, ...second!]).toHaveLength(0);
    expect(seen).toEqual([[job.id]]);
    expect(await queue.get(job.id)).toMatchObject({
      status: 'dead',
      lastError: LOST_LEASE_ERROR,
      attempts: 2,
    });
    clock.advance(60_000);
    await queue.claim('default', { ...claimOpts, onDeadLettered });
    expect(seen).toHaveLength(1);
  });

  it('claims due jobs in run-at order and respects the limit and the queue', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await queue.enqueue({ type: 'o', runAt: new Date(clock.now().getTime() - (5 - i) * 1000) })).job.id,
      );
    }
    await queue.enqueue({ type: 'o', queue: 'elsewhere' });
    const first = await queue.claim('default', { ...claimOpts, limit: 3 });
    expect(first.map((j) => j.id)).toEqual(ids.slice(0, 3));
    const second = await queue.claim('default', { ...claimOpts, limit: 3 });
    expect(second.map((j) => j.id)).toEqual(ids.slice(3));
  });
});
