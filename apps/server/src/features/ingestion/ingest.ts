import { sql, type Kysely, type Transaction } from 'kysely';
import { errors, type ErrorDetail, type RecordEvidence, type RejectedIdentifier } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { Bus } from '../../platform/bus/index.js';
import {
  fromJson,
  inTransaction,
  iso,
  toJson,
  type Clock,
  type DB,
  type Dialect,
} from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { identify, IdentifierIndex } from './identify.js';
import { prepare, type CustomFieldsByType, type Prepared } from './prepare.js';
import { customFieldsByKey } from '../custom-fields/index.js';
import {
  insertRecords,
  loadHolders,
  loadIdentifierRows,
  loadRecords,
  recordRef,
  replaceIdentifiers,
  touchRecords,
  updateRecords,
  type IdentifierRow,
  type RecordRow,
} from './records.repo.js';
import { loadSettings, type EffectiveSettings } from './settings.js';
import { listSourceRows, toSourceInfo, type SourceInfo } from './sources.repo.js';
import { publishChanges } from './changes.js';
import { reconcileEntities, type EntityWork } from './twin.js';
import { queueReviews, supersedeReviews, type PendingReview } from './review.queue.js';

export interface IngestDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: Bus;
  dialect: Dialect;
}

export const ITEM_STATUSES = [
  'created',
  'linked',
  'updated',
  'unchanged',
  'review',
  'missing',
  'rejected',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface ItemResult {
  index: number;
  status: ItemStatus;
  entityId?: string | null;
  errors?: ErrorDetail[];
  /** Identifier values that could not identify anything, and why. */
  warnings?: RejectedIdentifier[];
}

export interface IngestResult {
  counts: Record<ItemStatus, number>;
  items: ItemResult[];
}

export interface IngestOptions {
  /** The sync run these observations belong to (full-sync semantics need it). */
  syncId?: string | null | undefined;
}

/** Observations per transaction: big enough to batch the SQL, small enough to keep memory flat. */
const CHUNK = 1000;

interface Env {
  tenantId: string;
  ctx: RequestContext;
  settings: EffectiveSettings;
  sourcesById: Map<string, SourceInfo>;
  syncId: string | null;
  now: Date;
}

/** A batch prepared for the pipeline: sources and settings read once, every item checked. */
export interface PreparedBatch {
  env: Env;
  valid: Prepared[];
  results: ItemResult[];
}

/** Check a batch: every item validated on its own; an invalid one is rejected with its index and reasons. */
export async function prepareBatch(
  deps: IngestDeps,
  ctx: RequestContext,
  entries: readonly (readonly [index: number, raw: unknown])[],
  options: IngestOptions = {},
): Promise<PreparedBatch> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const settings = await loadSettings(deps.db, tenantId);
  const sourceRows = await listSourceRows(deps.db, tenantId);
  const sources = new Map(sourceRows.map((r) => [r.key, toSourceInfo(r)]));
  const syncSource = options.syncId ? await runningSyncSource(deps.db, tenantId, options.syncId) : null;
  const customFields = await loadCustomFields(deps.db, tenantId);
  const results: ItemResult[] = [];
  const valid: Prepared[] = [];
  entries.forEach(([index, raw]) => {
    const p = prepare(raw, index, sources, settings.identification, customFields);
    if (!p.ok) results.push({ index, status: 'rejected', errors: p.errors });
    else if (syncSource && p.item.source.id !== syncSource)
      results.push({
        index,
        status: 'rejected',
        errors: [{ path: `body[${index}].source`, reason: 'not the source of the sync run it is posted to' }],
      });
    else valid.push(p.item);
  });
  return {
    env: {
      tenantId,
      ctx,
      settings,
      sourcesById: new Map([...sources.values()].map((s) => [s.id, s])),
      syncId: options.syncId ?? null,
      now: deps.clock.now(),
    },
    valid,
    results,
  };
}

export async function loadCustomFields(
  db: Kysely<DB> | Transaction<DB>,
  tenantId: string,
): Promise<CustomFieldsByType> {
  const [asset, person] = await Promise.all([
    customFieldsByKey(db, tenantId, 'asset'),
    customFieldsByKey(db, tenantId, 'person'),
  ]);
  const defs = (m: typeof asset) =>
    new Map([...m].map(([key, f]) => [key, { type: f.type, ...(f.values ? { values: f.values } : {}) }]));
  return { asset: defs(asset), person: defs(person) };
}

