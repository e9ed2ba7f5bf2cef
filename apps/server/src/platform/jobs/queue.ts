import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Store, Clock } from '../db/index.js';
import { addMs, iso, systemClock, toJson } from '../db/index.js';
import { newId } from '../ids/index.js';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff.js';
import { toJob, type Job, type JobStatus } from './job.js';

export interface EnqueueInput {
  type: string;
  payload?: unknown;
  queue?: string;
  tenantId?: string | null;
  /** When the job may first run; a job in the future is a durable timer. */
  runAt?: Date;
  /** A second enqueue with the same key (in the same queue) returns the first job instead. */
  idempotencyKey?: string;
  maxAttempts?: number;
}

export interface ClaimOptions {
  workerId: string;
  limit: number;
  leaseMs: number;
  /**
   * Receives the jobs this call moved to the dead letters because their worker died on the final attempt.
   * Each such job reaches exactly one claimer, whichever process that is.
   */
  onDeadLettered?: (jobs: Job[]) => void;
}

/** The last error of a job dead-lettered because its worker stopped renewing the lease on its final attempt. */
export const LOST_LEASE_ERROR = 'worker lost its lease on the final attempt';

export type FailOutcome = 'retry' | 'dead' | 'lost';

type Db = Kysely<DB> | Transaction<DB>;

export const DEFAULT_QUEUE = 'default';
/** Rows per statement when enqueueing many: 17 columns each, well under every parameter limit. */
const ENQUEUE_CHUNK = 200;

/**
 * The durable job queue. Jobs live in the database, so they survive any process; a claimed job
 * carries a lease, and a job whose worker died is claimed again once its lease runs out.
 */
