import { errors, isStewardError, StewardError, type ErrorDetail } from '@steward/domain';
import type { z } from 'zod';
import type {
  ActionMeta,
  ActionResult,
  ConnectionTestResult,
  ConnectorContext,
  ConnectorDefinition,
  SecretValues,
} from './connector.js';
import { createTransport } from './http/transport.js';
import type { Transport, TransportEvent } from './http/transport-types.js';
import { redact } from './redact.js';
import { runStream, type RunStreamOptions, type StreamRunSummary } from './sync/run-stream.js';

export interface InstantiateOptions {
  /** Unvalidated: checked against the connector's configSchema. */
  config: unknown;
  secrets: SecretValues;
  onEvent?: (event: TransportEvent) => void;
  /** Only for clock-free unit tests. */
  fetch?: typeof fetch;
}

/** One configured connection (a tenant's Jamf Pro): what the platform runs syncs and actions on. */
export interface ConnectorInstance<Config> {
  readonly definition: ConnectorDefinition<Config>;
  readonly config: Config;
  readonly http: Transport;
  context(signal?: AbortSignal): ConnectorContext<Config>;
  test(signal?: AbortSignal): Promise<ConnectionTestResult>;
  runStream(
    name: string,
    options: Pick<RunStreamOptions<Config>, 'checkpoint' | 'onBatch'> & { signal?: AbortSignal },
  ): Promise<StreamRunSummary>;
  executeAction(
    name: string,
    input: unknown,
    meta: ActionMeta & { signal?: AbortSignal },
  ): Promise<ActionResult>;
}

export function instantiateConnector<Config>(
  definition: ConnectorDefinition<Config>,
  options: InstantiateOptions,
): ConnectorInstance<Config> {
  const config = parseOrThrow(definition.configSchema, options.config, `${definition.id} configuration`);
  const missing = definition.auth.secrets.filter((f) => !f.optional && !options.secrets[f.key]);
  if (missing.length > 0) {
    throw errors.validation(
      `${definition.title} needs ${missing.map((f) => f.label).join(', ')}.`,
      missing.map((f) => ({ path: `secrets.${f.key}`, reason: 'required' })),
    );
  }
  const auth = definition.auth.create(config, options.secrets);
  const secretValues = Object.values(options.secrets);
  const settings = definition.http(config, options.secrets);
  const http = createTransport({
    ...settings,
    auth,
    secrets: [...(settings.secrets ?? []), ...secretValues],
    onEvent: options.onEvent,
    fetch: options.fetch,
  });

  const context = (signal: AbortSignal = new AbortController().signal): ConnectorContext<Config> => ({
    connectorId: definition.id,
    config,
    http,
    signal,
    now: () => new Date(),
  });

  return {
    definition,
    config,
    http,
    context,
    async test(signal) {
      try {
        return await definition.test(context(signal));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return { ok: false, message: redact(message, [...auth.secretValues(), ...secretValues]) };
      }
    },
    async runStream(name, run) {
      const stream = definition.streams[name];
      if (!stream) throw errors.notFound(`Stream "${name}" of ${definition.id}`);
      return runStream({
        stream,
        ctx: context(run.signal),
        checkpoint: run.checkpoint,
        onBatch: run.onBatch,
      });
    },
    async executeAction(name, input, meta) {
      const action = definition.actions[name];
      if (!action) throw errors.notFound(`Action "${name}" of ${definition.id}`);
      const parsed = parseOrThrow(action.inputSchema, input, `${action.title} input`);
      try {
        const ctx = context(meta.signal);
        const since = meta.resumingSince;
        if (since !== undefined) {
          if (!action.resume)
            throw new StewardError(
              'outcome_unknown',
              409,
              `An earlier attempt of "${action.title}" was cut off before its outcome was recorded, and ${definition.title} cannot tell whether it happened, so it is not sent again. Check ${definition.title}, then run it again with a new idempotency key if it is needed.`,
              [{ path: 'idempotencyKey', reason: 'outcome unknown after an interrupted attempt' }],
            );
          if (action.resume === 'lookup' && action.findEarlier) {
            const found = await action.findEarlier(ctx, parsed, { ...meta, resumingSince: since });
            if (found) return found;
          }
        }
        // `resumingSince` goes on to execute: a resumed 'repeat' may read "already done" as success.
        return await action.execute(ctx, parsed, {
          idempotencyKey: meta.idempotencyKey,
          ...(since !== undefined ? { resumingSince: since } : {}),
        });
      } catch (e) {
        // A connector builds some errors from the vendor's own words, which the transport never saw.
        if (!isStewardError(e)) throw e;
        const secrets = [...auth.secretValues(), ...secretValues];
        throw new StewardError(e.code, e.status, redact(e.message, secrets), e.details, e.headers);
      }
    },
  };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details: ErrorDetail[] = parsed.error.issues.map((i) => ({
    path: i.path.join('.') || '(root)',
    reason: i.message,
  }));
  throw errors.validation(`The ${what} is not valid.`, details);
}
