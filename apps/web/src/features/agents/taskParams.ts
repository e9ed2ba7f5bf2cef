import type { TaskType } from './agents.types.js';

/** One input of a task type's parameters, as the Run task dialog shows it. */
export interface ParamField {
  key: string;
  label: string;
  kind: 'text' | 'number';
  required: boolean;
  description?: string;
  min?: number;
  max?: number;
  /** Shown filled in; the server's default for it. */
  initial?: string | number;
}

export const TASK_LABELS: Record<TaskType, string> = {
  inventory: 'Inventory now',
  script: 'Run an allowed script',
  collect_logs: 'Collect logs',
  lock: 'Lock the device',
  restart: 'Restart',
  install: 'Install a package',
  update: 'Update a package',
};

const PACKAGE: ParamField = {
  key: 'package',
  label: 'Package',
  kind: 'text',
  required: true,
  description: 'As the platform’s package manager names it',
};

/** The parameters of each task type (packages/protocol/src/tasks.ts checks them on the server). */
export const TASK_PARAMS: Record<TaskType, ParamField[]> = {
  inventory: [],
  script: [
    {
      key: 'name',
      label: 'Script',
      kind: 'text',
      required: true,
      description: 'Its name in the agent’s configuration; agents run only scripts they allow',
    },
    {
      key: 'timeoutSeconds',
      label: 'Timeout (seconds)',
      kind: 'number',
      required: false,
      min: 1,
      max: 3600,
      initial: 300,
    },
  ],
  collect_logs: [
    {
      key: 'lines',
      label: 'Lines per log',
      kind: 'number',
      required: false,
      min: 1,
      max: 10_000,
      initial: 500,
    },
  ],
  lock: [{ key: 'message', label: 'Message on the lock screen', kind: 'text', required: false }],
  restart: [
    {
      key: 'delaySeconds',
      label: 'Delay (seconds)',
      kind: 'number',
      required: false,
      min: 0,
      max: 3600,
      initial: 60,
    },
  ],
  install: [PACKAGE, { key: 'version', label: 'Version', kind: 'text', required: false }],
  update: [PACKAGE],
};

export type ParamValues = Record<string, string | number>;

export function initialParams(type: TaskType): ParamValues {
  const values: ParamValues = {};
  for (const f of TASK_PARAMS[type]) values[f.key] = f.initial ?? '';
  return values;
}

/** The parameters to send: blanks left out (the server fills its defaults), numbers as numbers. */
export function buildParams(type: TaskType, values: ParamValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of TASK_PARAMS[type]) {
    const v = values[f.key];
    if (v === undefined || v === '') continue;
    if (f.kind === 'number') {
      const n = typeof v === 'number' ? v : Number(v);
      if (Number.isFinite(n)) out[f.key] = n;
    } else if (typeof v === 'string' ? v.trim() : v) out[f.key] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/** The first required field left blank, if any. */
export function missingParam(type: TaskType, values: ParamValues): ParamField | null {
  return TASK_PARAMS[type].find((f) => f.required && String(values[f.key] ?? '').trim() === '') ?? null;
}
