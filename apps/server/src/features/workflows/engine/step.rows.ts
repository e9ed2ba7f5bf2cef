// A step's row in a run: claimed per attempt, its error kept for the run's history. Shared by the step job
// and the undo job, which keep their own rows at their own paths.
import { isStewardError } from '@steward/domain';
import { iso } from '../../../platform/db/index.js';
import type { Step } from '../definition.schemas.js';
import type { WorkflowDeps } from '../deps.js';
import type { RunRow, StepRow } from './run.repo.js';

/** An error as a step's history shows it: the message, then each detail's path and reason. */
export function describeError(e: unknown): string {
  const details = isStewardError(e) ? e.details.map((d) => `${d.path}: ${d.reason}`).join('; ') : '';
  return `${e instanceof Error ? e.message : String(e)}${details ? ` (${details})` : ''}`;
}

/** The step row for this attempt: created on the first (undefined is returned), counted on later ones. */
export async function claimStep(
  deps: Pick<WorkflowDeps, 'db' | 'clock'>,
  run: Pick<RunRow, 'id' | 'tenant_id'>,
  path: string,
  step: Step,
): Promise<StepRow | undefined> {
  // The first attempt is the common case: one statement creates its row.
  const created = await deps.db
    .insertInto('workflow_steps')
    .values({
      run_id: run.id,
      path,
      tenant_id: run.tenant_id,
      step_id: step.id,
      type: step.type,
      status: 'running',
      attempts: 1,
      input: null,
      output: null,
      error: null,
      wake_at: null,
      pending: null,
      claimed_by: null,
      started_at: iso(deps.clock.now()),
      finished_at: null,
    })
    .onConflict((oc) => oc.columns(['run_id', 'path']).doNothing())
    .returning('run_id')
    .executeTakeFirst();
  if (created) return undefined;
  const existing = await deps.db
    .selectFrom('workflow_steps')
    .selectAll()
    .where('run_id', '=', run.id)
    .where('path', '=', path)
    .executeTakeFirstOrThrow();
  if (existing.status === 'running')
    await deps.db
      .updateTable('workflow_steps')
      .set({ attempts: existing.attempts + 1 })
      .where('run_id', '=', run.id)
      .where('path', '=', path)
      .execute();
  return existing;
}

/** Keeps the attempt's error on its row; returns the message. */
export async function recordStepError(
  deps: Pick<WorkflowDeps, 'db'>,
  runId: string,
  path: string,
  e: unknown,
): Promise<string> {
  const message = describeError(e);
  await deps.db
    .updateTable('workflow_steps')
    .set({ error: message.slice(0, 2000) })
    .where('run_id', '=', runId)
    .where('path', '=', path)
    .execute();
  return message;
}
