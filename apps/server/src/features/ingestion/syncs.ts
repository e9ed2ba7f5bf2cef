import type { Selectable } from 'kysely';
import { z } from 'zod';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, inTransaction, iso, toJson, type SyncRunsTable } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { recordAudit, auditFrom } from '../audit/index.js';
import type { IngestDeps, ItemStatus } from './ingest.js';
import { publishChanges } from './changes.js';
import { loadSettings } from './settings.js';
import { listSourceRows, toSourceInfo } from './sources.repo.js';
import { requireSource } from './sources.service.js';
import { reconcileEntities, type EntityWork } from './twin.js';

export const syncRunSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    mode: z.enum(['full', 'delta']),
    status: z.enum(['running', 'completed', 'failed']),
    startedAt: z.string(),
    completedAt: z.string().nullable(),
    counts: z.record(z.string(), z.number()).describe('Observations by outcome, and `markedMissing`'),
  })
  .meta({ id: 'SyncRun' });
export type SyncRunView = z.infer<typeof syncRunSchema>;
export const startSyncSchema = z.strictObject({ mode: z.enum(['full', 'delta']) });

type RunRow = Selectable<SyncRunsTable>;

function toView(row: RunRow, sourceKey: string): SyncRunView {
  return {
    id: row.id,
    source: sourceKey,
    mode: row.mode as SyncRunView['mode'],
    status: row.status as SyncRunView['status'],
    startedAt: row.started_at,
    completedAt: row.completed_at,
    counts: fromJson<Record<string, number>>(row.counts) ?? {},
  };
}

export async function startSync(
  deps: IngestDeps,
  ctx: RequestContext,
  key: string,
  mode: 'full' | 'delta',
): Promise<SyncRunView> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const source = await requireSource(deps.db, tenantId, key);
  const row: RunRow = {
    id: newId(),
    tenant_id: tenantId,
    source_id: source.id,
    mode,
    status: 'running',
    started_at: iso(deps.clock.now()),
    completed_at: null,
    counts: toJson({}),
  };
  await deps.db.insertInto('sync_runs').values(row).execute();
  return toView(row, key);
}

/** Add a posted batch's outcomes to its sync run's counts. */
export async function countIntoRun(
  { db, dialect }: Pick<IngestDeps, 'db' | 'dialect'>,
  tenantId: string,
  syncId: string,
  counts: Record<ItemStatus, number>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const q = trx
      .selectFrom('sync_runs')
      .select('counts')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', syncId);
    const run = await (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
    if (!run) return;
    const sum = fromJson<Record<string, number>>(run.counts) ?? {};
    for (const [k, n] of Object.entries(counts)) sum[k] = (sum[k] ?? 0) + n;
    await trx
      .updateTable('sync_runs')
      .set({ counts: toJson(sum) })
      .where('id', '=', syncId)
      .execute();
  });
}

/**
 * Close a sync run. After a full sync, every record of the source it did not see — and not seen within
 * the source's grace period either — is marked missing, and its entity reconciled again (flagged when
 * no source reports it any more). Entities are never deleted.
 */
export async function completeSync(
  deps: IngestDeps,
  ctx: RequestContext,
  key: string,
  syncId: string,
): Promise<SyncRunView> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const source = await requireSource(deps.db, tenantId, key);
  const settings = await loadSettings(deps.db, tenantId);
  const sources = (await listSourceRows(deps.db, tenantId)).map(toSourceInfo);
  return inTransaction(deps.db, async (trx) => {
    const q = trx
      .selectFrom('sync_runs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('source_id', '=', source.id)
      .where('id', '=', syncId);
    const run = await (deps.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
    if (!run) throw errors.notFound(`Sync run ${syncId}`);
    if (run.status !== 'running')
      throw errors.conflict(`Sync run ${syncId} is already ${run.status}.`, [
        { path: 'params.id', reason: `sync run is ${run.status}` },
      ]);
    const now = deps.clock.now();
    const nowIso = iso(now);
    let markedMissing = 0;
    if (run.mode === 'full') {
      const graceCutoff = iso(new Date(now.getTime() - Number(source.missing_grace_hours) * 3_600_000));
      const gone = await trx
        .selectFrom('source_records')
        .select(['id', 'entity_id', 'entity_type'])
        .where('tenant_id', '=', tenantId)
        .where('source_id', '=', source.id)
        .where('missing_since', 'is', null)
        .where((eb) => eb.or([eb('last_sync_id', 'is', null), eb('last_sync_id', '!=', syncId)]))
        .where('last_seen_at', '<', graceCutoff)
        .execute();
      markedMissing = gone.length;
      const info = toSourceInfo(source);
      for (let i = 0; i < gone.length; i += 900) {
        const part = gone.slice(i, i + 900);
        await trx
          .updateTable('source_records')
          .set({ missing_since: nowIso, updated_at: nowIso })
          .where(
            'id',
            'in',
            part.map((g) => g.id),
          )
          .execute();
        const work = new Map<string, EntityWork>();
        for (const g of part)
          if (g.entity_id)
            work.set(g.entity_id, {
              entityId: g.entity_id,
              entityType: g.entity_type as EntityWork['entityType'],
              cause: info,
            });
        const env = { tenantId, ctx, settings, now, sourcesById: new Map(sources.map((s) => [s.id, s])) };
        await publishChanges(deps, trx, env, await reconcileEntities(trx, env, [...work.values()]));
      }
    }
    const counts = { ...(fromJson<Record<string, number>>(run.counts) ?? {}), markedMissing };
    await trx
      .updateTable('sync_runs')
      .set({ status: 'completed', completed_at: nowIso, counts: toJson(counts) })
      .where('id', '=', syncId)
      .execute();
    const view = toView({ ...run, status: 'completed', completed_at: nowIso, counts: toJson(counts) }, key);
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'sync.completed', target: { type: 'sync_run', id: syncId }, after: view }),
      deps.clock,
    );
    return view;
  });
}

/**
 * Close a sync run that could not finish (its connector gave up). Nothing is marked missing: the source
 * was not read in full. False when the run was not running any more.
 */
export async function failSync(
  deps: Pick<IngestDeps, 'db' | 'clock'>,
  ctx: RequestContext,
  syncId: string,
): Promise<boolean> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const r = await deps.db
    .updateTable('sync_runs')
    .set({ status: 'failed', completed_at: iso(deps.clock.now()) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', syncId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listSyncs(
  deps: IngestDeps,
  ctx: RequestContext,
  key: string,
  limit: number,
): Promise<SyncRunView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const source = await requireSource(deps.db, tenantId, key);
  const rows = await deps.db
    .selectFrom('sync_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('source_id', '=', source.id)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => toView(r, key));
}
