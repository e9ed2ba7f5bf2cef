// The workflow engine's one job: run the step at a path of a run, then record its outcome and start what
// follows in one transaction. A step's side effects carry the key `wf:<run>:<path>`, so a job retried
// after a crash between the two replays the first outcome instead of acting again.
import { z } from 'zod';
import { isStewardError } from '@steward/domain';
import { systemContext } from '../../../platform/auth/index.js';
import { fromJson, inTransaction, iso, toJson, type DB } from '../../../platform/db/index.js';
import {
  backoffDelay,
  PermanentJobError,
  RetryJobLater,
  withOnDead,
  type JobHandler,
} from '../../../platform/jobs/index.js';
import type { Transaction } from 'kysely';
import type { WorkflowDefinition } from '../definition.schemas.js';
import type { WorkflowDeps } from '../deps.js';
import { loopVariables, stepContext } from './context.js';
import { startCompensation } from './compensate.js';
import { branchPaths, continueFrom, iterationPath, stepAt, type Continuation } from './paths.js';
import { enqueueStep, type RunRow, type StepRow } from './run.repo.js';
import { resumeStep } from './resume.js';
import { claimStep, recordStepError } from './step.rows.js';
import { definitionOfRun, finishRun } from './start.js';
import { runStep, type StepEnv, type StepOutcome } from './steps.js';
import { runChain, storedOutput, type Chain } from './chain.js';

async function stillRunning(deps: WorkflowDeps, runId: string): Promise<boolean> {
  const row = await deps.db
    .selectFrom('workflow_runs')
    .select('status')
    .where('id', '=', runId)
    .executeTakeFirst();
  return row?.status === 'running';
}

const payloadSchema = z.object({
  tenantId: z.string(),
  runId: z.string(),
  path: z.string(),
  wake: z.boolean().optional(),
});

/** Follows a continuation: the next step, a branch counted off at its parallel step, or the run's end. */
async function advance(
  deps: WorkflowDeps,
  trx: Transaction<DB>,
  run: RunRow,
  definition: WorkflowDefinition,
  cont: Continuation,
): Promise<void> {
  if (cont.type === 'step') return enqueueStep(deps, trx, run, cont.path, attemptsOf(definition, cont.path));
  if (cont.type === 'run_done') return finishRun(deps, trx, run, 'succeeded', null);
  await trx
    .updateTable('workflow_steps')
    .set((eb) => ({ pending: eb('pending', '-', 1) }))
    .where('run_id', '=', run.id)
    .where('path', '=', cont.parallelPath)
    .execute();
  const parallel = await trx
    .selectFrom('workflow_steps')
    .select(['pending', 'output'])
    .where('run_id', '=', run.id)
    .where('path', '=', cont.parallelPath)
    .executeTakeFirstOrThrow();
  const owner = stepAt(definition, cont.parallelPath);
  if (owner.type === 'for_each') {
    // An iteration ended: start the next item not yet started, keeping `concurrency` in flight.
    const loop = fromJson<{ items: unknown[]; started: number }>(parallel.output) ?? {
      items: [],
      started: 0,
    };
    if (loop.started < loop.items.length) {
      const p = iterationPath(cont.parallelPath, owner, loop.started);
      await trx
        .updateTable('workflow_steps')
        .set({ output: toJson({ ...loop, started: loop.started + 1 }) })
        .where('run_id', '=', run.id)
        .where('path', '=', cont.parallelPath)
        .execute();
      await enqueueStep(deps, trx, run, p, attemptsOf(definition, p));
    }
  }
  if (Number(parallel.pending) > 0) return;
  // The last branch ended: the parallel step is done and the flow goes on after it.
  await trx
    .updateTable('workflow_steps')
    .set({ status: 'succeeded', finished_at: iso(deps.clock.now()) })
    .where('run_id', '=', run.id)
    .where('path', '=', cont.parallelPath)
    .execute();
  const step = stepAt(definition, cont.parallelPath);
  await advance(
    deps,
    trx,
    run,
    definition,
    continueFrom(cont.parallelPath, 'next' in step ? step.next : null),
  );
}

/** Which wait a settle job is for: each approval level or child run has its own. */
function settleTag(output: unknown): string {
  const o = (output ?? {}) as { approvalId?: unknown; runId?: unknown; taskId?: unknown };
  return String(o.approvalId ?? o.runId ?? o.taskId ?? 'wait');
}

function attemptsOf(definition: WorkflowDefinition, path: string): { maxAttempts: number } {
  return { maxAttempts: stepAt(definition, path).retry?.maxAttempts ?? 3 };
}

