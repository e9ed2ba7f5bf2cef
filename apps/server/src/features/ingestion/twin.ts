import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import {
  ASSET_ATTRIBUTE_BY_KEY,
  reconcile,
  type AssetKind,
  type EntityKind,
  type IngestedEntityType,
  type LifecycleState,
  type PrecedenceGroup,
  type ReconcileContext,
  type RecordEvidence,
  type SourceType,
  type Twin,
} from '@steward/domain';
import { fromJson, insertRows, toJson, type DB } from '../../platform/db/index.js';
import { writeObservedAssets, type ObservedAssetWrite } from '../assets/index.js';
import { writeObservedPeople } from '../people/index.js';
import { loadEvidence } from './records.repo.js';
import type { EffectiveSettings } from './settings.js';
import type { SourceInfo } from './sources.repo.js';

/** An entity whose records changed in this batch and must be reconciled again. */
export interface EntityWork {
  entityType: IngestedEntityType;
  entityId: string;
  /** Set when this batch creates the entity. */
  create?: { kind: EntityKind; by: SourceInfo };
  /** The source whose observation touched it first in the batch (named in the audit event). */
  cause: SourceInfo;
}

export interface EntityChange {
  entityType: IngestedEntityType;
  entityId: string;
  action: 'created' | 'updated' | 'flagged';
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  cause: SourceInfo;
  /** Why it was flagged. */
  reason?: string;
}

export interface TwinEnv {
  tenantId: string;
  settings: EffectiveSettings;
  now: Date;
  sourcesById: ReadonlyMap<string, SourceInfo>;
}

/** Where a new device starts its life, by what first saw it. */
function initialState(type: SourceType): LifecycleState {
  if (type === 'purchasing') return 'ordered';
  if (type === 'mdm' || type === 'edr' || type === 'agent') return 'deployed';
  return 'in_stock';
}

function groupOf(entityType: IngestedEntityType) {
  return (attribute: string): PrecedenceGroup =>
    entityType === 'person' ? 'person' : (ASSET_ATTRIBUTE_BY_KEY.get(attribute)?.group ?? 'custom');
}

/**
 * What is stored of a twin: the attributes its records speak for, those in conflict, and the orphan flag
 * (values and provenance are derived from the records on read).
 */
function summary(twin: Twin): { attributes: string[]; conflicts: string[]; orphaned: boolean; hash: string } {
  const attributes = Object.keys(twin.values).sort();
  const conflicts = Object.keys(twin.conflicts).sort();
  const hash = createHash('sha256')
    .update(toJson({ a: attributes, c: conflicts, o: twin.orphaned }))
    .digest('base64url');
  return { attributes, conflicts, orphaned: twin.orphaned, hash };
}

/** The twin's values, plus a clear for each attribute whose last record left (moved, merged back). */
function valuesToWrite(twin: Twin, previouslyClaimed: readonly string[] = []): Twin['values'] {
  const values = { ...twin.values };
  for (const attribute of previouslyClaimed) if (!(attribute in values)) values[attribute] = null;
  return values;
}

/** How to reconcile an entity of this type in this tenant, now. */
export function reconcileContext(
  env: Pick<TwinEnv, 'settings' | 'now' | 'sourcesById'>,
  entityType: IngestedEntityType,
): ReconcileContext {
  return {
    precedence: env.settings.precedence,
    groupOf: groupOf(entityType),
    staleAfterDays: (r) => env.sourcesById.get(r.sourceId)?.staleAfterDays ?? null,
    now: env.now,
  };
}

/**
 * Reconcile each entity from all its records, write the values that changed, keep provenance and
 * conflicts, and say what changed (for the audit log and the bus).
 */
