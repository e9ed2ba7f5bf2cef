import type { Selectable, Transaction } from 'kysely';
import type { DB, WorkflowRunsTable, WorkflowStepsTable } from '../../../platform/db/index.js';
import type { EnqueueInput, JobQueue } from '../../../platform/jobs/index.js';

export type RunRow = Selectable<WorkflowRunsTable>;
export type StepRow = Selectable<WorkflowStepsTable>;

export const STEP_JOB = 'workflows.step';

export interface StepJobPayload {
  tenantId: string;
  runId: string;
  path: string;
  /** A signal for a waiting step (a decision, a child run's end), not a run of the step itself. */
  wake?: boolean;
}

/** One job per step of a run: a re-delivered or duplicated enqueue finds the first. */
export const stepJobKey = (runId: string, path: string, suffix = '') =>
  `${STEP_JOB}:${runId}:${path}${suffix}`;

/** Queues the step at `path`, in the transaction that decided it runs next. */
export async function enqueueStep(
  deps: { queue: Pick<JobQueue, 'enqueue'> },
  trx: Transaction<DB>,
  run: Pick<RunRow, 'id' | 'tenant_id'>,
  path: string,
  options: { runAt?: Date; maxAttempts?: number; suffix?: string; wake?: boolean } = {},
): Promise<void> {
  await deps.queue.enqueue(stepJob(run, path, options), trx);
}

function stepJob(
  run: Pick<RunRow, 'id' | 'tenant_id'>,
  path: string,
  options: { runAt?: Date; maxAttempts?: number; suffix?: string; wake?: boolean } = {},
): EnqueueInput {
  return {
    type: STEP_JOB,
    tenantId: run.tenant_id,
    payload: {
      tenantId: run.tenant_id,
      runId: run.id,
      path,
      ...(options.wake ? { wake: true } : {}),
    } satisfies StepJobPayload,
    idempotencyKey: stepJobKey(run.id, path, options.suffix),
    runAt: options.runAt,
    maxAttempts: options.maxAttempts ?? 3,
  };
}

/** Queues the first steps of many runs at once (runs created together). */
export async function enqueueSteps(
  deps: { queue: Pick<JobQueue, 'enqueueMany'> },
  trx: Transaction<DB>,
  steps: ReadonlyArray<{ run: Pick<RunRow, 'id' | 'tenant_id'>; path: string }>,
): Promise<void> {
  await deps.queue.enqueueMany(
    steps.map(({ run, path }) => stepJob(run, path)),
    trx,
  );
}
