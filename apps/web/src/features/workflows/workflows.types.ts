// Shapes of the workflows API (see /api/docs, tag Workflows). Kept by hand like the presets copy; the
// server's zod schemas (apps/server/src/features/workflows/*.schemas.ts) are the truth, and
// server-copy.test.ts fails when the step types drift.

export const STEP_TYPES = [
  'condition',
  'set_variable',
  'update_entity',
  'transition',
  'connector_action',
  'preset',
  'http',
  'agent_task',
  'notify_email',
  'notify_slack',
  'approval',
  'create_ticket',
  'wait',
  'for_each',
  'parallel',
  'call_workflow',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const TRIGGER_TYPES = [
  'entity_created',
  'entity_changed',
  'date_approaching',
  'schedule',
  'webhook',
  'manual',
] as const;

/** One step as the editor holds it: its id and type, and whatever fields its type has. */
export interface StepDraft {
  id: string;
  type: StepType;
  name?: string;
  [field: string]: unknown;
}

export interface TriggerDraft {
  type: string;
  kind?: 'asset' | 'person';
  [field: string]: unknown;
}

export interface WorkflowDefinition {
  name: string;
  description?: string;
  trigger: TriggerDraft;
  start: string;
  steps: StepDraft[];
  concurrency?: number;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  enabled: boolean;
  /** The current version; runs keep the version they started with. */
  version: number;
  triggerType: string;
  createdAt: string;
  updatedAt: string;
}

export interface Workflow extends WorkflowSummary {
  definition: WorkflowDefinition;
}

export interface TemplateParameter {
  name: string;
  label: string;
  connectorId: string | null;
  default: string | null;
}

export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  parameters: TemplateParameter[];
  definition: Record<string, unknown>;
}

export const RUN_STATUSES = [
  'queued',
  'running',
  'compensating',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** A run still to finish: asked again while it is. */
export const isActive = (status: RunStatus) =>
  status === 'running' || status === 'queued' || status === 'compensating';
export const STEP_RUN_STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'skipped'] as const;
export type StepRunStatus = (typeof STEP_RUN_STATUSES)[number];

export interface StepRun {
  /** The step's place in the run: `respond#0/lock` is lock in parallel respond's first branch. */
  path: string;
  stepId: string;
  type: string;
  status: StepRunStatus;
  attempts: number;
  output: unknown;
  error: string | null;
  wakeAt: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface WorkflowRun {
  id: string;
  workflowId: string;
  version: number;
  status: RunStatus;
  trigger: unknown;
  subjectId: string | null;
  input: Record<string, unknown>;
  vars: Record<string, unknown>;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  steps: StepRun[];
}

export interface StartRunBody {
  entityId?: string;
  input: Record<string, unknown>;
}

/** What one step of a dry run would do (POST /api/v1/workflows/:id/dry-run). */
export interface StepPreview {
  path: string;
  stepId: string;
  type: string;
  /** Null when the step failed. */
  would: Record<string, unknown> | null;
  error: string | null;
  next: string | null;
}

export interface DryRun {
  steps: StepPreview[];
  vars: Record<string, unknown>;
  /** The walk stopped at its step limit. */
  truncated: boolean;
}

/** What the preset catalog needs of an action preset. */
export interface PresetSummary {
  id: string;
  name: string;
  description: string;
  connectorId: string;
  connectorTitle: string;
  targetKind: 'asset' | 'person' | null;
  destructive: boolean;
  definition: { inputs: { name: string; type: string; required: boolean }[] };
}
