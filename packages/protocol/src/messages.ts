import { z } from 'zod';
import { inventoryDeltaSchema, inventorySchema } from './inventory.js';
import { taskSchema } from './tasks.js';
import { PROTOCOL_VERSION } from './version.js';

const v = z.literal(PROTOCOL_VERSION);
const id = z.string().min(1).max(64);
const instant = z.iso.datetime({ offset: true });

// Agent -> server.

export const helloSchema = z
  .object({
    v,
    type: z.literal('hello'),
    agentVersion: z.string().min(1).max(64),
    platform: z.string().min(1).max(32),
    hostname: z.string().min(1).max(255),
    /** The task types this agent can run. */
    capabilities: z.array(z.string().min(1).max(64)).max(64),
  })
  .strict();

export const heartbeatSchema = z.object({ v, type: z.literal('heartbeat') }).strict();

export const inventoryReportSchema = z.discriminatedUnion('mode', [
  z
    .object({
      v,
      type: z.literal('inventory'),
      /** Unique per report: the server's `received` names it so the agent can drop its queued copy. */
      id,
      mode: z.literal('full'),
      observedAt: instant,
      inventory: inventorySchema,
    })
    .strict(),
  z
    .object({
      v,
      type: z.literal('inventory'),
      id,
      mode: z.literal('delta'),
      observedAt: instant,
      inventory: inventoryDeltaSchema,
    })
    .strict(),
]);

export const taskAckSchema = z.object({ v, type: z.literal('task.ack'), taskId: id }).strict();

export const taskProgressSchema = z
  .object({
    v,
    type: z.literal('task.progress'),
    taskId: id,
    message: z.string().max(2000),
    percent: z.number().min(0).max(100).optional(),
  })
  .strict();

export const taskResultSchema = z.discriminatedUnion('status', [
  z
    .object({
      v,
      type: z.literal('task.result'),
      taskId: id,
      status: z.literal('succeeded'),
      finishedAt: instant,
      result: z.unknown(),
    })
    .strict(),
  z
    .object({
      v,
      type: z.literal('task.result'),
      taskId: id,
      status: z.literal('failed'),
      finishedAt: instant,
      error: z.string().min(1).max(4000),
      result: z.unknown().optional(),
    })
    .strict(),
]);

/** Each message type's schema, so a bad message is reported against its own fields. */
export const AGENT_MESSAGE_SCHEMAS = {
  hello: helloSchema,
  heartbeat: heartbeatSchema,
  inventory: inventoryReportSchema,
  'task.ack': taskAckSchema,
  'task.progress': taskProgressSchema,
  'task.result': taskResultSchema,
} as const;
export const agentMessageSchema = z.union(Object.values(AGENT_MESSAGE_SCHEMAS));
export type AgentMessage = z.infer<typeof agentMessageSchema>;
export type Hello = z.infer<typeof helloSchema>;
export type InventoryReport = z.infer<typeof inventoryReportSchema>;
export type TaskResult = z.infer<typeof taskResultSchema>;

// Server -> agent.

export const welcomeSchema = z
  .object({
    v,
    type: z.literal('welcome'),
    agentId: id,
    heartbeatSeconds: z.number().int().positive(),
    serverTime: instant,
  })
  .strict();

export const taskPushSchema = z.object({ v, type: z.literal('task'), task: taskSchema }).strict();

export const policyPushSchema = z
  .object({
    v,
    type: z.literal('policy'),
    policy: z
      .object({
        revision: z.number().int().nonnegative(),
        inventoryIntervalMinutes: z.number().int().positive().optional(),
        settings: z.record(z.string(), z.unknown()).default({}),
      })
      .strict(),
  })
  .strict();

/** "Check in now": send a heartbeat and, if asked, a fresh inventory. */
export const checkinSchema = z
  .object({ v, type: z.literal('checkin'), inventory: z.boolean().default(false) })
  .strict();

/** The server has durably stored these inventory reports or task results (by report id or task id). */
export const receivedSchema = z
  .object({ v, type: z.literal('received'), ids: z.array(id).min(1).max(1000) })
  .strict();

export const PROTOCOL_ERROR_CODES = [
  'bad_json',
  'bad_message',
  'too_large',
  'unsupported_version',
  'unknown_task',
  'not_allowed',
  'revoked',
  'internal',
] as const;
export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];

export const errorMessageSchema = z
  .object({
    v,
    type: z.literal('error'),
    code: z.enum(PROTOCOL_ERROR_CODES),
    message: z.string().max(2000),
    /** True when the sender closes the connection after this message. */
    fatal: z.boolean(),
    /** The type of the message it answers, where known. */
    about: z.string().max(64).optional(),
  })
  .strict();

export const SERVER_MESSAGE_SCHEMAS = {
  welcome: welcomeSchema,
  task: taskPushSchema,
  policy: policyPushSchema,
  checkin: checkinSchema,
  received: receivedSchema,
  error: errorMessageSchema,
} as const;
export const serverMessageSchema = z.union(Object.values(SERVER_MESSAGE_SCHEMAS));
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type TaskPush = z.infer<typeof taskPushSchema>;
export type ProtocolErrorMessage = z.infer<typeof errorMessageSchema>;

type Unversioned<T> = T extends unknown ? Omit<T, 'v'> : never;
/** Build a message without spelling out the version. */
export function message<T extends AgentMessage | ServerMessage>(body: Unversioned<T>): T {
  return { v: PROTOCOL_VERSION, ...body } as T;
}
