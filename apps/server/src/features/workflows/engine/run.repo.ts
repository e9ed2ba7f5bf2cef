import type { Selectable } from 'kysely';
import type { WorkflowRunsTable, WorkflowStepsTable } from '../../../platform/db/index.js';

export type RunRow = Selectable<WorkflowRunsTable>;
export type StepRow = Selectable<WorkflowStepsTable>;

export const STEP_JOB = 'workflows.step';

export interface StepJobPayload {
  tenantId: string;
  runId: string;
  path: string;
}

/** One job per step of a run: a re-delivered or duplicated enqueue finds the first. */
export const stepJobKey = (runId: string, path: string, suffix = '') =>
  `${STEP_JOB}:${runId}:${path}${suffix}`;
