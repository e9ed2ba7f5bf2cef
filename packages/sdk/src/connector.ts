import { z } from 'zod';
import { ENTITY_KINDS, type EntityKind } from '@steward/domain';
import { AUTH_TYPES, type AuthScheme, type AuthType } from './auth/auth-scheme.js';
import type { Transport, TransportOptions } from './http/transport-types.js';
import type { Json } from './json.js';
import type { MapContext, MapResult } from './mapping.js';
import type { Observation } from './observation.js';

export const CONNECTOR_CATEGORIES = [
  'mdm',
  'edr',
  'directory',
  'hr',
  'itsm',
  'messaging',
  'email_security',
  'cloud',
  'saas',
  'procurement',
  'network',
  'generic',
] as const;
export type ConnectorCategory = (typeof CONNECTOR_CATEGORIES)[number];

/** A secret the vault must supply for an instance; the UI asks for it by `label`. */
export interface SecretField {
  key: string;
  label: string;
  description?: string;
  /** A key file or PEM rather than one line. */
  multiline?: boolean;
  /** Needed only for some configurations (a password for basic auth but not for a bearer token). */
  optional?: boolean;
}
export type SecretValues = Readonly<Record<string, string>>;

export interface AuthSpec<Config> {
  type: AuthType;
  secrets: readonly SecretField[];
  /** Builds the scheme for one instance; secrets arrive as plain strings and stay inside the scheme. */
  create(config: Config, secrets: SecretValues): AuthScheme;
}

/** Transport options a connector chooses for an instance (base URL, limits); the SDK adds auth. */
export type TransportSettings = Omit<TransportOptions, 'auth' | 'fetch' | 'onEvent'>;

export interface ConnectorContext<Config> {
  connectorId: string;
  config: Config;
  /** The instance's one transport: every stream and action shares its rate and concurrency limits. */
  http: Transport;
  signal: AbortSignal;
  now(): Date;
}

export type StreamMode = 'full' | 'delta';

export interface StreamBatch<R = unknown> {
  records: R[];
  /** Where to resume once this batch is stored; persisted before the next batch is read. */
  checkpoint: Json;
}

/**
 * A stream reads one kind of record from the source. `full` streams read everything each sync (a
 * checkpoint only resumes an interrupted run); `delta` streams read what changed since the checkpoint of
 * the previous complete run.
 */
export interface StreamDefinition<Config, R = unknown> {
  kind: EntityKind;
  mode: StreamMode;
  description?: string;
  read(ctx: ConnectorContext<Config>, checkpoint: Json | undefined): AsyncIterable<StreamBatch<R>>;
  /** Pure: the same record gives the same result, and a bad record returns a MapError, never throws. */
  map(record: R, context: MapContext): MapResult;
  /** The record's id in the source, to name it in per-record errors. */
  recordKey?(record: R): string | undefined;
}

export interface ActionMeta {
  /** The same key for every retry of one dispatch, so the vendor (or we) can drop duplicates. */
  idempotencyKey: string;
  /**
   * Set when an earlier attempt with this key was cut off (its process died) before its outcome was
   * recorded: when that attempt began. It may or may not have reached the vendor.
   */
  resumingSince?: string;
}

/**
 * How an action cut off by a crash is resumed, when nobody knows whether the vendor got it:
 * - `repeat`: sending it again cannot do it twice (the vendor drops the key's duplicate, or the action
 *   sets a state: suspend, contain, block);
 * - `at-least-once`: it might be done twice (a chat message), and twice is better than never;
 * - `lookup`: the action's `findEarlier` looks at the vendor for the earlier attempt's effect; found, it is
 *   the result; not found, it is sent.
 * Without one, the platform reports the outcome as unknown and sends nothing.
 */
export type ResumePolicy = 'repeat' | 'at-least-once' | 'lookup';

