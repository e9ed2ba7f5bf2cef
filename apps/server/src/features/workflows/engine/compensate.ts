// Winding back a failed run: every step it finished whose definition names an undo step (`compensate`)
// is undone, newest first, before the run is marked failed. One job does it in order; each undo is a step
// row at `undo:<path>` with its own idempotency key, so a crash mid-way resumes after the last one done.
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { systemContext } from '../../../platform/auth/index.js';
import { inTransaction, iso, toJson, type DB } from '../../../platform/db/index.js';
import { withOnDead, type JobHandler } from '../../../platform/jobs/index.js';
import type { WorkflowDefinition } from '../definition.schemas.js';
import type { WorkflowDeps } from '../deps.js';
import { loopVariables, stepContext } from './context.js';
import { stepAt } from './paths.js';
import type { RunRow, StepRow } from './run.repo.js';
import { definitionOfRun, finishRun } from './start.js';
import { claimStep, recordStepError } from './step.rows.js';
import { runStep } from './steps.js';

export const COMPENSATE_JOB = 'workflows.compensate';
const UNDO = 'undo:';
const payloadSchema = z.object({ tenantId: z.string(), runId: z.string() });

/** The steps to undo: done ones whose step names an undo step, newest first. */
async function toUndo(
  db: WorkflowDeps['db'] | Transaction<DB>,
  run: Pick<RunRow, 'id'>,
  definition: WorkflowDefinition,
): Promise<StepRow[]> {
  const done = await db
    .selectFrom('workflow_steps')
    .selectAll()
    .where('run_id', '=', run.id)
    .where('status', '=', 'succeeded')
    .orderBy('finished_at', 'desc')
    .orderBy('chain_seq', 'desc')
    .orderBy('path', 'desc')
    .execute();
  return done.filter((s) => !s.path.startsWith(UNDO) && stepAt(definition, s.path).compensate);
}

/**
 * Called where a run fails: when something it did can be undone, the run becomes `compensating` and the
 * undo job is queued in the same transaction. False when there is nothing to undo.
 */
export async function startCompensation(
  deps: Pick<WorkflowDeps, 'queue' | 'clock'>,
  trx: Transaction<DB>,
  run: RunRow,
  error: string,
): Promise<boolean> {
  const definition = await definitionOfRun(trx, run);
  if ((await toUndo(trx, run, definition)).length === 0) return false;
  const moved = await trx
    .updateTable('workflow_runs')
    .set({ status: 'compensating', error, updated_at: iso(deps.clock.now()) })
    .where('id', '=', run.id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0) return true;
  await deps.queue.enqueue(
    {
      type: COMPENSATE_JOB,
      tenantId: run.tenant_id,
      payload: { tenantId: run.tenant_id, runId: run.id },
      idempotencyKey: `${COMPENSATE_JOB}:${run.id}`,
      maxAttempts: 5,
    },
    trx,
  );
  return true;
}

async function undoOne(deps: WorkflowDeps, run: RunRow, definition: WorkflowDefinition, done: StepRow) {
  const path = `${UNDO}${done.path}`;
  const undo = stepAt(definition, stepAt(definition, done.path).compensate ?? '');
  const existing = await claimStep(deps, run, path, undo);
  if (existing?.status === 'succeeded') return;
  const ctx = systemContext(run.tenant_id, `workflow run ${run.id} (undo)`);
  try {
    const outcome = await runStep(undo, {
      deps,
      ctx,
      scope: {
        ...(await stepContext(deps, ctx, run)),
        ...(await loopVariables(deps, run, definition, done.path)),
      },
      path,
      idempotencyKey: `wf:${run.id}:${path}`,
    });
    const output = outcome.type === 'done' ? outcome.output : null;
    await deps.db
      .updateTable('workflow_steps')
      .set({
        status: 'succeeded',
        output: toJson(output ?? null),
        error: null,
        finished_at: iso(deps.clock.now()),
      })
      .where('run_id', '=', run.id)
      .where('path', '=', path)
      .execute();
  } catch (e) {
    await recordStepError(deps, run.id, path, e);
    throw e;
  }
}

async function loadRun(deps: WorkflowDeps, tenantId: string, runId: string) {
  return deps.db
    .selectFrom('workflow_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', runId)
    .executeTakeFirst();
}

export function compensateHandler(deps: WorkflowDeps): JobHandler {
  return withOnDead(
    async (job) => {
      const p = payloadSchema.parse(job.payload);
      const run = await loadRun(deps, p.tenantId, p.runId);
      if (!run || run.status !== 'compensating') return { skipped: run?.status ?? 'missing' };
      const definition = await definitionOfRun(deps.db, run);
      const steps = await toUndo(deps.db, run, definition);
      for (const done of steps) await undoOne(deps, run, definition, done);
      await inTransaction(deps.db, (trx) =>
        finishRun(
          deps,
          trx,
          run,
          'failed',
          `${run.error ?? 'Failed'} (undone: ${steps.length} steps)`,
          'compensating',
        ),
      );
      return { undone: steps.length };
    },
    // An undo that keeps failing: the run ends failed, saying which undo did not happen.
    async (job, lastError) => {
      const p = payloadSchema.safeParse(job.payload);
      if (!p.success) return;
      const run = await loadRun(deps, p.data.tenantId, p.data.runId);
      if (!run) return;
      await inTransaction(deps.db, (trx) =>
        finishRun(
          deps,
          trx,
          run,
          'failed',
          `${run.error ?? 'Failed'}; undoing it failed: ${lastError}`,
          'compensating',
        ),
      );
    },
  );
}