/** The chained steps' rows, written finished: they ran to their end in the job of the first. */
async function insertChained(trx: Transaction<DB>, run: RunRow, chain: Chain): Promise<void> {
  if (chain.steps.length === 0) return;
  await trx
    .insertInto('workflow_steps')
    .values(
      chain.steps.map((c, i) => ({
        run_id: run.id,
        path: c.path,
        tenant_id: run.tenant_id,
        step_id: c.step.id,
        type: c.step.type,
        status: 'succeeded',
        attempts: 1,
        input: toJson(c.input),
        output: toJson(c.output),
        error: null,
        wake_at: null,
        pending: null,
        claimed_by: null,
        started_at: c.startedAt,
        finished_at: c.finishedAt,
        chain_seq: i + 1,
      })),
    )
    .execute();
}

async function record(
  deps: WorkflowDeps,
  run: RunRow,
  definition: WorkflowDefinition,
  path: string,
  outcome: StepOutcome,
  done: { chain?: Chain; finishedAt?: string } = {},
): Promise<void> {
  const { chain } = done;
  const step = stepAt(definition, path);
  const now = iso(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    const where = trx.updateTable('workflow_steps').where('run_id', '=', run.id).where('path', '=', path);
    if (outcome.type === 'fork' && step.type === 'parallel') {
      await where.set({ pending: step.branches.length, error: null }).execute();
      for (const p of branchPaths(path, step))
        await enqueueStep(deps, trx, run, p, attemptsOf(definition, p));
      return;
    }
    if (outcome.type === 'fork_each' && step.type === 'for_each') {
      const n = outcome.items.length;
      if (n === 0) {
        await where
          .set({ status: 'succeeded', output: toJson({ items: [], started: 0 }), finished_at: now })
          .execute();
        await advance(deps, trx, run, definition, continueFrom(path, step.next));
        return;
      }
      const started = Math.min(step.concurrency, n);
      await where
        .set({ pending: n, output: toJson({ items: outcome.items, started }), error: null })
        .execute();
      for (let i = 0; i < started; i++) {
        const p = iterationPath(path, step, i);
        await enqueueStep(deps, trx, run, p, attemptsOf(definition, p));
      }
      return;
    }
    if (outcome.type === 'wait') {
      const until = outcome.until ? iso(outcome.until) : null;
      await where
        .set({
          status: 'waiting',
          wake_at: until,
          output: toJson(outcome.output ?? null),
          error: null,
          claimed_by: null,
        })
        .execute();
      if (outcome.until)
        await enqueueStep(deps, trx, run, path, {
          runAt: outcome.until,
          suffix: `:wake:${until}`,
          wake: true,
        });
      // A step that waits for a signal looks once more now: the signal may have come while it was starting.
      if (step.type === 'approval' || step.type === 'call_workflow' || step.type === 'agent_task')
        await enqueueStep(deps, trx, run, path, {
          suffix: `:settled:${settleTag(outcome.output)}`,
          wake: true,
        });
      return;
    }
    if (outcome.type !== 'done') return;
    await where
      .set({
        status: 'succeeded',
        output: toJson(storedOutput(outcome.output)),
        error: null,
        finished_at: done.finishedAt ?? now,
        claimed_by: null,
      })
      .execute();
    if (chain) await insertChained(trx, run, chain);
    const set = { ...outcome.vars, ...chain?.vars };
    if (Object.keys(set).length > 0) {
      const vars = { ...(fromJson<Record<string, unknown>>(run.vars) ?? {}), ...set };
      await trx
        .updateTable('workflow_runs')
        .set({ vars: toJson(vars), updated_at: now })
        .where('id', '=', run.id)
        .execute();
    }
    await advance(deps, trx, run, definition, chain?.next ?? continueFrom(path, outcome.next));
  });
}

async function failRun(deps: WorkflowDeps, tenantId: string, runId: string, path: string, error: string) {
  await inTransaction(deps.db, async (trx) => {
    const run = await trx
      .selectFrom('workflow_runs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', runId)
      .executeTakeFirst();
    if (!run) return;
    // The step's own last error reads better than the job queue's wrapping of it.
    const step = await trx
      .selectFrom('workflow_steps')
      .select('error')
      .where('run_id', '=', runId)
      .where('path', '=', path)
      .executeTakeFirst();
    error = step?.error ?? error;
    await trx
      .updateTable('workflow_steps')
      .set({ status: 'failed', error, finished_at: iso(deps.clock.now()) })
      .where('run_id', '=', runId)
      .where('path', '=', path)
      .execute();
    const message = `Step ${path} failed: ${error}`;
    if (await startCompensation(deps, trx, run, message)) return;
    await finishRun(deps, trx, run, 'failed', message);
  });
}

