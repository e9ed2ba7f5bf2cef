import { performPlatformAction } from './platform-action.js';
import type { TaskExecutor } from './types.js';

export const runLockTask: TaskExecutor<'lock'> = (p, context) =>
  performPlatformAction(
    { action: 'lock', ...(p.message !== undefined ? { message: p.message } : {}) },
    context,
  );
