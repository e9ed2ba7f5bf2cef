// Shapes of the action presets API (see /api/docs, tag Action presets). Kept by hand like the connectors
// copy; the server's zod schemas (apps/server/src/features/connectors/http-actions/*.schemas.ts) are the truth.
import type { JsonSchema } from '../connectors/index.js';

export const TARGET_KINDS = ['asset', 'person'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const RUN_RESULT_STATUSES = ['succeeded', 'failed', 'dry_run'] as const;
export type RunResultStatus = (typeof RUN_RESULT_STATUSES)[number];

export interface PresetInputField {
  name: string;
  label: string;
  type: 'string' | 'number' | 'boolean';
  required: boolean;
  description?: string;
  pattern?: string;
  options?: string[];
}

export interface PresetRequestTemplate {
  name: string;
  method: string;
  /** A template with {{ JSONata }} holes. */
  url: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** A JSONata expression whose value is the JSON body. */
  body?: string;
  expect?: number[];
}

export interface PresetDefinition {
  inputs: PresetInputField[];
  requests: PresetRequestTemplate[];
  /** A JSONata expression; default: the last response's body. */
  output?: string;
}

export interface Preset {
  id: string;
  name: string;
  description: string;
  connectorId: string;
  connectorTitle: string;
  targetKind: TargetKind | null;
  destructive: boolean;
  builtIn: boolean;
  inputSchema: JsonSchema;
  definition: PresetDefinition;
  createdAt: string | null;
  updatedAt: string | null;
}

/** What POST and PUT take. The definition is sent as the admin wrote it; the server checks it. */
export interface PresetBody {
  name: string;
  description: string;
  connectorId: string;
  targetKind: TargetKind | null;
  destructive: boolean;
  definition: unknown;
}

export interface PresetRunBody {
  instanceId: string;
  input: Record<string, unknown>;
  entityId?: string;
  idempotencyKey?: string;
  dryRun?: boolean;
  confirm?: boolean;
}

export interface RunRequestView {
  name: string;
  method: string;
  url: string;
  body?: unknown;
  /** Null when it was not sent (a dry run). */
  status: number | null;
  durationMs: number;
  note?: string;
}

export interface RunResult {
  executionId: string | null;
  status: RunResultStatus;
  replayed: boolean;
  requests: RunRequestView[];
  output: unknown;
  error: string | null;
}