export function stepHandler(deps: WorkflowDeps): JobHandler {
  return withOnDead(
    async (job) => {
      const p = payloadSchema.parse(job.payload);
      const run = await deps.db
        .selectFrom('workflow_runs')
        .selectAll()
        .where('tenant_id', '=', p.tenantId)
        .where('id', '=', p.runId)
        .executeTakeFirst();
      if (!run || run.status !== 'running') return { skipped: run?.status ?? 'missing' };
      const definition = await definitionOfRun(deps.db, run);
      const step = stepAt(definition, p.path);
      let before: StepRow | undefined;
      if (p.wake) {
        // A timer, a decision and a child run's end may wake a step together: one claims it, the others
        // find it taken. A wake-up for a step still in its first attempt finds it running and leaves it:
        // that attempt looks once more when it has recorded its wait.
        const claimed = await deps.db
          .updateTable('workflow_steps')
          .set({ status: 'running', claimed_by: job.id })
          .where('run_id', '=', run.id)
          .where('path', '=', p.path)
          .where((eb) =>
            eb.or([
              eb('status', '=', 'waiting'),
              eb.and([eb('status', '=', 'running'), eb('claimed_by', '=', job.id)]),
            ]),
          )
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return { skipped: 'not waiting' };
        before = await deps.db
          .selectFrom('workflow_steps')
          .selectAll()
          .where('run_id', '=', run.id)
          .where('path', '=', p.path)
          .executeTakeFirstOrThrow();
      } else {
        before = await claimStep(deps, run, p.path, step);
        // Recorded in the same transaction that started what follows, or waiting: nothing to do here.
        if (before && before.status !== 'running') return { skipped: before.status };
        if (before?.pending !== null && before?.pending !== undefined) return { skipped: 'forked' };
        if (before?.claimed_by) return { skipped: 'held by a wake-up' };
      }

      const ctx = systemContext(run.tenant_id, `workflow run ${run.id}`);
      let outcome: StepOutcome | null;
      let env: StepEnv;
      try {
        env = {
          deps,
          ctx,
          scope: {
            ...(await stepContext(deps, ctx, run)),
            ...(await loopVariables(deps, run, definition, p.path)),
          },
          path: p.path,
          idempotencyKey: `wf:${run.id}:${p.path}`,
          noteInput: async (input: unknown) => {
            await deps.db
              .updateTable('workflow_steps')
              .set({ input: toJson(storedOutput(input)) })
              .where('run_id', '=', run.id)
              .where('path', '=', p.path)
              .execute();
          },
        };
        outcome = p.wake && before ? await resumeStep(step, before, env) : await runStep(step, env);
      } catch (e) {
        const message = await recordStepError(deps, run.id, p.path, e);
        // A step the definition gets wrong will not get better by retrying.
        if (isStewardError(e) && e.status < 500) throw new PermanentJobError(message);
        // The step's own backoff, when it declares one; the queue's otherwise.
        if (step.retry && job.attempts < job.maxAttempts)
          throw new RetryJobLater(
            backoffDelay(job.attempts, { baseMs: step.retry.backoffSeconds * 1000, maxMs: 3_600_000 }),
            message,
          );
        throw e;
      }
      if (!outcome) {
        await deps.db
          .updateTable('workflow_steps')
          .set({ status: 'waiting', claimed_by: null })
          .where('run_id', '=', run.id)
          .where('path', '=', p.path)
          .where('claimed_by', '=', job.id)
          .execute();
        return { skipped: 'not yet' };
      }
      const finishedAt = iso(deps.clock.now());
      const chain =
        outcome.type === 'done'
          ? await runChain({ run, definition, env, outcome, stillRunning: () => stillRunning(deps, run.id) })
          : undefined;
      await record(deps, run, definition, p.path, outcome, { chain, finishedAt });
      return { path: p.path, outcome: outcome.type, ...(chain ? { chained: chain.steps.length } : {}) };
    },
    async (job, lastError) => {
      const p = payloadSchema.safeParse(job.payload);
      // A wake-up fails the run only when it held the step (its own error); one that found it taken did not.
      if (p.success && p.data.wake) {
        const held = await deps.db
          .selectFrom('workflow_steps')
          .select('claimed_by')
          .where('run_id', '=', p.data.runId)
          .where('path', '=', p.data.path)
          .executeTakeFirst();
        if (held?.claimed_by !== job.id) return;
      }
      if (p.success) await failRun(deps, p.data.tenantId, p.data.runId, p.data.path, lastError);
    },
  );
}
