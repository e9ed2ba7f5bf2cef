import { z } from 'zod';

/** What an agent can be asked to do. Parameters are checked by the server before a task is queued. */
export const taskParameterSchemas = {
  /** Report a full inventory now. */
  inventory: z.object({}).strict(),
  /** Run a script the device's configuration allows, by its name there; never arbitrary code. */
  script: z
    .object({
      name: z.string().min(1).max(128),
      args: z.array(z.string().max(1024)).max(32).default([]),
      timeoutSeconds: z.number().int().min(1).max(3600).default(300),
    })
    .strict(),
  /** Collect recent lines of the agent's own log and the system log. */
  collect_logs: z.object({ lines: z.number().int().min(1).max(10_000).default(500) }).strict(),
  lock: z.object({ message: z.string().max(500).optional() }).strict(),
  restart: z.object({ delaySeconds: z.number().int().min(0).max(3600).default(60) }).strict(),
  /** Install or update a package through the platform's package manager. */
  install: z
    .object({
      package: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.+_:-]{0,199}$/, 'a package name'),
      version: z.string().max(100).optional(),
    })
    .strict(),
  update: z
    .object({
      package: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.+_:-]{0,199}$/, 'a package name'),
    })
    .strict(),
} as const;

export type TaskType = keyof typeof taskParameterSchemas;
export const TASK_TYPES = Object.keys(taskParameterSchemas) as TaskType[];
export const taskTypeSchema = z.enum(TASK_TYPES as [TaskType, ...TaskType[]]);
export type TaskParameters<T extends TaskType> = z.output<(typeof taskParameterSchemas)[T]>;

export function isTaskType(value: string): value is TaskType {
  return Object.hasOwn(taskParameterSchemas, value);
}

/** A task as pushed to an agent. */
export const taskSchema = z
  .object({
    id: z.string().min(1).max(64),
    type: z.string().min(1).max(64),
    parameters: z.record(z.string(), z.unknown()),
    /** After this instant the server no longer wants the result; the agent should not start it. */
    deadline: z.iso.datetime({ offset: true }),
  })
  .strict();
export type Task = z.infer<typeof taskSchema>;
