import { performPlatformAction } from './platform-action.js';
import type { TaskExecutor } from './types.js';

export const runUpdateTask: TaskExecutor<'update'> = (p, context) =>
  performPlatformAction({ action: 'update', package: p.package }, context);
