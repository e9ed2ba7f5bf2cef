import { newId } from '../ids/index.js';
import { PermanentJobError, RetryJobLater, type Job } from './job.js';
import { LOST_LEASE_ERROR, type JobQueue } from './queue.js';

export interface JobContext {
  /** Aborted when the worker stops or loses the job's lease: stop and let the job be retried. */
  signal: AbortSignal;
  workerId: string;
}

/** Why a job went to the dead letters: its final (or a permanent) failure, or its worker died on the final attempt. */
export type DeadCause = 'failed' | 'lost-lease';

/**
 * Called once for each job of its type that goes to the dead letters, on the process that moved it there
 * (for a lost lease: the one whose claim found it), so work the job left half-done can be closed. It runs
 * once per dead-lettering; a process that dies in between never calls it, so keep it idempotent and cheap.
 */
export type DeadLetterHandler = (job: Job, lastError: string, cause: DeadCause) => Promise<void>;

export type JobHandler = ((job: Job, ctx: JobContext) => Promise<unknown>) & { onDead?: DeadLetterHandler };

/** A handler with its dead-letter callback. */
export function withOnDead(
  handler: (job: Job, ctx: JobContext) => Promise<unknown>,
  onDead: DeadLetterHandler,
): JobHandler {
  return Object.assign(handler, { onDead });
}

export type JobOutcome = 'succeeded' | 'retry' | 'dead' | 'lost';

export interface WorkerOptions {
  queue: JobQueue;
  queueName: string;
  handlers: Record<string, JobHandler>;
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  workerId?: string;
  onOutcome?: (job: Job, outcome: JobOutcome, error?: unknown) => void;
  onError?: (error: unknown) => void;
}

/**
 * Runs jobs of one queue with bounded concurrency. Claims in batches, keeps leases alive with a
 * heartbeat, and records every outcome. Several workers (in one or many processes) may share a queue.
 */
export class Worker {
  readonly workerId: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly inFlight = new Map<string, { job: Job; abort: AbortController; done: Promise<void> }>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private wakePending = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly deadLetters = new Set<Promise<void>>();

  constructor(private readonly options: WorkerOptions) {
    this.workerId = options.workerId ?? `worker-${newId()}`;
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 500;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.heartbeat = setInterval(() => void this.extendLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.loop = this.run();
  }

  /** Poll now instead of at the next interval (e.g. right after an enqueue in this process). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wakePending = true;
  }

  /** Stop claiming; wait for in-flight jobs to finish, or abort them after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    const all = Promise.all([...this.inFlight.values()].map((f) => f.done));
    const timer = setTimeout(() => this.inFlight.forEach((f) => f.abort.abort()), graceMs);
    await all;
    await Promise.all([...this.deadLetters]);
    clearTimeout(timer);
    clearInterval(this.heartbeat);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.concurrency - this.inFlight.size;
      let claimed: Job[] = [];
      if (free > 0) {
        try {
          claimed = await this.options.queue.claim(this.options.queueName, {
            workerId: this.workerId,
            limit: free,
            leaseMs: this.leaseMs,
            onDeadLettered: (jobs) => jobs.forEach((j) => this.trackDead(j)),
          });
        } catch (e) {
          this.options.onError?.(e);
        }
      }
      for (const job of claimed) this.execute(job);
      if (claimed.length === 0 || this.inFlight.size >= this.concurrency) await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(finish, this.pollMs);
      this.wakeUp = finish;
    });
  }

  private execute(job: Job): void {
    const abort = new AbortController();
    const done = this.handle(job, abort.signal).finally(() => {
      this.inFlight.delete(job.id);
      this.wake();
    });
    this.inFlight.set(job.id, { job, abort, done });
  }

  private async handle(job: Job, signal: AbortSignal): Promise<void> {
    const { queue, handlers, onOutcome } = this.options;
    const handler = handlers[job.type];
    let outcome: JobOutcome;
    let error: unknown;
    try {
      if (!handler) throw new PermanentJobError(`no handler for job type "${job.type}"`);
      const result = await handler(job, { signal, workerId: this.workerId });
      outcome = (await queue.complete(job.id, this.workerId, result ?? null)) ? 'succeeded' : 'lost';
    } catch (e) {
      error = e;
      const message = errorMessage(e);
      try {
        outcome = await queue.fail(job.id, this.workerId, message, {
          permanent: e instanceof PermanentJobError,
          ...(e instanceof RetryJobLater ? { retryInMs: e.delayMs } : {}),
        });
      } catch (failError) {
        // The failure could not be recorded; the lease will expire and the job will be retried.
        this.options.onError?.(failError);
        outcome = 'lost';
      }
    }
    if (outcome === 'dead' && handler?.onDead) {
      const lastError = errorMessage(error);
      await this.deadLettered(handler.onDead, { ...job, status: 'dead', lastError }, lastError, 'failed');
    }
    onOutcome?.(job, outcome, error);
  }

  /** A job this worker's claim dead-lettered: its own worker died on the final attempt. */
  private trackDead(job: Job): void {
    const onDead = this.options.handlers[job.type]?.onDead;
    if (!onDead) return;
    const done = this.deadLettered(onDead, job, job.lastError ?? LOST_LEASE_ERROR, 'lost-lease').finally(() =>
      this.deadLetters.delete(done),
    );
    this.deadLetters.add(done);
  }

  private async deadLettered(onDead: DeadLetterHandler, job: Job, lastError: string, cause: DeadCause) {
    try {
      await onDead(job, lastError, cause);
    } catch (e) {
      this.options.onError?.(e);
    }
  }

  private async extendLeases(): Promise<void> {
    for (const { job, abort } of this.inFlight.values()) {
      try {
        const kept = await this.options.queue.extendLease(job.id, this.workerId, this.leaseMs);
        if (!kept) abort.abort();
      } catch (e) {
        this.options.onError?.(e);
      }
    }
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
