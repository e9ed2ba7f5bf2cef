// Job queue throughput, on SQLite and on PostgreSQL.
//
// What is compared, in the same run and the same database:
//   - figure:   jobs per second through the real JobQueue for the full life of a job: enqueue it
//               (one INSERT ... ON CONFLICT DO NOTHING RETURNING * per job), claim it (claims take
//               `--batch` jobs per UPDATE ... WHERE id IN (SELECT ... [FOR UPDATE SKIP LOCKED])) and
//               complete it (one UPDATE per job). Every job is enqueued, then all are drained.
//   - baseline: plain INSERTs per second of the same rows (same columns, same values, same driver
//               and Kysely) into the same `jobs` table with all its indexes, under queue names of their
//               own: one statement per row, each its own implicit transaction, just as each enqueue is.
//   - ratio:    figure ÷ baseline. A job costs at least an insert, its share of a claim and an update,
//               so about 1/3 of the raw insert rate is the natural ceiling; the target is ratio>=0.25.
// On PostgreSQL a further figure runs `--claimers` JobQueue instances, each on its own store (its own
// connection pool), enqueuing their share and then claiming in parallel from the one queue (SKIP LOCKED
// keeps them off each other's rows); its baseline is the same number of connections inserting in parallel.
// The single-worker figures are medians over `--rounds` rounds (default 3 on SQLite, 1 on PostgreSQL),
// each round measuring baseline then queue with N fresh rows. Every round checks that each job was
// claimed and completed exactly once (one claim, one completion, status succeeded), and fails otherwise.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PG_ADMIN_URL, createPgDatabase } from './pg-database.js';
import {
  openMigratedStore,
  openStore,
  iso,
  toJson,
  type JobsTable,
  type Store,
} from '../apps/server/src/platform/db/index.js';
import { JobQueue } from '../apps/server/src/platform/jobs/index.js';
import { newId } from '../apps/server/src/platform/ids/index.js';
import {
  median,
  note,
  perSecond,
  positiveInt,
  printSkip,
  time,
  type BenchResult,
  type Target,
} from './harness.js';

const BENCH = 'jobs';
const TARGET: Target = { on: 'ratio', op: '>=', threshold: 0.25 };
const LEASE_MS = 10 * 60_000;
const WARMUP = 200;

interface Options {
  n: number;
  batch: number;
  claimers: number;
  sqliteRounds: number;
  postgresRounds: number;
  dialects: Array<'sqlite' | 'postgres'>;
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      n: { type: 'string' },
      batch: { type: 'string' },
      claimers: { type: 'string' },
      rounds: { type: 'string' },
      only: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = values.only;
  if (only !== undefined && only !== 'sqlite' && only !== 'postgres') {
    throw new Error(`--only must be sqlite or postgres, got ${JSON.stringify(only)}`);
  }
  return {
    n: positiveInt('n', values.n, 5000),
    batch: positiveInt('batch', values.batch, 50),
    claimers: positiveInt('claimers', values.claimers, 4),
    // SQLite rounds are cheap and its baseline is short (so noisy): three. PostgreSQL is fsync-bound and
    // slow: one, to keep the default run under a minute. --rounds sets both.
    sqliteRounds: positiveInt('rounds', values.rounds, 3),
    postgresRounds: positiveInt('rounds', values.rounds, 1),
    dialects: only ? [only] : ['sqlite', 'postgres'],
  };
}

/** The row JobQueue.enqueue writes for `{ type: 'bench', payload: { i }, queue }`. */
function rowLike(queue: string, i: number): JobsTable {
  const now = iso(new Date());
  return {
    id: newId(),
    tenant_id: null,
    queue,
    type: 'bench',
    payload: toJson({ i }),
    status: 'queued',
    run_at: now,
    attempts: 0,
    max_attempts: 10,
    idempotency_key: null,
    lease_owner: null,
    lease_until: null,
    last_error: null,
    result: null,
    created_at: now,
    updated_at: now,
    completed_at: null,
  };
}

/** Baseline: `count` single-row INSERTs, one after another, each its own statement and transaction. */
async function rawInserts(store: Store, queue: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await store.db.insertInto('jobs').values(rowLike(queue, i)).execute();
}

