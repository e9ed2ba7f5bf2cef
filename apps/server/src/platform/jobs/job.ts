import type { Selectable } from 'kysely';
import type { JobsTable } from '../db/index.js';
import { fromJson } from '../db/index.js';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'dead', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Job {
  id: string;
  tenantId: string | null;
  queue: string;
  type: string;
  payload: unknown;
  status: JobStatus;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  idempotencyKey: string | null;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  result: unknown;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export function toJob(row: Selectable<JobsTable>): Job {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    queue: row.queue,
    type: row.type,
    payload: fromJson(row.payload),
    status: row.status as JobStatus,
    runAt: row.run_at,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    idempotencyKey: row.idempotency_key,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    result: fromJson(row.result),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}

/** Thrown by a handler when retrying cannot help: the job goes straight to the dead letters. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** Thrown by a handler that wants to be retried after a specific delay (e.g. a vendor's Retry-After). */
export class RetryJobLater extends Error {
  override name = 'RetryJobLater';
  constructor(
    readonly delayMs: number,
    message = `retry in ${delayMs} ms`,
  ) {
    super(message);
  }
}
