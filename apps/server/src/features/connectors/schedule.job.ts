import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { inTransaction, iso, type DB } from '../../platform/db/index.js';
import type { JobHandler } from '../../platform/jobs/index.js';
import type { ConnectorDeps } from './deps.js';
import type { InstanceRow } from './instances.repo.js';
import { queueRun } from './runs.service.js';
import { firesAt, nextFire } from './schedule.js';

export const SCHEDULED_SYNC_JOB = 'connectors.scheduled-sync';

const payloadSchema = z.object({ tenantId: z.string(), instanceId: z.string(), at: z.string() });

/**
 * Sets a durable timer for the instance's next scheduled sync. The idempotency key is the fire time, so
 * saving an instance twice does not double it; a timer left from an older schedule finds it no longer
 * fires then and does nothing.
 */
export async function scheduleNextSync(
  deps: Pick<ConnectorDeps, 'queue'>,
  db: Kysely<DB> | Transaction<DB>,
  instance: Pick<InstanceRow, 'id' | 'tenant_id' | 'schedule' | 'time_zone' | 'enabled'>,
  after: Date,
): Promise<Date | null> {
  if (!Number(instance.enabled)) return null;
  const at = nextFire(instance.schedule, instance.time_zone, after);
  if (!at) return null;
  await deps.queue.enqueue(
    {
      type: SCHEDULED_SYNC_JOB,
      tenantId: instance.tenant_id,
      runAt: at,
      payload: { tenantId: instance.tenant_id, instanceId: instance.id, at: iso(at) },
      idempotencyKey: `${SCHEDULED_SYNC_JOB}:${instance.id}:${iso(at)}`,
    },
    db,
  );
  return at;
}

export function scheduledSyncHandler(deps: ConnectorDeps): JobHandler {
  return async (job) => {
    const p = payloadSchema.parse(job.payload);
    const at = new Date(p.at);
    return inTransaction(deps.db, async (trx) => {
      const instance = await trx
        .selectFrom('connector_instances')
        .selectAll()
        .where('tenant_id', '=', p.tenantId)
        .where('id', '=', p.instanceId)
        .executeTakeFirst();
      if (!instance || !Number(instance.enabled) || !firesAt(instance.schedule, instance.time_zone, at))
        return { skipped: 'schedule changed' };
      const { run, created } = await queueRun(deps, trx, instance, 'schedule');
      // After a downtime, skip the missed fire times rather than replay each one.
      const from = new Date(Math.max(at.getTime(), deps.clock.now().getTime()));
      const next = await scheduleNextSync(deps, trx, instance, from);
      return { runId: run.id, created, next: next ? iso(next) : null };
    });
  };
}
