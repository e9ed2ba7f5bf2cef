import type { PlatformAction } from '../platform/commands.js';
import type { TaskContext, TaskOutcome } from './types.js';

/** lock / restart / install / update all go through the platform adapter; a dry-run adapter's result lists
 * the commands it would have run. */
export async function performPlatformAction(
  action: PlatformAction,
  context: TaskContext,
): Promise<TaskOutcome> {
  if (!context.adapter)
    return { status: 'failed', error: `${action.action} is not supported on ${process.platform}` };
  context.progress(context.adapter.dryRun ? `${action.action} (dry run)` : action.action);
  const result = await context.adapter.perform(action, context.signal);
  return result.ok
    ? { status: 'succeeded', result }
    : { status: 'failed', error: result.error ?? `${action.action} failed`, result };
}
