// Shapes of the connectors API (see /api/docs, tag Connectors). Kept by hand like api/types.ts; the server's
// zod schemas (apps/server/src/features/connectors/instances.schemas.ts, catalog.ts, targets.ts) are the truth.

/** A JSON Schema object as the catalog serves it (configSchema, an action's inputSchema). */
export type JsonSchema = Record<string, unknown>;

export interface CatalogSecret {
  key: string;
  label: string;
  description: string | null;
  multiline: boolean;
}

export interface CatalogAction {
  name: string;
  title: string;
  description: string | null;
  reversible: boolean;
  destructive: boolean;
  target: { kind: string; field: string } | null;
  inputSchema: JsonSchema;
}

export interface CatalogEntry {
  id: string;
  title: string;
  category: string;
  description: string | null;
  auth: { type: string; secrets: CatalogSecret[] };
  configSchema: JsonSchema;
  streams: { name: string; kind: string; mode: string; description: string | null }[];
  actions: CatalogAction[];
}

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_TRIGGERS = ['manual', 'schedule', 'demo'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export interface Run {
  id: string;
  instanceId: string;
  trigger: RunTrigger;
  status: RunStatus;
  /** read, failed, observations, and the pipeline outcomes: created, linked, updated, unchanged, … */
  counts: Record<string, number>;
  streams: { name: string; done: boolean; counts: Record<string, number> }[];
  error: string | null;
  attempts: number;
  syncId: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface RunError {
  stream: string;
  recordKey: string;
  message: string;
  field: string | null;
  at: string;
}

export interface Instance {
  id: string;
  connectorId: string;
  connectorTitle: string;
  category: string;
  name: string;
  sourceKey: string;
  config: Record<string, unknown>;
  /** Which secrets are stored; their values are never returned. */
  secrets: Record<string, { set: boolean }>;
  schedule: string | null;
  timeZone: string;
  enabled: boolean;
  nextSyncAt: string | null;
  lastRun: Run | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateInstanceInput {
  connectorId: string;
  name: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  schedule: string | null;
  timeZone: string;
  enabled: boolean;
}

export interface UpdateInstanceInput {
  name?: string;
  config?: Record<string, unknown>;
  /** Only the keys given are replaced. */
  secrets?: Record<string, string>;
  schedule?: string | null;
  timeZone?: string;
  enabled?: boolean;
}

export interface TestResult {
  ok: boolean;
  message: string;
}

export interface EntityAction {
  name: string;
  title: string;
  description: string | null;
  destructive: boolean;
  reversible: boolean;
  /** Filled by the server from the record: the form leaves it out. */
  targetField: string;
  inputSchema: JsonSchema;
}

export interface EntityActions {
  instanceId: string;
  instanceName: string;
  connectorId: string;
  connectorTitle: string;
  /** What the source calls this entity. */
  recordKey: string;
  actions: EntityAction[];
}

/** What a connector action or preset can act on. */
export type EntityKind = 'asset' | 'person';

export interface ActionRequest {
  input: Record<string, unknown>;
  idempotencyKey: string;
  confirm?: boolean;
  target: { type: EntityKind; id: string };
}

export const ACTION_STATUSES = ['running', 'succeeded', 'accepted', 'failed'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface ActionExecution {
  id: string;
  instanceId: string;
  /** The instance's name when the action ran, kept after it is deleted; null on old rows. */
  instanceName: string | null;
  /** `lock`, `preset:<id>`, `http:inline`. */
  action: string;
  /** The action's title, a preset's name, or "HTTP request"; null on old rows. */
  title: string | null;
  idempotencyKey: string;
  status: ActionStatus;
  externalId: string | null;
  message: string | null;
  error: string | null;
  target: { type: string; id: string } | null;
  replayed: boolean;
  createdAt: string;
  finishedAt: string | null;
}
