import { isTaskType, taskParameterSchemas, type Task, type TaskType } from '@steward/protocol';
import { runCollectLogsTask } from './collect-logs.js';
import { runInstallTask } from './install.js';
import { runInventoryTask } from './inventory.js';
import { runLockTask } from './lock.js';
import { runRestartTask } from './restart.js';
import { runScriptTask } from './script.js';
import type { TaskContext, TaskExecutor, TaskOutcome } from './types.js';
import { runUpdateTask } from './update.js';

const EXECUTORS: { [T in TaskType]: TaskExecutor<T> } = {
  inventory: runInventoryTask,
  script: runScriptTask,
  collect_logs: runCollectLogsTask,
  lock: runLockTask,
  restart: runRestartTask,
  install: runInstallTask,
  update: runUpdateTask,
};

/** The task types this agent runs (sent in `hello`). */
export const CAPABILITIES = Object.keys(EXECUTORS) as TaskType[];

const MAX_ERROR = 4000;
const clip = (s: string) => (s.length > MAX_ERROR ? `${s.slice(0, MAX_ERROR - 1)}…` : s) || 'failed';

function run<T extends TaskType>(
  type: T,
  raw: unknown,
  context: TaskContext,
): Promise<TaskOutcome> | TaskOutcome {
  const parsed = taskParameterSchemas[type].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field =
      issue?.path.map(String).join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    return {
      status: 'failed',
      error: `invalid parameters: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`,
    };
  }
  return (EXECUTORS[type] as TaskExecutor<T>)(parsed.data as Parameters<TaskExecutor<T>>[0], context);
}

/** Checks a task (deadline, type, parameters) and runs it; never throws. */
export async function executeTask(task: Task, context: TaskContext, now = Date.now()): Promise<TaskOutcome> {
  if (Date.parse(task.deadline) < now) return { status: 'failed', error: 'deadline passed' };
  if (!isTaskType(task.type))
    return { status: 'failed', error: `unknown task type "${task.type.slice(0, 64)}"` };
  try {
    const outcome = await run(task.type, task.parameters, context);
    return outcome.status === 'failed' ? { ...outcome, error: clip(outcome.error) } : outcome;
  } catch (error) {
    return { status: 'failed', error: clip(error instanceof Error ? error.message : String(error)) };
  }
}
