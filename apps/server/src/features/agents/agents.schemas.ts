import { z } from 'zod';
import { taskTypeSchema } from '@steward/protocol';
import { taskTargetSchema } from './requests.service.js';

export const idParams = z.strictObject({ id: z.string().min(1).max(64) });

export const enrollmentSecretSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    uses: z.number(),
  })
  .meta({ id: 'AgentEnrollmentSecret' });

export const createEnrollmentSecretSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const agentSchema = z
  .object({
    id: z.string(),
    hostname: z.string(),
    platform: z.string(),
    agentVersion: z.string(),
    capabilities: z.array(z.string()),
    status: z.string(),
    assetId: z.string().nullable(),
    enrolledAt: z.string(),
    revokedAt: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
    online: z.boolean(),
    transport: z.string().nullable(),
    connectedAt: z.string().nullable(),
    node: z.string().nullable(),
    bytesIn: z.number(),
    bytesOut: z.number(),
  })
  .meta({ id: 'Agent' });

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const agentListQuery = z.strictObject({
  online: flag.optional(),
  status: z.enum(['active', 'revoked']).optional(),
  assetId: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(64).optional(),
});

export const agentStatsSchema = z.object({
  enrolled: z.number(),
  revoked: z.number(),
  online: z.number(),
  byTransport: z.record(z.string(), z.number()),
  byVersion: z.record(z.string(), z.number()),
  byPlatform: z.record(z.string(), z.number()),
  nodes: z.array(
    z.object({
      id: z.string(),
      host: z.string(),
      connections: z.number(),
      startedAt: z.string(),
      lastSeenAt: z.string(),
    }),
  ),
});

export const checkinBodySchema = z.strictObject({ inventory: z.boolean().default(true) });

export const agentTaskSchema = z
  .object({
    id: z.string(),
    assetId: z.string(),
    type: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    status: z.string(),
    deadlineAt: z.string(),
    result: z.unknown(),
    error: z.string().nullable(),
    origin: z.unknown(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    agentId: z.string().nullable(),
    requestId: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    progress: z.object({ message: z.string(), percent: z.number().optional(), at: z.string() }).nullable(),
  })
  .meta({ id: 'AgentTask' });

export const taskListQuery = z.strictObject({
  assetId: z.string().max(64).optional(),
  requestId: z.string().max(64).optional(),
  status: z
    .enum(['queued', 'delivered', 'running', 'succeeded', 'failed', 'expired', 'cancelled'])
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(64).optional(),
});

export const createTaskRequestSchema = z.strictObject({
  type: taskTypeSchema,
  parameters: z.record(z.string(), z.unknown()).default({}),
  target: taskTargetSchema,
  /** Minutes the tasks may wait for their devices (an offline device picks its task up when it connects). */
  deadlineMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(60 * 24),
});

export const taskRequestSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    target: z.unknown(),
    taskCount: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    counts: z.record(z.string(), z.number()),
  })
  .meta({ id: 'AgentTaskRequest' });

export const softwareQuery = z.strictObject({
  name: z.string().min(1).max(255),
  version: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(64).optional(),
});

export const agentPolicySchema = z
  .object({
    revision: z.number(),
    inventoryIntervalMinutes: z.number().nullable(),
    settings: z.record(z.string(), z.unknown()),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'AgentPolicy' });