export class JobQueue {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
    private readonly backoff: BackoffOptions = defaultBackoff,
  ) {}

  private row(input: EnqueueInput, now: string) {
    return {
      id: newId(),
      tenant_id: input.tenantId ?? null,
      queue: input.queue ?? DEFAULT_QUEUE,
      type: input.type,
      payload: toJson(input.payload ?? {}),
      status: 'queued',
      run_at: input.runAt ? iso(input.runAt) : now,
      attempts: 0,
      max_attempts: input.maxAttempts ?? 10,
      idempotency_key: input.idempotencyKey ?? null,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      result: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
    };
  }

  /** Enqueue, optionally inside the caller's transaction so the job exists only if their write commits. */
  async enqueue(input: EnqueueInput, trx: Db = this.store.db): Promise<{ job: Job; created: boolean }> {
    const queue = input.queue ?? DEFAULT_QUEUE;
    const inserted = await trx
      .insertInto('jobs')
      .values(this.row(input, iso(this.clock.now())))
      .onConflict((oc) => oc.columns(['queue', 'idempotency_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { job: toJob(inserted), created: true };
    const existing = await trx
      .selectFrom('jobs')
      .selectAll()
      .where('queue', '=', queue)
      .where('idempotency_key', '=', input.idempotencyKey ?? '')
      .executeTakeFirstOrThrow();
    return { job: toJob(existing), created: false };
  }

  /**
   * Enqueue many in a few statements; a job whose idempotency key is already queued is left out. Returns
   * how many were created.
   */
  async enqueueMany(inputs: readonly EnqueueInput[], trx: Db = this.store.db): Promise<number> {
    const now = iso(this.clock.now());
    let created = 0;
    for (let i = 0; i < inputs.length; i += ENQUEUE_CHUNK) {
      const rows = await trx
        .insertInto('jobs')
        .values(inputs.slice(i, i + ENQUEUE_CHUNK).map((input) => this.row(input, now)))
        .onConflict((oc) => oc.columns(['queue', 'idempotency_key']).doNothing())
        .returning('id')
        .execute();
      created += rows.length;
    }
    return created;
  }

  /**
   * Claim up to `limit` runnable jobs: queued ones that are due, and running ones whose lease expired
   * (their worker died). Jobs that used up their attempts while their worker died go to the dead letters.
   */
  async claim(queue: string, options: ClaimOptions): Promise<Job[]> {
    const nowDate = this.clock.now();
    const now = iso(nowDate);
    const dead = await this.deadLetterLostFinalAttempts(queue, nowDate);
    if (dead.length > 0) options.onDeadLettered?.(dead);

    let candidates = this.store.db
      .selectFrom('jobs')
      .select('id')
      .where('queue', '=', queue)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([
            eb('status', '=', 'running'),
            eb('lease_until', '<', now),
            eb('attempts', '<', eb.ref('max_attempts')),
          ]),
        ]),
      )
      .orderBy('run_at')
      .orderBy('id')
      .limit(options.limit);
    if (this.store.dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();

    const rows = await this.store.db
      .updateTable('jobs')
      .set({
        status: 'running',
        lease_owner: options.workerId,
        lease_until: iso(addMs(nowDate, options.leaseMs)),
        attempts: sql<number>`attempts + 1`,
        updated_at: now,
      })
      .where('id', 'in', candidates)
      .returningAll()
      .execute();
    return rows.map(toJob).sort((a, b) => (a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : 0));
  }

  /**
   * Dead-letters the queue's running jobs whose lease ran out on their final attempt and returns them. The
   * update is conditional on the job still running, so concurrent callers never both get the same job.
   */
  async deadLetterLostFinalAttempts(queue: string, at: Date = this.clock.now()): Promise<Job[]> {
    const now = iso(at);
    const rows = await this.store.db
      .updateTable('jobs')
      .set({
        status: 'dead',
        last_error: LOST_LEASE_ERROR,
        lease_owner: null,
        lease_until: null,
        updated_at: now,
        completed_at: now,
      })
      .where('queue', '=', queue)
      .where('status', '=', 'running')
      .where('lease_until', '<', now)
      .whereRef('attempts', '>=', 'max_attempts')
      .returningAll()
      .execute();
    return rows.map(toJob);
  }

  /** Keep a lease alive while the work goes on; false means another worker owns the job now. */
  async extendLease(jobId: string, workerId: string, leaseMs: number): Promise<boolean> {
    const now = this.clock.now();
    const r = await this.store.db
      .updateTable('jobs')
      .set({ lease_until: iso(addMs(now, leaseMs)), updated_at: iso(now) })
      .where('id', '=', jobId)
      .where('lease_owner', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Mark done; false if this worker no longer holds the job (its lease was taken over). */
  async complete(jobId: string, workerId: string, result: unknown = null): Promise<boolean> {
    const now = iso(this.clock.now());
    const r = await this.store.db
      .updateTable('jobs')
      .set({
        status: 'succeeded',
        result: toJson(result),
        lease_owner: null,
        lease_until: null,
        updated_at: now,
        completed_at: now,
      })
      .where('id', '=', jobId)
      .where('lease_owner', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Record a failed attempt: retry after a backoff, or dead-letter once attempts are used up. */
  async fail(
    jobId: string,
    workerId: string,
    error: string,
    options: { permanent?: boolean; retryInMs?: number } = {},
  ): Promise<FailOutcome> {
    const nowDate = this.clock.now();
    const now = iso(nowDate);
    const job = await this.store.db
      .selectFrom('jobs')
      .select(['attempts', 'max_attempts'])
      .where('id', '=', jobId)
      .where('lease_owner', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (!job) return 'lost';
    const attempts = Number(job.attempts);
    const dead = options.permanent === true || attempts >= Number(job.max_attempts);
    const delay = options.retryInMs ?? backoffDelay(attempts, this.backoff);
    const r = await this.store.db
      .updateTable('jobs')
      .set(
        dead
          ? {
              status: 'dead',
              last_error: error,
              lease_owner: null,
              lease_until: null,
              updated_at: now,
              completed_at: now,
            }
          : {
              status: 'queued',
              last_error: error,
              lease_owner: null,
              lease_until: null,
              run_at: iso(addMs(nowDate, delay)),
              updated_at: now,
            },
      )
      .where('id', '=', jobId)
      .where('lease_owner', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return 'lost';
    return dead ? 'dead' : 'retry';
  }

  /** Cancel a job that has not finished (a timer that is no longer wanted, say). */
  async cancel(jobId: string): Promise<boolean> {
    const now = iso(this.clock.now());
    const r = await this.store.db
      .updateTable('jobs')
      .set({ status: 'cancelled', lease_owner: null, lease_until: null, updated_at: now, completed_at: now })
      .where('id', '=', jobId)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Put a dead job back in the queue with a fresh set of attempts. */
  async retryDead(jobId: string): Promise<boolean> {
    const now = iso(this.clock.now());
    const r = await this.store.db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, run_at: now, updated_at: now, completed_at: null })
      .where('id', '=', jobId)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async get(jobId: string): Promise<Job | undefined> {
    const row = await this.store.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
    return row ? toJob(row) : undefined;
  }

  async countByStatus(queue?: string): Promise<Record<JobStatus, number>> {
    let q = this.store.db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('status');
    if (queue) q = q.where('queue', '=', queue);
    const rows = await q.execute();
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, succeeded: 0, dead: 0, cancelled: 0 };
    for (const r of rows) counts[r.status as JobStatus] = Number(r.n);
    return counts;
  }
}