async function enqueueAll(jobs: JobQueue, queue: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { job, created } = await jobs.enqueue({ type: 'bench', payload: { i }, queue });
    if (!created) throw new Error(`enqueue ${i} did not create a job`);
    ids.push(job.id);
  }
  return ids;
}

/** Claim in batches and complete each job until the queue is empty; returns the ids this worker completed. */
async function drain(jobs: JobQueue, queue: string, workerId: string, batch: number): Promise<string[]> {
  const done: string[] = [];
  for (;;) {
    const claimed = await jobs.claim(queue, { workerId, limit: batch, leaseMs: LEASE_MS });
    if (claimed.length === 0) return done;
    for (const job of claimed) {
      if (!(await jobs.complete(job.id, workerId)))
        throw new Error(`${workerId} could not complete job ${job.id}`);
      done.push(job.id);
    }
  }
}

/** Every enqueued job was completed exactly once: by exactly one worker, after exactly one claim. */
async function verify(store: Store, queue: string, enqueued: string[], completed: string[]): Promise<void> {
  const where = `${store.dialect} queue ${queue}`;
  const seen = new Set<string>();
  for (const id of completed) {
    if (seen.has(id)) throw new Error(`${where}: job ${id} was completed twice`);
    seen.add(id);
  }
  const expected = new Set(enqueued);
  if (expected.size !== enqueued.length) throw new Error(`${where}: duplicate job ids were enqueued`);
  if (seen.size !== expected.size)
    throw new Error(`${where}: ${expected.size} enqueued but ${seen.size} completed`);
  for (const id of expected) if (!seen.has(id)) throw new Error(`${where}: job ${id} was never completed`);

  const rows = await store.db
    .selectFrom('jobs')
    .select(['id', 'status', 'attempts'])
    .where('queue', '=', queue)
    .execute();
  if (rows.length !== enqueued.length)
    throw new Error(`${where}: ${rows.length} rows in jobs, expected ${enqueued.length}`);
  const bad = rows.filter((r) => r.status !== 'succeeded' || Number(r.attempts) !== 1);
  if (bad.length > 0) {
    const b = bad[0]!;
    throw new Error(
      `${where}: ${bad.length} jobs not succeeded after one attempt (e.g. ${b.id}: ${b.status}, attempts ${b.attempts})`,
    );
  }
}

