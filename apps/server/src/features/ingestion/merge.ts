import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { errors, type IngestedEntityType } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, inTransaction, iso, toJson, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { detachAssetForMerge, restoreMergedAsset, type AssetSnapshot } from '../assets/index.js';
import { detachPersonForMerge, restoreMergedPerson, type PersonSnapshot } from '../people/index.js';
import { publishChanges } from './changes.js';
import type { IngestDeps } from './ingest.js';
import { loadSettings } from './settings.js';
import { listSourceRows, stewardCause, toSourceInfo } from './sources.repo.js';
import { reconcileEntities, type TwinEnv } from './twin.js';

export const mergeInputSchema = z.strictObject({
  from: z
    .string()
    .min(1)
    .max(64)
    .describe('The entity merged into this one (it disappears; undo brings it back)'),
  reason: z.string().trim().min(1).max(1000).optional(),
});

export const mergeSchema = z
  .object({
    id: z.string(),
    entityType: z.enum(['asset', 'person']),
    survivorId: z.string(),
    mergedId: z.string(),
    records: z.array(z.string()).describe('Source records moved from the merged entity'),
    mergedAt: z.string(),
    mergedBy: z.string(),
    undoneAt: z.string().nullable(),
  })
  .meta({ id: 'Merge' });
export type MergeView = z.infer<typeof mergeSchema>;

interface Snapshot {
  entity: AssetSnapshot | PersonSnapshot;
  records: string[];
}

const MANUAL = stewardCause('merge', 'A merge');

async function twinEnv(
  deps: IngestDeps,
  db: Kysely<DB> | Transaction<DB>,
  ctx: RequestContext,
  tenantId: string,
): Promise<TwinEnv & { ctx: RequestContext }> {
  const settings = await loadSettings(db, tenantId);
  const sources = (await listSourceRows(db, tenantId)).map(toSourceInfo);
  return {
    tenantId,
    ctx,
    settings,
    now: deps.clock.now(),
    sourcesById: new Map(sources.map((s) => [s.id, s])),
  };
}

async function loadEntity(
  trx: Transaction<DB>,
  tenantId: string,
  type: IngestedEntityType,
  id: string,
  path: string,
) {
  const row =
    type === 'asset'
      ? await trx
          .selectFrom('assets')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst()
      : await trx
          .selectFrom('people')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
  if (!row) {
    if (path === 'params.id') throw errors.notFound(type === 'asset' ? 'Asset' : 'Person');
    throw errors.validation('The entity to merge does not exist.', [{ path, reason: `no such ${type}` }]);
  }
  return row;
}

async function moveRecords(trx: Transaction<DB>, tenantId: string, recordIds: readonly string[], to: string) {
  for (let i = 0; i < recordIds.length; i += 900) {
    const part = recordIds.slice(i, i + 900);
    await trx
      .updateTable('source_records')
      .set({ entity_id: to })
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', part)
      .execute();
    await trx
      .updateTable('entity_identifiers')
      .set({ entity_id: to })
      .where('tenant_id', '=', tenantId)
      .where('record_id', 'in', part)
      .execute();
  }
}

/**
 * Merge `from` into the survivor: its source records (and so their values) move over, the merged
 * entity is snapshotted and removed, and the survivor is reconciled. Undo restores both exactly.
 */
