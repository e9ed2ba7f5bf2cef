// Runs a generic HTTP action (a preset or an inline definition) on a connector instance: authorisation,
// target resolution, input checks, the idempotency claim, the run, its history and audit.
import { errors, isStewardError, type StewardError } from '@steward/domain';
import { redact } from '@steward/sdk';
import { authorize, type RequestContext } from '../../../platform/auth/index.js';
import { iso, toJson } from '../../../platform/db/index.js';
import { newId } from '../../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../../audit/index.js';
import { claimKey } from '../actions.service.js';
import { notInSource } from '../targets.js';
import type { ConnectorDeps } from '../deps.js';
import { openInstance } from '../instance.open.js';
import { requireInstance, type InstanceRow } from '../instances.repo.js';
import { compileDefinition } from './definition.compile.js';
import type { HttpActionDefinition } from './definition.schemas.js';
import { entityContext, type EntityContext } from './entity.context.js';
import { parseInputs } from './inputs.js';
import type { PresetSpec } from './presets.builtin.js';
import type { InlineRun, PresetRun, RunView } from './presets.schemas.js';
import { findPreset } from './presets.service.js';
import { runDefinition, type HttpActionContext, type RunOutcome } from './run.js';

interface Runnable {
  /** Where the definition sits in the request, for error paths (`body.definition`). */
  at: string;
  /** `preset:<id>` or `http:inline`: the action name in the instance's action history. */
  action: string;
  title: string;
  connectorId: string | null;
  targetKind: PresetSpec['targetKind'];
  destructive: boolean;
  definition: HttpActionDefinition;
}

export interface RunOptions {
  /** More context for the templates (a workflow's variables); cannot replace the built-in names. */
  extra?: Record<string, unknown>;
}

async function targetOf(
  deps: ConnectorDeps,
  ctx: RequestContext,
  instance: InstanceRow,
  runnable: Runnable,
  entityId: string | undefined,
): Promise<EntityContext | undefined> {
  if (!entityId) {
    if (runnable.targetKind)
      throw errors.validation(`"${runnable.title}" acts on a ${runnable.targetKind}: say which.`, [
        { path: 'body.entityId', reason: `required (a ${runnable.targetKind} id)` },
      ]);
    return undefined;
  }
  const found = await entityContext(deps, ctx, instance, entityId);
  if (runnable.targetKind && found.kind !== runnable.targetKind)
    throw errors.validation(`"${runnable.title}" acts on a ${runnable.targetKind}, not a ${found.kind}.`, [
      { path: 'body.entityId', reason: `a ${found.kind}; expected a ${runnable.targetKind}` },
    ]);
  if (runnable.targetKind && !found.key) throw notInSource(instance.name, found.kind, 'body.entityId');
  return found;
}

