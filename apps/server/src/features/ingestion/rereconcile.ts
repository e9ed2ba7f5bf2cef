import { z } from 'zod';
import type { IngestedEntityType } from '@steward/domain';
import { systemContext } from '../../platform/auth/index.js';
import { inTransaction, type Clock, type DB } from '../../platform/db/index.js';
import type { JobHandler, JobQueue } from '../../platform/jobs/index.js';
import type { Kysely, Transaction } from 'kysely';
import { publishChanges } from './changes.js';
import type { IngestDeps } from './ingest.js';
import { loadSettings } from './settings.js';
import { listSourceRows, stewardCause, toSourceInfo } from './sources.repo.js';
import { reconcileEntities } from './twin.js';

export const RERECONCILE_JOB = 'ingestion.rereconcile';
const PAGE = 500;

const payloadSchema = z.object({
  tenantId: z.string(),
  after: z.string().default(''),
  generation: z.string(),
});

/** After a precedence change: reconcile every entity of the tenant again, a page per job. */
export async function scheduleRereconcile(
  queue: Pick<JobQueue, 'enqueue'>,
  db: Kysely<DB> | Transaction<DB>,
  tenantId: string,
  generation: string,
): Promise<void> {
  await queue.enqueue(
    {
      type: RERECONCILE_JOB,
      tenantId,
      payload: { tenantId, after: '', generation },
      idempotencyKey: `${RERECONCILE_JOB}:${tenantId}:${generation}:`,
    },
    db,
  );
}

/**
 * One page of entities (by id) reconciled under the tenant's current settings, then the next page queued.
 * A page is one transaction, so a crash repeats at most that page, which is harmless: reconciling is
 * idempotent.
 */
export function rereconcileHandler(
  deps: IngestDeps & { queue: Pick<JobQueue, 'enqueue'>; clock: Clock },
): JobHandler {
  return async (job) => {
    const p = payloadSchema.parse(job.payload);
    const entities = await deps.db
      .selectFrom('source_records')
      .select(['entity_id', 'entity_type'])
      .distinct()
      .where('tenant_id', '=', p.tenantId)
      .where('entity_id', 'is not', null)
      .where('entity_id', '>', p.after)
      .orderBy('entity_id')
      .limit(PAGE)
      .execute();
    if (entities.length === 0) return { reconciled: 0 };
    const ctx = systemContext(p.tenantId, 'precedence change');
    const settings = await loadSettings(deps.db, p.tenantId);
    const sources = (await listSourceRows(deps.db, p.tenantId)).map(toSourceInfo);
    const cause = stewardCause('precedence-change', 'Precedence change');
    await inTransaction(deps.db, async (trx) => {
      const env = {
        tenantId: p.tenantId,
        ctx,
        settings,
        now: deps.clock.now(),
        sourcesById: new Map(sources.map((s) => [s.id, s])),
      };
      const work = entities.map((e) => ({
        entityId: e.entity_id!,
        entityType: e.entity_type as IngestedEntityType,
        cause,
      }));
      await publishChanges(deps, trx, env, await reconcileEntities(trx, env, work));
    });
    const last = entities.at(-1)!.entity_id!;
    if (entities.length === PAGE)
      await deps.queue.enqueue({
        type: RERECONCILE_JOB,
        tenantId: p.tenantId,
        payload: { ...p, after: last },
        idempotencyKey: `${RERECONCILE_JOB}:${p.tenantId}:${p.generation}:${last}`,
      });
    return { reconciled: entities.length };
  };
}