export async function reconcileEntities(
  trx: Transaction<DB>,
  env: TwinEnv,
  work: readonly EntityWork[],
  /** Every record of the entities this batch creates, as the caller just wrote them. */
  createdEvidence?: ReadonlyMap<string, (RecordEvidence & { entityId: string })[]>,
): Promise<EntityChange[]> {
  if (work.length === 0) return [];
  const evidence = await loadEvidence(
    trx,
    env.tenantId,
    work.filter((w) => !(w.create && createdEvidence)).map((w) => w.entityId),
  );
  if (createdEvidence)
    for (const w of work) if (w.create) evidence.set(w.entityId, createdEvidence.get(w.entityId) ?? []);
  // An entity this batch creates has no twin yet.
  const previous = await loadTwinRows(
    trx,
    env.tenantId,
    work.filter((w) => !w.create).map((w) => w.entityId),
  );
  const assetWrites: ObservedAssetWrite[] = [];
  const personWrites: { id: string; create?: true; values: Twin['values'] }[] = [];
  const twins = new Map<string, Twin>();
  for (const w of work) {
    const twin = reconcile(evidence.get(w.entityId) ?? [], reconcileContext(env, w.entityType));
    twins.set(w.entityId, twin);
    const values = valuesToWrite(twin, previous.get(w.entityId)?.attributes);
    if (w.entityType === 'asset') {
      assetWrites.push({
        id: w.entityId,
        values,
        ...(w.create
          ? { create: { kind: w.create.kind as AssetKind, lifecycleState: initialState(w.create.by.type) } }
          : {}),
      });
    } else {
      personWrites.push({
        id: w.entityId,
        values,
        ...(w.create ? { create: true as const } : {}),
      });
    }
  }
  const nowIso = env.now.toISOString();
  const written = [
    ...(await writeObservedAssets(trx, env.tenantId, nowIso, assetWrites)),
    ...(await writeObservedPeople(trx, env.tenantId, nowIso, personWrites)),
  ];
  const byId = new Map(work.map((w) => [w.entityId, w]));
  const changes: EntityChange[] = written.map((r) => {
    const w = byId.get(r.id)!;
    return {
      entityType: w.entityType,
      entityId: r.id,
      action: r.created ? 'created' : 'updated',
      before: r.before,
      after: r.after,
      cause: w.cause,
    };
  });
  for (const w of work) {
    const twin = twins.get(w.entityId)!;
    const was = previous.get(w.entityId);
    if (twin.orphaned && !was?.orphaned) {
      changes.push({
        entityType: w.entityType,
        entityId: w.entityId,
        action: 'flagged',
        before: { orphaned: false },
        after: { orphaned: true },
        cause: w.cause,
        reason: 'every source that reported it has stopped reporting it',
      });
    }
  }
  await saveTwins(trx, env, work, twins, previous);
  return changes;
}

async function loadTwinRows(trx: Transaction<DB>, tenantId: string, ids: readonly string[]) {
  const out = new Map<string, { hash: string; orphaned: boolean; attributes: string[] }>();
  for (let i = 0; i < ids.length; i += 900) {
    const rows = await trx
      .selectFrom('entity_twins')
      .select(['entity_id', 'hash', 'orphaned', 'attributes'])
      .where('tenant_id', '=', tenantId)
      .where('entity_id', 'in', ids.slice(i, i + 900))
      .execute();
    for (const r of rows)
      out.set(r.entity_id, {
        hash: r.hash,
        orphaned: Number(r.orphaned) === 1,
        attributes: fromJson<string[]>(r.attributes) ?? [],
      });
  }
  return out;
}

const TWIN_COLUMNS = [
  'entity_id',
  'tenant_id',
  'entity_type',
  'hash',
  'attributes',
  'conflicts',
  'conflict_count',
  'orphaned',
  'updated_at',
] as const;

async function saveTwins(
  trx: Transaction<DB>,
  env: TwinEnv,
  work: readonly EntityWork[],
  twins: ReadonlyMap<string, Twin>,
  previous: ReadonlyMap<string, { hash: string }>,
): Promise<void> {
  const now = env.now.toISOString();
  const rows = [];
  for (const w of work) {
    const twin = summary(twins.get(w.entityId)!);
    if (previous.get(w.entityId)?.hash === twin.hash) continue;
    rows.push({
      entity_id: w.entityId,
      tenant_id: env.tenantId,
      entity_type: w.entityType,
      hash: twin.hash,
      attributes: toJson(twin.attributes),
      conflicts: toJson(twin.conflicts),
      conflict_count: twin.conflicts.length,
      orphaned: twin.orphaned ? 1 : 0,
      updated_at: now,
    });
  }
  await insertRows(trx, 'entity_twins', TWIN_COLUMNS, rows, {
    tail: `ON CONFLICT (entity_id) DO UPDATE SET ${TWIN_COLUMNS.slice(3)
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`,
  });
}
