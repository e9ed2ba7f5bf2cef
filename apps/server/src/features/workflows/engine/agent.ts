// agent_task: a task queued for the device's agent, and a wait for its result. The step looks at the task
// every AGENT_CHECK_MS and when a task-finished event wakes it; the task's deadline is the step's timeout.
import { errors } from '@steward/domain';
import { fromJson } from '../../../platform/db/index.js';
import { createAgentTask, finishAgentTask, getAgentTask } from '../../agents/index.js';
import type { Step } from '../definition.schemas.js';
import type { WorkflowDeps } from '../deps.js';
import { evaluate, evaluateAll, noted, type StepEnv } from './act.js';
import { durationMs } from './duration.js';
import { enqueueStep, type StepRow } from './run.repo.js';
import type { StepOutcome } from './steps.js';

type AgentStep = Extract<Step, { type: 'agent_task' }>;
const AGENT_CHECK_MS = 15_000;

const nextCheck = (deadline: string, now: Date) =>
  new Date(Math.min(Date.parse(deadline), now.getTime() + AGENT_CHECK_MS));

export async function startAgentTask(env: StepEnv, step: AgentStep): Promise<StepOutcome> {
  const device = await evaluate(step.device, env.scope, 'device');
  if (typeof device !== 'string')
    throw errors.validation('`device` gave no asset id.', [{ path: 'device', reason: 'not an id' }]);
  const now = env.deps.clock.now();
  const task = await createAgentTask(env.deps, env.ctx, {
    assetId: device,
    type: step.task,
    parameters: await noted(env, await evaluateAll(step.parameters, env.scope, 'parameters')),
    deadline: new Date(now.getTime() + durationMs(step.timeout)),
    idempotencyKey: env.idempotencyKey,
    origin: { type: 'workflow', runId: env.scope.run.id, path: env.path },
  });
  return {
    type: 'wait',
    until: nextCheck(task.deadlineAt, now),
    output: { taskId: task.id, deadlineAt: task.deadlineAt },
  };
}

/** The task ended (its result is the step's output), failed, or is still out: look again later. */
export async function agentTaskProgress(env: StepEnv, step: AgentStep, row: StepRow): Promise<StepOutcome> {
  const waiting = fromJson<{ taskId: string }>(row.output);
  if (!waiting) return startAgentTask(env, step);
  const tenantId = env.ctx.principal.tenantId;
  let task = await getAgentTask(env.deps, tenantId, waiting.taskId);
  const now = env.deps.clock.now();
  if (
    ['queued', 'delivered', 'running'].includes(task.status) &&
    Date.parse(task.deadline_at) <= now.getTime()
  )
    task = await finishAgentTask(env.deps, tenantId, task.id, {
      status: 'expired',
      error: `the device did not finish it by ${task.deadline_at}`,
    });
  if (task.status === 'succeeded')
    return { type: 'done', output: { taskId: task.id, result: fromJson(task.result) }, next: step.next };
  if (task.status === 'failed' || task.status === 'expired' || task.status === 'cancelled')
    throw errors.conflict(`The agent task ${task.status}: ${task.error ?? 'no reason given'}.`, [
      { path: 'task', reason: task.status },
    ]);
  return { type: 'wait', until: nextCheck(task.deadline_at, now), output: waiting };
}

interface FinishedTask {
  taskId: string;
  origin?: { type?: string; runId?: string; path?: string } | null;
}
type WaitedTask = { taskId: string; origin: { type: 'workflow'; runId: string; path: string } };

const waitedOn = (t: FinishedTask): t is WaitedTask =>
  t.origin?.type === 'workflow' && !!t.origin.runId && !!t.origin.path;

/** A finished task wakes its step at once instead of at its next look. */
export async function wakeOnAgentTasks(deps: WorkflowDeps): Promise<() => Promise<void>> {
  const sub = await deps.bus.subscribe('tenant.*.agent.tasks.finished', async (m) => {
    const tenantId = m.subject.split('.')[1] ?? '';
    const { tasks } = m.data as { tasks?: FinishedTask[] };
    // Each task carries its origin: the many no workflow waits for cost nothing here.
    const waited = (tasks ?? []).filter(waitedOn);
    if (waited.length === 0) return;
    await deps.db.transaction().execute(async (trx) => {
      for (const { taskId, origin } of waited)
        await enqueueStep(deps, trx, { id: origin.runId, tenant_id: tenantId }, origin.path, {
          suffix: `:agent:${taskId}`,
          wake: true,
        });
    });
    deps.wake?.();
  });
  return () => sub.unsubscribe();
}