async function runningSyncSource(db: Kysely<DB>, tenantId: string, syncId: string): Promise<string> {
  const run = await db
    .selectFrom('sync_runs')
    .select(['source_id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', syncId)
    .executeTakeFirst();
  if (!run) throw errors.notFound(`Sync run ${syncId}`);
  if (run.status !== 'running')
    throw errors.conflict(`Sync run ${syncId} is ${run.status}; observations go to a running sync.`, [
      { path: 'query.syncId', reason: `sync run is ${run.status}` },
    ]);
  return run.source_id;
}

/** Run a whole batch through the pipeline: the valid items are applied, the invalid ones reported. */
export async function ingestObservations(
  deps: IngestDeps,
  ctx: RequestContext,
  raws: readonly unknown[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const batch = await prepareBatch(
    deps,
    ctx,
    raws.map((raw, i) => [i, raw] as const),
    options,
  );
  const results = [...batch.results, ...(await applyPrepared(deps, batch.env, batch.valid))];
  return summarise(results);
}

export function summarise(results: ItemResult[]): IngestResult {
  const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>;
  for (const r of results) counts[r.status]++;
  return { counts, items: results.sort((a, b) => a.index - b.index) };
}

/**
 * Apply valid observations chunk by chunk, each chunk one transaction. Within the batch the latest
 * observation of a record wins, whatever order they came in.
 */
export async function applyPrepared(deps: IngestDeps, env: Env, items: Prepared[]): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  const latest = new Map<string, Prepared>();
  for (const item of items) {
    const ref = recordRef(item.source.id, item.recordKey);
    const seen = latest.get(ref);
    if (!seen || isNewer(item, seen)) {
      if (seen) results.push({ index: seen.index, status: 'unchanged' });
      latest.set(ref, item);
    } else results.push({ index: item.index, status: 'unchanged' });
  }
  const ordered = [...latest.values()].sort((a, b) => a.index - b.index);
  for (let i = 0; i < ordered.length; i += CHUNK) {
    const chunk = ordered.slice(i, i + CHUNK);
    results.push(...(await inTransaction(deps.db, (trx) => applyChunk(deps, trx, env, chunk))));
  }
  return results;
}

function isNewer(a: Prepared, b: Prepared): boolean {
  return a.observedAt > b.observedAt || (a.observedAt === b.observedAt && a.index > b.index);
}

type Classified = { item: Prepared; rec: RecordRow | undefined };

/** What needs the pipeline: not a late or repeated observation, nor one whose content is unchanged. */
function classify(chunk: readonly Prepared[], existing: ReadonlyMap<string, RecordRow>) {
  const results: ItemResult[] = [];
  const touches: { id: string; seenAt: string }[] = [];
  const changed: Classified[] = [];
  for (const item of chunk) {
    const rec = existing.get(recordRef(item.source.id, item.recordKey));
    const warnings = item.unusable.length ? { warnings: item.unusable } : {};
    if (rec && item.observedAt < rec.observed_at) {
      // An older observation arriving late says nothing newer than what we hold.
      results.push({ index: item.index, status: 'unchanged', entityId: rec.entity_id, ...warnings });
    } else if (item.deleted && (!rec || rec.missing_since)) {
      results.push({ index: item.index, status: 'unchanged', entityId: rec?.entity_id ?? null });
    } else if (rec && rec.hash === item.hash && !rec.missing_since) {
      touches.push({ id: rec.id, seenAt: item.observedAt });
      results.push({ index: item.index, status: 'unchanged', entityId: rec.entity_id, ...warnings });
    } else changed.push({ item, rec });
  }
  return { results, touches, changed };
}

/**
 * The identifier index for a chunk: the keys of the linked records that changed, every holder of the
 * keys the chunk brings, and those holders' serials (for the serial guard).
 */
async function loadIdentifierIndex(
  trx: Transaction<DB>,
  tenantId: string,
  changed: readonly Classified[],
): Promise<IdentifierIndex> {
  const index = new IdentifierIndex();
  const linked = changed.filter((c) => c.rec?.entity_id).map((c) => c.rec!.id);
  const loaded: IdentifierRow[] = [...(await loadIdentifierRows(trx, tenantId, { recordIds: linked }))];
  for (const entityType of ['asset', 'person'] as const) {
    const keys = changed.filter((c) => c.item.entityType === entityType).flatMap((c) => c.item.keys);
    if (keys.length) loaded.push(...(await loadHolders(trx, tenantId, entityType, keys)));
  }
  const holders = [...new Set(loaded.map((r) => r.entity_id))];
  loaded.push(...(await loadIdentifierRows(trx, tenantId, { entityIds: holders, serialsOnly: true })));
  for (const r of loaded) index.addRow(r.entity_type, r.type, r.value, r.record_id, r.entity_id);
  return index;
}

async function applyChunk(
  deps: IngestDeps,
  trx: Transaction<DB>,
  env: Env,
  chunk: Prepared[],
): Promise<ItemResult[]> {
  const { tenantId } = env;
  // One writer per tenant at a time on PostgreSQL, so two batches never both create one device.
  if (deps.dialect === 'postgres')
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`ingest:${tenantId}`}))`.execute(trx);
  const now = iso(deps.clock.now());
  const existing = await loadRecords(
    trx,
    tenantId,
    chunk.map((c) => ({ sourceId: c.source.id, recordKey: c.recordKey })),
  );
  const { results, touches, changed } = classify(chunk, existing);
  await touchRecords(trx, touches, env.syncId);
  if (changed.length === 0) return results;

  const index = await loadIdentifierIndex(trx, tenantId, changed);

  const inserts: RecordRow[] = [];
  const updates: RecordRow[] = [];
  const identifierRows: IdentifierRow[] = [];
  const work = new Map<string, EntityWork>();
  const reviews: PendingReview[] = [];
  // The entities this chunk creates have no records but the chunk's own: reconciled from memory.
  const createdEvidence = new Map<string, (RecordEvidence & { entityId: string })[]>();
  for (const { item, rec } of changed) {
    const recordId = rec?.id ?? newId();
    let entityId = rec?.entity_type === item.entityType ? (rec.entity_id ?? null) : null;
    let status: ItemStatus = item.deleted ? 'missing' : 'updated';
    if (!entityId && !item.deleted) {
      const found = identify(item.entityType, item.keys, index, env.settings.identification);
      if (found.outcome === 'matched') {
        entityId = found.entityId;
        status = 'linked';
      } else if (found.outcome === 'new') {
        entityId = newId();
        status = 'created';
        work.set(entityId, {
          entityType: item.entityType,
          entityId,
          create: { kind: item.kind, by: item.source },
          cause: item.source,
        });
      } else {
        status = 'review';
        reviews.push({
          recordId,
          entityType: item.entityType,
          rule: found.rule,
          candidates: found.candidates,
        });
      }
    }
    if (entityId && !work.has(entityId))
      work.set(entityId, { entityType: item.entityType, entityId, cause: item.source });
    index.setRecord(item.entityType, recordId, entityId, item.deleted ? [] : item.keys);
    if (entityId && !item.deleted) {
      for (const k of item.keys)
        identifierRows.push({
          tenant_id: tenantId,
          entity_type: item.entityType,
          type: k.type,
          value: k.value,
          record_id: recordId,
          entity_id: entityId,
        });
    }
    const attributes =
      item.deleted && rec ? (fromJson<Prepared['attributes']>(rec.attributes) ?? {}) : item.attributes;
    const row: RecordRow = {
      id: recordId,
      tenant_id: tenantId,
      source_id: item.source.id,
      record_key: item.recordKey,
      kind: item.kind,
      entity_type: item.entityType,
      entity_id: entityId,
      hash: item.hash,
      observed_at: item.observedAt,
      last_seen_at: item.observedAt,
      last_sync_id: env.syncId ?? rec?.last_sync_id ?? null,
      missing_since: item.deleted ? now : null,
      identifiers: toJson(item.identifiers),
      attributes: toJson(attributes),
      created_at: rec?.created_at ?? now,
      updated_at: now,
    };
    if (rec) updates.push(row);
    else inserts.push(row);
    const created = entityId ? work.get(entityId) : undefined;
    if (created?.create && entityId) {
      const list = createdEvidence.get(entityId) ?? [];
      list.push({
        entityId,
        recordId,
        sourceId: item.source.id,
        sourceKey: item.source.key,
        sourceType: item.source.type,
        recordKey: item.recordKey,
        observedAt: row.observed_at,
        lastSeenAt: row.last_seen_at,
        missing: row.missing_since !== null,
        attributes,
      });
      createdEvidence.set(entityId, list);
    }
    const warnings = item.unusable.length ? { warnings: item.unusable } : {};
    results.push({ index: item.index, status, entityId, ...warnings });
  }
  await insertRecords(trx, inserts);
  await updateRecords(trx, tenantId, updates);
  const rekeyed = changed.filter((c) => !c.item.deleted).map((c) => c.rec?.id ?? '');
  await replaceIdentifiers(trx, tenantId, [...rekeyed.filter(Boolean)], identifierRows);
  await queueReviews(trx, tenantId, reviews, now);
  const queued = new Set(reviews.map((r) => r.recordId));
  const settled = changed
    .filter((c) => c.rec && !c.rec.entity_id && !queued.has(c.rec.id))
    .map((c) => c.rec!.id);
  await supersedeReviews(trx, tenantId, settled, now);
  const changes = await reconcileEntities(
    trx,
    { ...env, now: deps.clock.now() },
    [...work.values()],
    createdEvidence,
  );
  await publishChanges(deps, trx, env, changes);
  await markSourcesSeen(trx, tenantId, chunk, now);
  return results;
}

async function markSourcesSeen(trx: Transaction<DB>, tenantId: string, chunk: Prepared[], now: string) {
  const ids = [...new Set(chunk.map((c) => c.source.id))];
  await trx
    .updateTable('sources')
    .set({ last_seen_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}
