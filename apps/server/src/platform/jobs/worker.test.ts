import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type Store } from '../db/index.js';
import { createTestStore, describeEachDialect, type TestStore } from '../../test/stores.js';
import { PermanentJobError, RetryJobLater } from './job.js';
import { JobQueue, LOST_LEASE_ERROR } from './queue.js';
import { Worker, withOnDead, type DeadCause, type JobOutcome } from './worker.js';
import type { Job } from './job.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const childScript = path.join(here, '../../test/fixtures/job-worker-child.ts');

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeEachDialect('job worker', (dialect) => {
  let t: TestStore;
  let queue: JobQueue;
  const workers: Worker[] = [];

  beforeEach(async () => {
    t = await createTestStore(dialect);
    queue = new JobQueue(t.store, undefined, { baseMs: 20, maxMs: 100 });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop(100)));
    await t.cleanup();
  });

  it('runs each job exactly once across competing workers', async () => {
    const seen = new Map<string, number>();
    const stores: Store[] = [];
    for (let i = 0; i < 3; i++) {
      // Separate connections (pools) per worker, as separate processes would have.
      const s = openStore({ databaseUrl: t.databaseUrl, dataDir: t.dataDir });
      stores.push(s);
      workers.push(
        new Worker({
          queue: new JobQueue(s),
          queueName: 'default',
          concurrency: 4,
          pollMs: 10,
          handlers: {
            count: async (job) => {
              seen.set(job.id, (seen.get(job.id) ?? 0) + 1);
              await new Promise((r) => setTimeout(r, Math.random() * 5));
              return { done: true };
            },
          },
        }),
      );
    }
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push((await queue.enqueue({ type: 'count', payload: { i } })).job.id);
    workers.forEach((w) => w.start());
    await until(async () => (await queue.countByStatus()).succeeded === 120);
    expect(ids.every((id) => seen.get(id) === 1)).toBe(true);
    expect(seen.size).toBe(120);
    await Promise.all(workers.splice(0).map((w) => w.stop(100)));
    await Promise.all(stores.map((s) => s.close()));
  });

  it('retries a failing handler with backoff and records each outcome', async () => {
    let calls = 0;
    const outcomes: JobOutcome[] = [];
    const worker = new Worker({
      queue,
      queueName: 'default',
      pollMs: 10,
      onOutcome: (_job, outcome) => outcomes.push(outcome),
      handlers: {
        flaky: async () => {
          calls++;
          if (calls < 3) throw new Error(`vendor 500 (${calls})`);
          return { calls };
        },
        hopeless: async () => {
          throw new PermanentJobError('schema mismatch');
        },
        later: async (job) => {
          if (job.attempts === 1) throw new RetryJobLater(30);
          return 'ok';
        },
      },
    });
    workers.push(worker);
    const flaky = (await queue.enqueue({ type: 'flaky', maxAttempts: 5 })).job;
    const hopeless = (await queue.enqueue({ type: 'hopeless' })).job;
    const later = (await queue.enqueue({ type: 'later' })).job;
    const unknown = (await queue.enqueue({ type: 'no-such-type' })).job;
    worker.start();
    await until(
      async () => (await queue.countByStatus()).succeeded === 2 && (await queue.countByStatus()).dead === 2,
    );
    expect(await queue.get(flaky.id)).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      result: { calls: 3 },
    });
    expect(await queue.get(hopeless.id)).toMatchObject({ status: 'dead', attempts: 1 });
    expect(await queue.get(later.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect((await queue.get(unknown.id))?.lastError).toContain('no handler');
    expect(outcomes.filter((o) => o === 'retry')).toHaveLength(3);
  });

  it('loses no job when its worker process is killed mid-job, and never re-runs a completed job', async () => {
    const marker = path.join(t.dataDir, 'starts.log');
    const { job } = await queue.enqueue({ type: 'effect', queue: 'kill-test', payload: { account: 42 } });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', childScript, t.databaseUrl ?? '', t.dataDir, marker],
      {
        stdio: 'inherit',
      },
    );
    const exited = new Promise((r) => child.once('exit', r));
    await until(() => existsSync(marker) && readFileSync(marker, 'utf8').includes(job.id));
    child.kill('SIGKILL');
    await exited;
    expect(await queue.get(job.id)).toMatchObject({ status: 'running', leaseOwner: 'doomed-worker' });

    let effects = 0;
    const survivor = new Worker({
      queue,
      queueName: 'kill-test',
      leaseMs: 400,
      pollMs: 20,
      handlers: {
        effect: async () => {
          effects++;
          return { applied: true };
        },
      },
    });
    workers.push(survivor);
    survivor.start();
    await until(async () => (await queue.get(job.id))?.status === 'succeeded');
    const done = await queue.get(job.id);
    expect(done).toMatchObject({ attempts: 2, result: { applied: true } });
    expect(done?.leaseOwner).toBeNull();
    expect(effects).toBe(1);

    // Let several lease periods pass: a completed job must never be claimed again.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(effects).toBe(1);
    expect(readFileSync(marker, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('calls onDead once, on the worker that reclaims it, for a job whose worker died on its final attempt', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++)
      ids.push((await queue.enqueue({ type: 'effect', maxAttempts: 1, payload: { i } })).job.id);
    // A worker claims them and dies: its leases are never renewed.
    expect(await queue.claim('default', { workerId: 'doomed', limit: 10, leaseMs: 100 })).toHaveLength(8);
    const dead: { job: Job; by: string; lastError: string; cause: DeadCause }[] = [];
    let ran = 0;
    const stores: Store[] = [];
    for (let i = 0; i < 3; i++) {
      const s = openStore({ databaseUrl: t.databaseUrl, dataDir: t.dataDir });
      stores.push(s);
      const by = `survivor-${i}`;
      workers.push(
        new Worker({
          queue: new JobQueue(s),
          queueName: 'default',
          workerId: by,
          pollMs: 10,
          handlers: {
            effect: withOnDead(
              async () => {
                ran++;
              },
              async (job, lastError, cause) => {
                dead.push({ job, by, lastError, cause });
              },
            ),
          },
        }),
      );
    }
    workers.forEach((w) => w.start());
    await until(() => dead.length >= 8);
    await new Promise((r) => setTimeout(r, 300));
    expect(dead.map((d) => d.job.id).sort()).toEqual([...ids].sort());
    expect(ran).toBe(0);
    for (const d of dead) {
      expect(d).toMatchObject({ cause: 'lost-lease', lastError: LOST_LEASE_ERROR });
      expect(d.job).toMatchObject({ status: 'dead', attempts: 1 });
      expect(d.by).toMatch(/^survivor-/);
    }
    expect((await queue.countByStatus()).dead).toBe(8);
    await Promise.all(workers.splice(0).map((w) => w.stop(100)));
    await Promise.all(stores.map((s) => s.close()));
  });

  it('calls onDead after the final or a permanent failure, never for a retry, and survives its errors', async () => {
    const dead: { id: string; lastError: string; cause: DeadCause }[] = [];
    const errorsSeen: unknown[] = [];
    const record = async (job: Job, lastError: string, cause: DeadCause) => {
      dead.push({ id: job.id, lastError, cause });
    };
    let flakyCalls = 0;
    const worker = new Worker({
      queue,
      queueName: 'default',
      pollMs: 10,
      onError: (e) => errorsSeen.push(e),
      handlers: {
        hopeless: withOnDead(async (job) => {
          throw new Error(`boom ${job.attempts}`);
        }, record),
        permanent: withOnDead(async () => {
          throw new PermanentJobError('schema mismatch');
        }, record),
        flaky: withOnDead(async () => {
          if (++flakyCalls < 2) throw new Error('once');
          return 'ok';
        }, record),
        throwing: withOnDead(
          async () => {
            throw new PermanentJobError('no');
          },
          async () => {
            throw new Error('onDead failed');
          },
        ),
      },
    });
    workers.push(worker);
    const hopeless = (await queue.enqueue({ type: 'hopeless', maxAttempts: 2 })).job;
    const permanent = (await queue.enqueue({ type: 'permanent', maxAttempts: 5 })).job;
    const flaky = (await queue.enqueue({ type: 'flaky', maxAttempts: 3 })).job;
    await queue.enqueue({ type: 'throwing' });
    worker.start();
    await until(async () => {
      const c = await queue.countByStatus();
      return c.dead === 3 && c.succeeded === 1 && errorsSeen.length === 1;
    });
    await worker.stop(100);
    expect(dead.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: hopeless.id, lastError: 'Error: boom 2', cause: 'failed' },
        { id: permanent.id, lastError: 'PermanentJobError: schema mismatch', cause: 'failed' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(dead.some((d) => d.id === flaky.id)).toBe(false);
    expect(String(errorsSeen[0])).toContain('onDead failed');
  });
});