async function countRaw(store: Store, queue: string): Promise<number> {
  const r = await store.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('queue', '=', queue)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One producer-and-claimer: raw inserts vs the queue's enqueue + claim + complete, same N, same store. */
async function singleWorker(store: Store, o: Options, rounds: number): Promise<BenchResult> {
  const jobs = new JobQueue(store);

  // Warm up both paths (JIT, statement caches, first pages) on queues the measured runs do not use.
  await rawInserts(store, 'raw-warmup', WARMUP);
  await verifyDrained(jobs, store, 'warmup', o.batch);

  // Each round measures the baseline and then the queue on fresh queue names; the reported rates are
  // the medians over the rounds, which keeps one noisy stretch (a checkpoint, a busy host) from deciding.
  const rawRates: number[] = [];
  const jobRates: number[] = [];
  for (let r = 1; r <= rounds; r++) {
    const raw = await time(() => rawInserts(store, `raw-${r}`, o.n));
    if ((await countRaw(store, `raw-${r}`)) !== o.n)
      throw new Error(`${store.dialect}: baseline rows missing`);

    const queue = `bench-${r}`;
    const cycle = await time(async () => {
      const enq = await time(() => enqueueAll(jobs, queue, o.n));
      const drn = await time(() => drain(jobs, queue, 'bench-worker-1', o.batch));
      return { enqueued: enq.result, completed: drn.result, enqueueMs: enq.ms, drainMs: drn.ms };
    });
    await verify(store, queue, cycle.result.enqueued, cycle.result.completed);

    rawRates.push(perSecond(o.n, raw.ms));
    jobRates.push(perSecond(o.n, cycle.ms));
    note(
      `${store.dialect} round ${r}/${rounds}: raw ${o.n} inserts in ${raw.ms.toFixed(0)} ms; ` +
        `queue ${o.n} jobs in ${cycle.ms.toFixed(0)} ms (enqueue ${cycle.result.enqueueMs.toFixed(0)} ms, ` +
        `claim+complete ${cycle.result.drainMs.toFixed(0)} ms)`,
    );
  }
  return {
    bench: BENCH,
    figure: `${store.dialect}_jobs_per_s`,
    value: median(jobRates),
    baseline: median(rawRates),
    target: TARGET,
  };
}

async function verifyDrained(jobs: JobQueue, store: Store, queue: string, batch: number): Promise<void> {
  const ids = await enqueueAll(jobs, queue, WARMUP);
  const done = await drain(jobs, queue, 'bench-warmup', batch);
  await verify(store, queue, ids, done);
}

/** Split `n` into `k` shares that differ by at most one. */
function shares(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/** PostgreSQL: `claimers` queues on separate pools, enqueuing then claiming concurrently (SKIP LOCKED). */
async function concurrentWorkers(databaseUrl: string, dataDir: string, o: Options): Promise<BenchResult> {
  const k = o.claimers;
  const stores = Array.from({ length: k }, () => openStore({ databaseUrl, dataDir, poolSize: 1 }));
  try {
    const split = shares(o.n, k);
    const raw = await time(() =>
      Promise.all(stores.map((s, i) => rawInserts(s, 'raw-concurrent', split[i]!))),
    );
    if ((await countRaw(stores[0]!, 'raw-concurrent')) !== o.n)
      throw new Error('postgres: concurrent baseline rows missing');

    const queues = stores.map((s) => new JobQueue(s));
    const cycle = await time(async () => {
      const enq = await time(() =>
        Promise.all(queues.map((q, i) => enqueueAll(q, 'bench-concurrent', split[i]!))),
      );
      const drn = await time(() =>
        Promise.all(queues.map((q, i) => drain(q, 'bench-concurrent', `bench-worker-${i + 1}`, o.batch))),
      );
      return { enqueued: enq.result.flat(), perWorker: drn.result, enqueueMs: enq.ms, drainMs: drn.ms };
    });
    await verify(stores[0]!, 'bench-concurrent', cycle.result.enqueued, cycle.result.perWorker.flat());

    note(
      `postgres x${k}: raw ${o.n} inserts in ${raw.ms.toFixed(0)} ms; queue ${o.n} jobs in ${cycle.ms.toFixed(0)} ms ` +
        `(enqueue ${cycle.result.enqueueMs.toFixed(0)} ms, claim+complete ${cycle.result.drainMs.toFixed(0)} ms; ` +
        `per claimer ${cycle.result.perWorker.map((w) => w.length).join('/')})`,
    );
    return {
      bench: BENCH,
      figure: `postgres_${k}claimers_jobs_per_s`,
      value: perSecond(o.n, cycle.ms),
      baseline: perSecond(o.n, raw.ms),
      target: TARGET,
    };
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
}

async function benchSqlite(o: Options): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-bench-'));
  try {
    const store = await openMigratedStore({ dataDir });
    try {
      return [await singleWorker(store, o, o.sqliteRounds)];
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(o: Options): Promise<BenchResult[]> {
  const adminUrl = process.env.STEWARD_BENCH_PG_URL || DEFAULT_PG_ADMIN_URL;
  const db = await createPgDatabase(adminUrl);
  if ('error' in db) {
    if (process.env.CI) throw new Error(`PostgreSQL is required when CI is set: ${db.error}`);
    printSkip(BENCH, 'postgres', db.error);
    return [];
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-bench-'));
  try {
    const store = await openMigratedStore({ databaseUrl: db.url, dataDir });
    const results: BenchResult[] = [];
    try {
      results.push(await singleWorker(store, o, o.postgresRounds));
    } finally {
      await store.close();
    }
    if (o.claimers > 1) results.push(await concurrentWorkers(db.url, dataDir, o));
    return results;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await db.drop();
  }
}

export async function run(args: string[]): Promise<BenchResult[]> {
  const o = parseOptions(args);
  note(
    `jobs: n=${o.n} batch=${o.batch} claimers=${o.claimers} rounds=sqlite:${o.sqliteRounds},postgres:${o.postgresRounds} ` +
      `(${o.dialects.join(', ')})`,
  );
  const results: BenchResult[] = [];
  if (o.dialects.includes('sqlite')) results.push(...(await benchSqlite(o)));
  if (o.dialects.includes('postgres')) results.push(...(await benchPostgres(o)));
  return results;
}
