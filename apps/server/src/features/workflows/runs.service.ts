import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, inTransaction, iso } from '../../platform/db/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import type { ConnectorDeps } from '../connectors/index.js';
import { loadEntity } from './engine/context.js';
import type { RunRow, StepRow } from './engine/run.repo.js';
import { createRun, currentDefinition, runEnded } from './engine/start.js';
import type { z } from 'zod';
import type { WorkflowDeps } from './deps.js';
import { dryRun } from './engine/dry-run.js';
import type { dryRunSchema, StartRunInput, WorkflowRunView } from './runs.schemas.js';

function stepView(s: StepRow): WorkflowRunView['steps'][number] {
  return {
    path: s.path,
    stepId: s.step_id,
    type: s.type,
    status: s.status as WorkflowRunView['steps'][number]['status'],
    attempts: s.attempts,
    input: fromJson(s.input),
    output: fromJson(s.output),
    error: s.error,
    wakeAt: s.wake_at,
    startedAt: s.started_at,
    finishedAt: s.finished_at,
    durationMs: s.finished_at ? Date.parse(s.finished_at) - Date.parse(s.started_at) : null,
  };
}

async function stepsOf(deps: Pick<ConnectorDeps, 'db'>, runIds: string[]): Promise<StepRow[]> {
  if (runIds.length === 0) return [];
  return deps.db
    .selectFrom('workflow_steps')
    .selectAll()
    .where('run_id', 'in', runIds)
    .orderBy('started_at')
    .orderBy('chain_seq')
    .orderBy('path')
    .execute();
}

async function view(deps: Pick<ConnectorDeps, 'db'>, run: RunRow): Promise<WorkflowRunView> {
  return toRunView(run, await stepsOf(deps, [run.id]));
}

function toRunView(run: RunRow, steps: StepRow[]): WorkflowRunView {
  return {
    id: run.id,
    workflowId: run.workflow_id,
    version: run.version,
    status: run.status as WorkflowRunView['status'],
    trigger: fromJson(run.trigger),
    subjectId: run.subject_id,
    input: fromJson<Record<string, unknown>>(run.input) ?? {},
    vars: fromJson<Record<string, unknown>>(run.vars) ?? {},
    error: run.error,
    createdAt: run.created_at,
    finishedAt: run.finished_at,
    steps: steps.map(stepView),
  };
}

async function requireRun(deps: Pick<ConnectorDeps, 'db'>, tenantId: string, id: string): Promise<RunRow> {
  const run = await deps.db
    .selectFrom('workflow_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!run) throw errors.notFound(`Workflow run ${id}`);
  return run;
}

/**
 * Starts a run of a workflow's current version by hand (or for a test against a chosen entity); it keeps
 * that version to its end. Needs operator.
 */
export async function startWorkflowRun(
  deps: ConnectorDeps,
  ctx: RequestContext,
  workflowId: string,
  input: StartRunInput,
  started: { trigger?: Record<string, unknown>; triggerKey?: string } = {},
): Promise<WorkflowRunView> {
  authorize(ctx.principal, 'operator');
  if (input.entityId && !(await loadEntity(deps, ctx, input.entityId)))
    throw errors.validation('There is no such asset or person.', [
      { path: 'body.entityId', reason: 'not found' },
    ]);
  const run = await createRun(deps, ctx, workflowId, { ...input, ...started });
  return view(deps, run);
}

export async function getWorkflowRun(
  deps: ConnectorDeps,
  ctx: RequestContext,
  id: string,
): Promise<WorkflowRunView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return view(deps, await requireRun(deps, tenantId, id));
}

export async function listWorkflowRuns(
  deps: ConnectorDeps,
  ctx: RequestContext,
  workflowId: string,
  limit: number,
): Promise<WorkflowRunView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const runs = await deps.db
    .selectFrom('workflow_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('workflow_id', '=', workflowId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  // One query for every listed run's steps, not one per run.
  const steps = await stepsOf(
    deps,
    runs.map((r) => r.id),
  );
  return runs.map((r) =>
    toRunView(
      r,
      steps.filter((st) => st.run_id === r.id),
    ),
  );
}

/** Stops a run: steps already queued find it cancelled and do nothing. Needs operator. */
export async function cancelWorkflowRun(
  deps: ConnectorDeps,
  ctx: RequestContext,
  id: string,
): Promise<WorkflowRunView> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const run = await requireRun(deps, tenantId, id);
  if (run.status !== 'running' && run.status !== 'queued')
    throw errors.conflict(`The run is ${run.status}; only a running or queued run can be cancelled.`);
  const now = iso(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    const cancelled = await trx
      .updateTable('workflow_runs')
      .set({ status: 'cancelled', updated_at: now, finished_at: now })
      .where('id', '=', id)
      .where('status', '=', run.status)
      .executeTakeFirst();
    if (Number(cancelled.numUpdatedRows) === 0) return;
    await runEnded(deps, trx, run, run.status === 'running');
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'workflow.run.cancelled', target: { type: 'workflow_run', id } }),
      deps.clock,
    );
  });
  return view(deps, await requireRun(deps, tenantId, id));
}

/** What a run about `entityId` would do, acting on nothing. Needs operator. */
export async function dryRunWorkflow(
  deps: WorkflowDeps,
  ctx: RequestContext,
  workflowId: string,
  input: StartRunInput,
): Promise<z.infer<typeof dryRunSchema>> {
  authorize(ctx.principal, 'operator');
  if (input.entityId && !(await loadEntity(deps, ctx, input.entityId)))
    throw errors.validation('There is no such asset or person.', [
      { path: 'body.entityId', reason: 'not found' },
    ]);
  const { workflow, definition } = await currentDefinition(deps, ctx.principal.tenantId, workflowId);
  return dryRun(deps, ctx, { id: workflowId, version: workflow.current_version, definition }, input);
}