export async function mergeEntities(
  deps: IngestDeps,
  ctx: RequestContext,
  entityType: IngestedEntityType,
  survivorId: string,
  input: z.infer<typeof mergeInputSchema>,
  trxIn?: Transaction<DB>,
): Promise<MergeView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  if (input.from === survivorId)
    throw errors.validation('An entity cannot be merged into itself.', [
      { path: 'body.from', reason: 'same as the survivor' },
    ]);
  const env = await twinEnv(deps, trxIn ?? deps.db, ctx, tenantId);
  return inTransaction(trxIn ?? deps.db, async (trx) => {
    await loadEntity(trx, tenantId, entityType, survivorId, 'params.id');
    const merged = await loadEntity(trx, tenantId, entityType, input.from, 'body.from');
    const records = (
      await trx
        .selectFrom('source_records')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('entity_id', '=', input.from)
        .execute()
    ).map((r) => r.id);
    const entity =
      entityType === 'asset'
        ? await detachAssetForMerge(trx, tenantId, merged as AssetSnapshot['row'])
        : await detachPersonForMerge(trx, tenantId, merged as PersonSnapshot['row']);
    await moveRecords(trx, tenantId, records, survivorId);
    await trx
      .deleteFrom('entity_twins')
      .where('tenant_id', '=', tenantId)
      .where('entity_id', '=', input.from)
      .execute();
    const now = iso(deps.clock.now());
    const view: MergeView = {
      id: newId(),
      entityType,
      survivorId,
      mergedId: input.from,
      records,
      mergedAt: now,
      mergedBy: ctx.principal.actor.name,
      undoneAt: null,
    };
    const snapshot: Snapshot = { entity, records };
    await trx
      .insertInto('entity_merges')
      .values({
        id: view.id,
        tenant_id: tenantId,
        entity_type: entityType,
        survivor_id: survivorId,
        merged_id: input.from,
        snapshot: toJson(snapshot),
        merged_at: now,
        merged_by: ctx.principal.actor.name,
        undone_at: null,
      })
      .execute();
    await publishChanges(
      deps,
      trx,
      env,
      await reconcileEntities(trx, env, [{ entityType, entityId: survivorId, cause: MANUAL }]),
    );
    for (const id of [survivorId, input.from])
      await recordAudit(
        trx,
        {
          ...auditFrom(ctx, {
            action: `${entityType}.merged`,
            target: { type: entityType, id },
            after: { merge: view.id, survivorId, mergedId: input.from, records },
          }),
          reason: input.reason ?? null,
        },
        deps.clock,
      );
    return view;
  });
}

/** Undo a merge: the merged entity comes back as it was and takes its records back. */
export async function undoMerge(deps: IngestDeps, ctx: RequestContext, mergeId: string): Promise<MergeView> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const env = await twinEnv(deps, deps.db, ctx, tenantId);
  return inTransaction(deps.db, async (trx) => {
    const m = await trx
      .selectFrom('entity_merges')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', mergeId)
      .executeTakeFirst();
    if (!m) throw errors.notFound('Merge');
    if (m.undone_at)
      throw errors.conflict('The merge was already undone.', [
        { path: 'params.id', reason: 'already undone' },
      ]);
    const snapshot = fromJson<Snapshot>(m.snapshot)!;
    const entityType = m.entity_type as IngestedEntityType;
    // Only the records still on the survivor go back; one since re-linked elsewhere stays where it is.
    const still = (
      await trx
        .selectFrom('source_records')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('entity_id', '=', m.survivor_id)
        .where('id', 'in', snapshot.records.length ? snapshot.records : [''])
        .execute()
    ).map((r) => r.id);
    await moveRecords(trx, tenantId, still, m.merged_id);
    // The survivor first gives back what it took (an e-mail or asset tag the merged one must have again),
    // then the merged one returns and is reconciled from its own records.
    const cause = (entityId: string) => [{ entityType, entityId, cause: MANUAL }];
    await publishChanges(deps, trx, env, await reconcileEntities(trx, env, cause(m.survivor_id)));
    if (entityType === 'asset') await restoreMergedAsset(trx, tenantId, snapshot.entity as AssetSnapshot);
    else await restoreMergedPerson(trx, tenantId, snapshot.entity as PersonSnapshot);
    await publishChanges(deps, trx, env, await reconcileEntities(trx, env, cause(m.merged_id)));
    const now = iso(deps.clock.now());
    await trx.updateTable('entity_merges').set({ undone_at: now }).where('id', '=', m.id).execute();
    for (const id of [m.survivor_id, m.merged_id])
      await recordAudit(
        trx,
        auditFrom(ctx, {
          action: `${entityType}.merge_undone`,
          target: { type: entityType, id },
          after: { merge: m.id, survivorId: m.survivor_id, mergedId: m.merged_id, records: still },
        }),
        deps.clock,
      );
    return toView({ ...m, undone_at: now });
  });
}

function toView(m: {
  id: string;
  entity_type: string;
  survivor_id: string;
  merged_id: string;
  snapshot: string;
  merged_at: string;
  merged_by: string;
  undone_at: string | null;
}): MergeView {
  return {
    id: m.id,
    entityType: m.entity_type as IngestedEntityType,
    survivorId: m.survivor_id,
    mergedId: m.merged_id,
    records: fromJson<Snapshot>(m.snapshot)?.records ?? [],
    mergedAt: m.merged_at,
    mergedBy: m.merged_by,
    undoneAt: m.undone_at,
  };
}

/** Merges into or out of an entity, newest first. */
export async function listMerges(
  deps: IngestDeps,
  ctx: RequestContext,
  entityId: string,
): Promise<MergeView[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const rows = await deps.db
    .selectFrom('entity_merges')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('survivor_id', '=', entityId), eb('merged_id', '=', entityId)]))
    .orderBy('merged_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toView);
}