export interface ActionResult {
  /** `accepted`: the vendor queued it (an MDM command); its outcome arrives later through a stream. */
  status: 'succeeded' | 'accepted';
  /** The vendor's id for what was created or queued (command id, incident number). */
  externalId?: string;
  message?: string;
  data?: Json;
  /** What the action taught us about the target, fed back through the one observation pipeline. */
  observations?: Observation[];
}

export interface ActionDefinition<Config, S extends z.ZodType = z.ZodType> {
  title: string;
  description?: string;
  inputSchema: S;
  /** There is an action that undoes it (contain ↔ lift containment, suspend ↔ unsuspend). */
  reversible: boolean;
  /** Loses data or access in a way an approval should guard (wipe, delete, deprovision). */
  destructive: boolean;
  /**
   * The record the action is about: input `field` takes its key in this source (a Jamf computer id, an
   * Okta user id), so the platform can run the action on a Steward entity the source reported.
   */
  target?: { kind: EntityKind; field: string };
  resume?: ResumePolicy;
  /** For `resume: 'lookup'`: the earlier attempt's effect since `meta.resumingSince`, or null. */
  findEarlier?(
    ctx: ConnectorContext<Config>,
    input: z.output<S>,
    meta: ActionMeta & { resumingSince: string },
  ): Promise<ActionResult | null>;
  execute(ctx: ConnectorContext<Config>, input: z.output<S>, meta: ActionMeta): Promise<ActionResult>;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

export interface ConnectorDefinition<Config> {
  id: string;
  title: string;
  category: ConnectorCategory;
  description?: string;
  configSchema: z.ZodType<Config>;
  auth: AuthSpec<Config>;
  /** Secrets arrive too, for a vendor whose secret is the endpoint itself (a Slack webhook URL). */
  http(config: Config, secrets: SecretValues): TransportSettings;
  streams: Record<string, StreamDefinition<Config>>;
  actions: Record<string, ActionDefinition<Config>>;
  /** A cheap authenticated call proving the configuration and secrets work. */
  test(ctx: ConnectorContext<Config>): Promise<ConnectionTestResult>;
}

const nameSchema = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, 'letters, digits, - and _, starting with a letter');

const metadataSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and -'),
  title: z.string().min(1),
  category: z.enum(CONNECTOR_CATEGORIES),
  auth: z.object({
    type: z.enum(AUTH_TYPES),
    secrets: z
      .array(z.object({ key: nameSchema, label: z.string().min(1) }))
      .refine((s) => new Set(s.map((f) => f.key)).size === s.length, 'secret keys must be unique'),
  }),
  streams: z.record(nameSchema, z.object({ kind: z.enum(ENTITY_KINDS), mode: z.enum(['full', 'delta']) })),
  actions: z.record(
    nameSchema,
    z
      .object({
        title: z.string().min(1),
        reversible: z.boolean(),
        destructive: z.boolean(),
        target: z.object({ kind: z.enum(ENTITY_KINDS), field: nameSchema }).optional(),
        resume: z.enum(['repeat', 'at-least-once', 'lookup']).optional(),
        findEarlier: z.unknown().optional(),
      })
      .refine((a) => a.resume !== 'lookup' || typeof a.findEarlier === 'function', {
        message: "resume 'lookup' needs findEarlier",
        path: ['findEarlier'],
      }),
  ),
});

/** Declares a connector; a malformed declaration fails at import time, naming the field. */
export function defineConnector<Config>(
  definition: ConnectorDefinition<Config>,
): ConnectorDefinition<Config> {
  const parsed = metadataSchema.safeParse(definition);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Connector "${String(definition.id)}" is not valid: ${issues}`);
  }
  return definition;
}

/** Types a stream declared in its own file; annotate `ctx` to fix `Config`. */
export function defineStream<Config, R = unknown>(
  stream: StreamDefinition<Config, R>,
): StreamDefinition<Config, R> {
  return stream;
}

/** Types an action declared in its own file: `input` is inferred from `inputSchema`. */
export function defineAction<Config, S extends z.ZodType>(
  action: ActionDefinition<Config, S>,
): ActionDefinition<Config, S> {
  return action;
}
