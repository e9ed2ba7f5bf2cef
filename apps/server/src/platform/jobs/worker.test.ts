import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type Store } from '../db/index.js';
import { createTestStore, describeEachDialect, type TestStore } from '../../test/stores.js';
import { PermanentJobError, RetryJobLater } from './job.js';
import { JobQueue } from './queue.js';
import { Worker, type JobOutcome } from './worker.js';

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
});