async function run(
  deps: ConnectorDeps,
  ctx: RequestContext,
  runnable: Runnable,
  request: PresetRun,
  options: RunOptions,
): Promise<RunView> {
  if (runnable.destructive && !request.dryRun) {
    authorize(ctx.principal, 'admin');
    if (request.confirm !== true)
      throw errors.validation(`"${runnable.title}" is destructive: confirm it.`, [
        { path: 'body.confirm', reason: 'must be true for a destructive action' },
      ]);
  }
  const { tenantId } = ctx.principal;
  const instance = await requireInstance(deps.db, tenantId, request.instanceId);
  if (runnable.connectorId && instance.connector_id !== runnable.connectorId) {
    const title = deps.catalog.get(runnable.connectorId)?.title ?? runnable.connectorId;
    throw errors.validation(`"${runnable.title}" runs on ${title} instances.`, [
      {
        path: 'body.instanceId',
        reason: `a ${instance.connector_id} instance; expected ${runnable.connectorId}`,
      },
    ]);
  }
  const compiled = compileDefinition(runnable.definition, runnable.at);
  const input = parseInputs(compiled.inputs, request.input, 'body.input');
  const target = await targetOf(deps, ctx, instance, runnable, request.entityId);
  const key = request.idempotencyKey ?? newId();
  const context: HttpActionContext = {
    ...options.extra,
    input,
    entity: target?.entity ?? null,
    target: target ? { kind: target.kind, key: target.key ?? null } : null,
    idempotencyKey: key,
    now: iso(deps.clock.now()),
    instance: { id: instance.id, name: instance.name, connectorId: instance.connector_id },
  };

  if (request.dryRun) {
    const opened = await openInstance(deps, instance);
    const outcome = await runDefinition(opened.instance.http, compiled, context, {
      dryRun: true,
      at: runnable.at,
    });
    return {
      executionId: null,
      status: 'dry_run',
      replayed: false,
      requests: outcome.requests,
      output: null,
      error: null,
    };
  }

  const claim = await claimKey(deps, {
    id: newId(),
    tenant_id: tenantId,
    instance_id: instance.id,
    action: runnable.action,
    idempotency_key: key,
    instance_name: instance.name,
    title: runnable.title,
    target_type: target?.kind ?? null,
    target_id: request.entityId ?? null,
    input: toJson(input),
    status: 'running',
    result: null,
    error: null,
    actor: toJson(ctx.principal.actor),
    created_at: iso(deps.clock.now()),
    finished_at: null,
  });
  if (claim.replay) {
    const stored = JSON.parse(claim.replay.result ?? '{}') as { data?: Partial<RunOutcome> };
    return {
      executionId: claim.replay.id,
      status: 'succeeded',
      replayed: true,
      requests: stored.data?.requests ?? [],
      output: stored.data?.output ?? null,
      error: null,
    };
  }

  let outcome: RunOutcome | undefined;
  let failure: string | null = null;
  let refused: StewardError | undefined;
  let secrets: string[] = [];
  try {
    const opened = await openInstance(deps, instance);
    secrets = opened.secretValues;
    outcome = await runDefinition(opened.instance.http, compiled, context, {
      dryRun: false,
      at: runnable.at,
    });
  } catch (e) {
    // Our own refusal (a template without a value, a foreign URL) keeps its 4xx and field path.
    if (isStewardError(e) && e.status < 500) refused = e;
    failure = redact(e instanceof Error ? e.message : String(e), secrets).slice(0, 2000);
  }
  const status = failure === null ? 'succeeded' : 'failed';
  const result = outcome
    ? toJson({ status, message: `${outcome.requests.length} request(s) sent`, data: outcome })
    : null;
  await deps.db
    .updateTable('connector_actions')
    .set({ status, result, error: failure, finished_at: iso(deps.clock.now()) })
    .where('id', '=', claim.id)
    .execute();
  await recordAudit(
    deps.db,
    auditFrom(ctx, {
      action: `connector.action.${failure === null ? 'executed' : 'failed'}`,
      target: target
        ? { type: target.kind, id: request.entityId ?? '' }
        : { type: 'connector_instance', id: instance.id },
      after: {
        action: runnable.action,
        title: runnable.title,
        instanceName: instance.name,
        status,
        error: failure,
      },
    }),
    deps.clock,
  );
  if (refused) throw refused;
  if (failure !== null) throw errors.upstream(`${runnable.title} failed: ${failure}`);
  return {
    executionId: claim.id,
    status: 'succeeded',
    replayed: false,
    requests: outcome?.requests ?? [],
    output: outcome?.output ?? null,
    error: null,
  };
}

/** Runs a saved or built-in preset. Needs operator; a destructive one needs admin and confirm. */
export async function runPreset(
  deps: ConnectorDeps,
  ctx: RequestContext,
  presetId: string,
  request: PresetRun,
  options: RunOptions = {},
): Promise<RunView> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const preset = await findPreset(deps, tenantId, presetId);
  return run(
    deps,
    ctx,
    {
      at: 'definition',
      action: `preset:${preset.id}`,
      title: preset.name,
      connectorId: preset.connectorId,
      targetKind: preset.targetKind,
      destructive: preset.destructive,
      definition: preset.definition,
    },
    request,
    options,
  );
}

/** Runs an ad-hoc definition: any request through the instance's credentials, so admins only. */
export async function runInline(
  deps: ConnectorDeps,
  ctx: RequestContext,
  request: InlineRun,
  options: RunOptions = {},
): Promise<RunView> {
  authorize(ctx.principal, 'admin');
  compileDefinition(request.definition, 'body.definition');
  return run(
    deps,
    ctx,
    {
      at: 'body.definition',
      action: 'http:inline',
      title: 'HTTP request',
      connectorId: null,
      targetKind: null,
      destructive: request.destructive,
      definition: request.definition,
    },
    request,
    options,
  );
}
