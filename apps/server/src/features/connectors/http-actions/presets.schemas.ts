import { z } from 'zod';
import { httpActionDefinitionSchema } from './definition.schemas.js';

export const presetInputSchema = z.strictObject({
  name: z.string().trim().min(3).max(120),
  description: z.string().trim().max(1000).default(''),
  connectorId: z.string().min(1).max(64).describe('The connector whose instances the preset runs on'),
  targetKind: z
    .enum(['asset', 'person'])
    .nullable()
    .default(null)
    .describe('The entity it acts on: its key in the instance’s source is `target.key`'),
  destructive: z
    .boolean()
    .default(false)
    .describe('Needs an admin and confirm: true to run (wipe, delete, deprovision)'),
  definition: httpActionDefinitionSchema,
});
export type PresetInput = z.infer<typeof presetInputSchema>;

export const presetSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    connectorId: z.string(),
    connectorTitle: z.string(),
    targetKind: z.enum(['asset', 'person']).nullable(),
    destructive: z.boolean(),
    builtIn: z.boolean().describe('Shipped with Steward: read-only, copy it to change it'),
    inputSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the run input'),
    definition: httpActionDefinitionSchema,
    createdAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'ActionPreset' });
export type PresetView = z.infer<typeof presetSchema>;

const runFields = {
  instanceId: z.string().min(1).max(64).describe('The connector instance whose URL and credentials are used'),
  input: z.record(z.string(), z.unknown()).default({}),
  entityId: z.string().min(1).max(64).optional().describe('The asset or person acted on'),
  idempotencyKey: z
    .string()
    .min(8)
    .max(200)
    .optional()
    .describe('The same key again returns the first outcome instead of acting twice'),
  dryRun: z.boolean().default(false).describe('Render every request without sending any'),
  confirm: z.boolean().optional().describe('Required (true) for destructive presets'),
};

export const presetRunSchema = z.strictObject(runFields).meta({ id: 'ActionPresetRun' });
export type PresetRun = z.infer<typeof presetRunSchema>;

export const inlineRunSchema = z.strictObject({
  ...runFields,
  definition: httpActionDefinitionSchema,
  destructive: z.boolean().default(false),
});
export type InlineRun = z.infer<typeof inlineRunSchema>;

export const runViewSchema = z
  .object({
    executionId: z.string().nullable().describe('Null for a dry run'),
    status: z.enum(['succeeded', 'failed', 'dry_run']),
    replayed: z.boolean(),
    requests: z.array(
      z.object({
        name: z.string(),
        method: z.string(),
        url: z.string(),
        body: z.unknown().optional(),
        status: z.number().nullable(),
        durationMs: z.number(),
        note: z.string().optional(),
      }),
    ),
    output: z.unknown(),
    error: z.string().nullable(),
  })
  .meta({ id: 'HttpActionRunResult' });
export type RunView = z.infer<typeof runViewSchema>;
