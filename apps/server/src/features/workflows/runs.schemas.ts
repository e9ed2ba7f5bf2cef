import { z } from 'zod';

export const stepRunSchema = z.object({
  path: z
    .string()
    .describe('The step’s place in the run: `respond#0/lock` is lock in parallel respond’s first branch'),
  stepId: z.string(),
  type: z.string(),
  status: z.enum(['running', 'waiting', 'succeeded', 'failed', 'skipped']),
  attempts: z.number(),
  input: z.unknown().describe('What the step acted with, as evaluated (secret fields redacted)'),
  output: z.unknown(),
  error: z.string().nullable(),
  wakeAt: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});

export const workflowRunSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    version: z.number().describe('The definition version this run keeps to the end'),
    status: z
      .enum(['queued', 'running', 'compensating', 'succeeded', 'failed', 'cancelled'])
      .describe('compensating: a step failed and the undo steps of what was done are running'),
    trigger: z.unknown(),
    subjectId: z.string().nullable(),
    input: z.record(z.string(), z.unknown()),
    vars: z.record(z.string(), z.unknown()),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    steps: z.array(stepRunSchema),
  })
  .meta({ id: 'WorkflowRun' });
export type WorkflowRunView = z.infer<typeof workflowRunSchema>;

export const startRunSchema = z.strictObject({
  entityId: z.string().min(1).max(64).optional().describe('The asset or person the run is about (`subject`)'),
  input: z.record(z.string(), z.unknown()).default({}),
});
export type StartRunInput = z.infer<typeof startRunSchema>;

export const dryRunSchema = z
  .object({
    steps: z.array(
      z.object({
        path: z.string(),
        stepId: z.string(),
        type: z.string(),
        would: z
          .record(z.string(), z.unknown())
          .nullable()
          .describe('What the step would do; null when it failed'),
        error: z.string().nullable(),
        next: z.string().nullable(),
      }),
    ),
    vars: z.record(z.string(), z.unknown()),
    truncated: z.boolean().describe('The walk stopped at its step limit'),
  })
  .meta({ id: 'WorkflowDryRun' });
