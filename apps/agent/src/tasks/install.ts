import { performPlatformAction } from './platform-action.js';
import type { TaskExecutor } from './types.js';

export const runInstallTask: TaskExecutor<'install'> = (p, context) =>
  performPlatformAction(
    { action: 'install', package: p.package, ...(p.version ? { version: p.version } : {}) },
    context,
  );
