// call_workflow: starts another workflow as a child run (same subject) and, unless told not to, waits for
// its end, which wakes this step. The child's trigger key names this step, so a retried step finds the
// child it started instead of starting a second.
import { errors } from '@steward/domain';
import { fromJson } from '../../../platform/db/index.js';
import type { Step } from '../definition.schemas.js';
import { evaluateAll, type StepEnv } from './act.js';
import type { StepRow } from './run.repo.js';
import { createRun } from './start.js';
import type { StepOutcome } from './steps.js';

type CallStep = Extract<Step, { type: 'call_workflow' }>;

/** Calls nest at most this deep: a workflow calling itself must end somewhere. */
const MAX_DEPTH = 5;

async function depthOf(env: StepEnv): Promise<number> {
  let depth = 0;
  let id: string | null = env.scope.run.id;
  while (id && depth <= MAX_DEPTH) {
    const row: { parent_run_id: string | null } | undefined = await env.deps.db
      .selectFrom('workflow_runs')
      .select('parent_run_id')
      .where('id', '=', id)
      .executeTakeFirst();
    id = row?.parent_run_id ?? null;
    if (id) depth++;
  }
  return depth;
}

async function workflowId(env: StepEnv, ref: string): Promise<string> {
  const found = await env.deps.db
    .selectFrom('workflows')
    .select('id')
    .where('tenant_id', '=', env.ctx.principal.tenantId)
    .where((eb) => eb.or([eb('id', '=', ref), eb('name_key', '=', ref.trim().toLowerCase())]))
    .executeTakeFirst();
  if (!found)
    throw errors.validation(`There is no workflow "${ref}".`, [{ path: 'workflow', reason: 'not found' }]);
  return found.id;
}

export async function callWorkflow(env: StepEnv, step: CallStep): Promise<StepOutcome> {
  if ((await depthOf(env)) >= MAX_DEPTH)
    throw errors.validation(`Workflows call each other more than ${MAX_DEPTH} deep.`, [
      { path: 'workflow', reason: 'too deep' },
    ]);
  const id = await workflowId(env, step.workflow);
  const triggerKey = `call:${env.scope.run.id}:${env.path}`;
  let child = await env.deps.db
    .selectFrom('workflow_runs')
    .select('id')
    .where('workflow_id', '=', id)
    .where('trigger_key', '=', triggerKey)
    .executeTakeFirst();
  child ??= await createRun(env.deps, env.ctx, id, {
    entityId: typeof env.scope.subject?.id === 'string' ? env.scope.subject.id : undefined,
    input: await evaluateAll(step.input, env.scope, 'input'),
    trigger: { type: 'call', runId: env.scope.run.id, path: env.path },
    triggerKey,
    ...(step.wait ? { parent: { runId: env.scope.run.id, path: env.path } } : {}),
  });
  if (!step.wait) return { type: 'done', output: { runId: child.id }, next: step.next };
  return { type: 'wait', until: null, output: { runId: child.id } };
}

/** The child ended (or not yet): its variables become this step's output; its failure fails the step. */
export async function childEnded(env: StepEnv, step: CallStep, row: StepRow): Promise<StepOutcome | null> {
  const runId = fromJson<{ runId: string }>(row.output)?.runId;
  if (!runId) return callWorkflow(env, step);
  const child = await env.deps.db
    .selectFrom('workflow_runs')
    .select(['status', 'vars', 'error'])
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  if (child.status === 'succeeded')
    return {
      type: 'done',
      output: { runId, status: child.status, vars: fromJson(child.vars) },
      next: step.next,
    };
  if (child.status === 'failed' || child.status === 'cancelled')
    throw errors.conflict(
      `The called workflow’s run ${runId} ${child.status}${child.error ? `: ${child.error}` : ''}.`,
    );
  return null;
}
