import { z } from 'zod';
import type { Json } from '@steward/sdk';
import { systemContext, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, inTransaction, iso, toJson } from '../../platform/db/index.js';
import type { DeadLetterHandler } from '../../platform/jobs/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { failSync } from '../ingestion/index.js';
import type { ConnectorDeps } from './deps.js';
import { streamsOf, toRunView, type InstanceRow, type RunRow, type StreamState } from './instances.repo.js';

export const syncPayloadSchema = z.object({ tenantId: z.string(), runId: z.string() });

export type Counts = Record<string, number>;

export interface FinishingRun {
  deps: ConnectorDeps;
  ctx: RequestContext;
  run: RunRow;
  instance: InstanceRow;
  streams: Record<string, StreamState>;
  counts: Counts;
}

/**
 * Closes a run that is still queued or running (false when it was already closed): its counts, its audit
 * entry and bus event; a success saves the delta checkpoints, a failure closes its ingestion sync run as
 * failed, which marks nothing missing.
 */
export async function finishRun(
  env: FinishingRun,
  status: 'succeeded' | 'failed',
  error: string | null,
): Promise<boolean> {
  const { deps, run, instance } = env;
  const now = iso(deps.clock.now());
  const deltaState = fromJson<Record<string, Json>>(instance.stream_state) ?? {};
  const connector = deps.catalog.get(instance.connector_id);
  for (const [name, s] of Object.entries(env.streams))
    if (status === 'succeeded' && connector?.streams[name]?.mode === 'delta')
      deltaState[name] = s.checkpoint as Json;
  const closed = await inTransaction(deps.db, async (trx) => {
    const r = await trx
      .updateTable('connector_runs')
      .set({ status, finished_at: now, error, counts: toJson(env.counts), streams: toJson(env.streams) })
      .where('id', '=', run.id)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    if (status === 'succeeded')
      await trx
        .updateTable('connector_instances')
        .set({ stream_state: toJson(deltaState) })
        .where('id', '=', instance.id)
        .execute();
    else if (run.sync_id) await failSync({ db: trx, clock: deps.clock }, env.ctx, run.sync_id);
    const view = toRunView({
      ...run,
      status,
      finished_at: now,
      error,
      counts: toJson(env.counts),
      streams: toJson(env.streams),
    });
    await recordAudit(
      trx,
      auditFrom(env.ctx, {
        action: status === 'succeeded' ? 'connector.sync.succeeded' : 'connector.sync.failed',
        target: { type: 'connector_instance', id: instance.id },
        after: view,
      }),
      deps.clock,
    );
    return true;
  });
  if (closed)
    await deps.bus
      .publish(`tenant.${run.tenant_id}.connector.run.${status}`, { instanceId: instance.id, runId: run.id })
      .catch(() => undefined);
  return closed;
}

/**
 * A sync job went to the dead letters without its handler closing the run — its worker died on the final
 * attempt, or the final attempt threw before it could report: the run is failed, not left running.
 */
export function onSyncDead(deps: ConnectorDeps): DeadLetterHandler {
  return async (job, lastError, cause) => {
    const p = syncPayloadSchema.safeParse(job.payload);
    if (!p.success) return;
    const run = await deps.db
      .selectFrom('connector_runs')
      .selectAll()
      .where('tenant_id', '=', p.data.tenantId)
      .where('id', '=', p.data.runId)
      .executeTakeFirst();
    if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
    const instance = await deps.db
      .selectFrom('connector_instances')
      .selectAll()
      .where('id', '=', run.instance_id)
      .executeTakeFirst();
    if (!instance) return;
    const before = run.error ? `; the attempt before failed: ${run.error}` : '';
    const error =
      cause === 'lost-lease'
        ? `the sync's worker stopped responding on its last attempt (${job.attempts} of ${job.maxAttempts} used); ` +
          `the sync was given up — start a new one${before}`
        : `the sync stopped on its last attempt (${job.attempts} of ${job.maxAttempts}): ${lastError}`;
    await finishRun(
      {
        deps,
        ctx: systemContext(p.data.tenantId, `connector ${instance.name}`),
        run,
        instance,
        streams: streamsOf(run),
        counts: fromJson<Counts>(run.counts) ?? {},
      },
      'failed',
      error.slice(0, 2000),
    );
  };
}
