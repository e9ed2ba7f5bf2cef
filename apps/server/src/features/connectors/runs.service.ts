import type { Transaction } from 'kysely';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { inTransaction, iso, toJson, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import type { ConnectorDeps } from './deps.js';
import { activeRunOf, requireInstance, toRunView, type InstanceRow, type RunRow } from './instances.repo.js';
import type { RunView } from './instances.schemas.js';

export const SYNC_JOB = 'connectors.sync';
/** A sync that keeps failing is retried from its checkpoint this many times before it is reported failed. */
export const SYNC_ATTEMPTS = 5;

/**
 * Queues a sync of every stream of the instance, unless one is already queued or running (then that one
 * is returned with `created: false`).
 */
export async function queueRun(
  deps: Pick<ConnectorDeps, 'clock' | 'queue'>,
  trx: Transaction<DB>,
  instance: InstanceRow,
  trigger: RunView['trigger'],
): Promise<{ run: RunRow; created: boolean }> {
  const active = await activeRunOf(trx, instance.tenant_id, instance.id);
  if (active) return { run: active, created: false };
  const run: RunRow = {
    id: newId(),
    tenant_id: instance.tenant_id,
    instance_id: instance.id,
    trigger,
    status: 'queued',
    sync_id: null,
    streams: toJson({}),
    counts: toJson({}),
    error: null,
    attempts: 0,
    queued_at: iso(deps.clock.now()),
    started_at: null,
    finished_at: null,
  };
  await trx.insertInto('connector_runs').values(run).execute();
  await deps.queue.enqueue(
    {
      type: SYNC_JOB,
      tenantId: instance.tenant_id,
      payload: { tenantId: instance.tenant_id, runId: run.id },
      idempotencyKey: `${SYNC_JOB}:${run.id}`,
      maxAttempts: SYNC_ATTEMPTS,
    },
    trx,
  );
  return { run, created: true };
}

export async function startRun(
  deps: ConnectorDeps,
  ctx: RequestContext,
  instanceId: string,
): Promise<RunView> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const result = await inTransaction(deps.db, async (trx) => {
    const instance = await requireInstance(trx, tenantId, instanceId);
    if (!Number(instance.enabled))
      throw errors.conflict('This connector instance is disabled.', [
        { path: 'params.id', reason: 'enable the instance to sync it' },
      ]);
    return queueRun(deps, trx, instance, 'manual');
  });
  if (!result.created)
    throw errors.conflict(`A sync of this instance is already ${result.run.status}.`, [
      { path: 'params.id', reason: `run ${result.run.id} is ${result.run.status}` },
    ]);
  deps.wake?.();
  return toRunView(result.run);
}

export async function listRuns(
  deps: ConnectorDeps,
  ctx: RequestContext,
  instanceId: string,
  limit: number,
): Promise<RunView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  await requireInstance(deps.db, tenantId, instanceId);
  const rows = await deps.db
    .selectFrom('connector_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('instance_id', '=', instanceId)
    .orderBy('queued_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRunView);
}

async function requireRun(deps: ConnectorDeps, tenantId: string, runId: string): Promise<RunRow> {
  const row = await deps.db
    .selectFrom('connector_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Connector run ${runId}`);
  return row;
}

export async function getRun(deps: ConnectorDeps, ctx: RequestContext, runId: string): Promise<RunView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return toRunView(await requireRun(deps, tenantId, runId));
}

export async function listRunErrors(
  deps: ConnectorDeps,
  ctx: RequestContext,
  runId: string,
  limit: number,
): Promise<{ stream: string; recordKey: string; message: string; field: string | null; at: string }[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  await requireRun(deps, tenantId, runId);
  const rows = await deps.db
    .selectFrom('connector_run_errors')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('run_id', '=', runId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    stream: r.stream,
    recordKey: r.record_key,
    message: r.message,
    field: r.field,
    at: r.created_at,
  }));
}
