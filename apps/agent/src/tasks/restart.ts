import { performPlatformAction } from './platform-action.js';
import type { TaskExecutor } from './types.js';

/** The command schedules the restart and returns, so the result is sent before the machine goes down. */
export const runRestartTask: TaskExecutor<'restart'> = (p, context) =>
  performPlatformAction({ action: 'restart', delaySeconds: p.delaySeconds }, context);
