import { z } from 'zod';

export const instanceNameSchema = z.string().trim().min(1).max(120);
const configInput = z
  .record(z.string(), z.unknown())
  .describe('Checked against the connector’s configSchema');
const secretsInput = z
  .record(z.string(), z.string().min(1).max(20_000))
  .describe('Write-only: secret key → value. Never returned; stored encrypted.');
const scheduleInput = z
  .string()
  .trim()
  .max(120)
  .nullable()
  .describe('Cron expression (5 or 6 fields) for scheduled syncs; null: on demand only');

export const createInstanceSchema = z.strictObject({
  connectorId: z.string().min(1).max(64),
  name: instanceNameSchema,
  config: configInput,
  secrets: secretsInput.default({}),
  schedule: scheduleInput.optional(),
  timeZone: z.string().min(1).max(64).optional().describe('IANA time zone the schedule is read in'),
  enabled: z.boolean().optional(),
  sourceKey: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" and "-" (at most 64)')
    .optional()
    .describe('The ingestion source its records arrive under; derived from the name when absent'),
});
export type CreateInstanceInput = z.infer<typeof createInstanceSchema>;

export const updateInstanceSchema = z.strictObject({
  name: instanceNameSchema.optional(),
  config: configInput.optional(),
  secrets: secretsInput.optional().describe('Only the keys given are replaced'),
  schedule: scheduleInput.optional(),
  timeZone: z.string().min(1).max(64).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateInstanceInput = z.infer<typeof updateInstanceSchema>;

export const runCountsSchema = z.record(z.string(), z.number());

export const runSchema = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    trigger: z.enum(['manual', 'schedule', 'demo']),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    counts: runCountsSchema.describe(
      'read, failed, observations, and the pipeline outcomes: created, linked, updated, unchanged, review, rejected, missing, markedMissing',
    ),
    streams: z.array(z.object({ name: z.string(), done: z.boolean(), counts: runCountsSchema })),
    error: z.string().nullable().describe('Why the last attempt stopped (secrets redacted)'),
    attempts: z.number().int(),
    syncId: z.string().nullable(),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().nullable(),
  })
  .meta({ id: 'ConnectorRun' });
export type RunView = z.infer<typeof runSchema>;

export const instanceSchema = z
  .object({
    id: z.string(),
    connectorId: z.string(),
    connectorTitle: z.string(),
    category: z.string(),
    name: z.string(),
    sourceKey: z.string(),
    config: z.record(z.string(), z.unknown()),
    secrets: z
      .record(z.string(), z.object({ set: z.boolean() }))
      .describe('Which secrets are stored; their values are never returned'),
    schedule: z.string().nullable(),
    timeZone: z.string(),
    enabled: z.boolean(),
    nextSyncAt: z.string().nullable(),
    lastRun: runSchema.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ConnectorInstance' });
export type InstanceView = z.infer<typeof instanceSchema>;

export const runErrorSchema = z
  .object({
    stream: z.string(),
    recordKey: z.string(),
    message: z.string(),
    field: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'ConnectorRunError' });

export const actionRequestSchema = z.strictObject({
  input: z.record(z.string(), z.unknown()).default({}),
  idempotencyKey: z
    .string()
    .min(8)
    .max(200)
    .optional()
    .describe('The same key again returns the first outcome instead of acting twice'),
  confirm: z.boolean().optional().describe('Required (true) for destructive actions'),
  target: z
    .object({ type: z.enum(['asset', 'person']), id: z.string().min(1).max(64) })
    .optional()
    .describe('The Steward entity acted on, for its history'),
});
export type ActionRequest = z.infer<typeof actionRequestSchema> & {
  /**
   * Internal (a workflow step, whose job lease makes it the key's only holder): a running attempt under the
   * key died, and is resumed by the action's resume policy instead of being refused as in progress.
   */
  resume?: boolean;
};

export const actionExecutionSchema = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    instanceName: z
      .string()
      .nullable()
      .describe('The instance’s name when the action ran; kept after the instance is deleted'),
    action: z.string(),
    title: z.string().nullable().describe('The action’s title (the preset’s, for an HTTP action)'),
    idempotencyKey: z.string(),
    status: z.enum(['running', 'succeeded', 'accepted', 'failed']),
    externalId: z.string().nullable(),
    message: z.string().nullable(),
    error: z.string().nullable(),
    target: z.object({ type: z.string(), id: z.string() }).nullable(),
    replayed: z.boolean().describe('True when this key was seen before: nothing was sent again'),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ConnectorActionExecution' });
export type ActionExecutionView = z.infer<typeof actionExecutionSchema>;
