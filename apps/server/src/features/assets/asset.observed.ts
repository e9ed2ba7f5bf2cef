import { sql, type Transaction } from 'kysely';
import {
  ASSET_ATTRIBUTES,
  ASSET_ATTRIBUTE_BY_KEY,
  type AssetKind,
  type AttributeValue,
  type LifecycleState,
} from '@steward/domain';
import { bulkUpdate, insertRows, unindexed, type BulkColumn, type DB } from '../../platform/db/index.js';
import { toAttributes, toColumns, type AssetRow } from './asset.mapping.js';
import { writeObservedCustomValues } from '../custom-fields/index.js';
import { adjustStateCount, insertSearchTokensForNew, updateSearchTokenWords } from './assets.repo.js';

/** What reconciliation decided for one asset: its values by canonical attribute. */
export interface ObservedAssetWrite {
  id: string;
  /** Set when the asset does not exist yet. */
  create?: { kind: AssetKind; lifecycleState: LifecycleState };
  values: Record<string, AttributeValue | null>;
}

export interface AssetWriteResult {
  id: string;
  created: boolean;
  /** Only the attributes that changed (all of them on creation). */
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

const ASSET_BY_COLUMN = new Map(ASSET_ATTRIBUTES.map((a) => [a.column, a]));
const SEARCHABLE = new Set(ASSET_ATTRIBUTES.filter((a) => a.searchable).map((a) => a.key));
const IDS_PER_STATEMENT = 900;
/** Every column of a new row (`newRow` sets them all). */
const INSERT_COLUMNS = [
  ...new Set([
    ...ASSET_ATTRIBUTES.map((a) => a.column),
    'id',
    'tenant_id',
    'kind',
    'lifecycle_state',
    'legal_hold',
    'purchase_order_line_id',
    'disposed_at',
    'created_at',
    'updated_at',
    'version',
  ]),
] as (keyof AssetRow & string)[];

/**
 * Write reconciled values into asset rows: insert the new ones, update only what differs, keep search
 * tokens and state counters in step. Returns what changed. The values are trusted (already validated).
 * An asset tag already used by another asset is left out rather than failing the batch.
 */
export async function writeObservedAssets(
  trx: Transaction<DB>,
  tenantId: string,
  now: string,
  writes: readonly ObservedAssetWrite[],
): Promise<AssetWriteResult[]> {
  const current = new Map<string, AssetRow>();
  const ids = writes.filter((w) => !w.create).map((w) => w.id);
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const rows = await trx
      .selectFrom('assets')
      .selectAll()
      .where(unindexed(trx, 'tenant_id'), '=', tenantId)
      .where('id', 'in', ids.slice(i, i + IDS_PER_STATEMENT))
      .execute();
    for (const r of rows) current.set(r.id, r);
  }
  const takenTags = await tagsHeldByOthers(trx, tenantId, writes);
  const results: AssetWriteResult[] = [];
  const inserts: AssetRow[] = [];
  const stateDelta = new Map<string, number>();
  const updates: PendingUpdate[] = [];
  for (const w of writes) {
    const values = { ...w.values };
    const tag = values.assetTag;
    if (typeof tag === 'string' && takenTags.get(tag) !== undefined && takenTags.get(tag) !== w.id)
      delete values.assetTag;
    const row = current.get(w.id);
    if (!row) {
      if (!w.create) continue; // deleted meanwhile: nothing to write
      const inserted = newRow(tenantId, w.id, w.create, values, now);
      inserts.push(inserted);
      if (typeof inserted.asset_tag === 'string') takenTags.set(inserted.asset_tag, w.id);
      const key = `${w.create.kind}\u0000${w.create.lifecycleState}`;
      stateDelta.set(key, (stateDelta.get(key) ?? 0) + 1);
      results.push({ id: w.id, created: true, before: null, after: toAttributes(inserted) });
      continue;
    }
    const was = toAttributes(row);
    // A name no source gives is derived (hostname, serial, model) and follows what it was derived from.
    if (values.name === undefined && (was.name === null || was.name === fallbackName(was)))
      values.name = fallbackName({ ...was, ...values } as Record<string, AttributeValue | null>);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if (!ASSET_ATTRIBUTE_BY_KEY.has(key) || was[key] === value) continue;
      before[key] = was[key];
      after[key] = value;
    }
    if (Object.keys(after).length === 0) continue;
    updates.push({
      row,
      set: toColumns(after) as Record<string, unknown>,
      searchable: Object.keys(after).some((k) => SEARCHABLE.has(k)),
    });
    results.push({ id: w.id, created: false, before, after });
  }
  await applyUpdates(trx, tenantId, now, updates);
  await insertRows(trx, 'assets', INSERT_COLUMNS, inserts);
  await insertSearchTokensForNew(trx, tenantId, inserts);
  for (const [key, n] of stateDelta) {
    const [kind, state] = key.split('\u0000') as [string, string];
    await adjustStateCount(trx, tenantId, kind, state, n);
  }
  await mergeCustomChanges(trx, tenantId, now, writes, results);
  return results;
}

/** Custom field values (cf_…) are stored apart from the row; their changes join the row's in the result. */
async function mergeCustomChanges(
  trx: Transaction<DB>,
  tenantId: string,
  now: string,
  writes: readonly ObservedAssetWrite[],
  results: AssetWriteResult[],
): Promise<void> {
  const custom = await writeObservedCustomValues(trx, tenantId, 'asset', writes);
  if (custom.size === 0) return;
  const byId = new Map(results.map((r) => [r.id, r]));
  const customOnly: string[] = [];
  for (const [id, diff] of custom) {
    const r = byId.get(id);
    if (r) {
      r.before = r.before ? { ...r.before, ...diff.before } : null;
      r.after = { ...r.after, ...diff.after };
    } else {
      results.push({ id, created: false, before: diff.before, after: diff.after });
      customOnly.push(id);
    }
  }
  for (let i = 0; i < customOnly.length; i += IDS_PER_STATEMENT) {
    const part = customOnly.slice(i, i + IDS_PER_STATEMENT);
    await trx
      .updateTable('assets')
      .set((eb) => ({ updated_at: now, version: eb('version', '+', 1) }))
      .where(unindexed(trx, 'tenant_id'), '=', tenantId)
      .where('id', 'in', part)
      .execute();
    await trx
      .updateTable('search_tokens')
      .set({ sort_updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('entity_id', 'in', part)
      .execute();
  }
}

interface PendingUpdate {
  row: AssetRow;
  set: Record<string, unknown>;
  searchable: boolean;
}

function bulkType(column: string): BulkColumn['type'] {
  const def = ASSET_BY_COLUMN.get(column);
  if (def?.type === 'number') return 'double precision';
  if (def?.type === 'boolean') return 'integer';
  return 'text';
}

/**
 * Rows that change the same columns are updated together in one statement; search tokens are rebuilt
 * where searchable text changed, and otherwise only their copy of updated_at moves.
 */
async function applyUpdates(
  trx: Transaction<DB>,
  tenantId: string,
  now: string,
  updates: readonly PendingUpdate[],
) {
  const groups = new Map<string, PendingUpdate[]>();
  for (const u of updates) {
    const key = Object.keys(u.set).sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  for (const [key, group] of groups) {
    const columns = key.split(',').map((name) => ({ name, type: bulkType(name) }));
    await bulkUpdate(
      trx,
      'assets',
      tenantId,
      [...columns, { name: 'updated_at', type: 'text' }],
      group.map((u) => ({ id: u.row.id, values: [...columns.map((c) => u.set[c.name] ?? null), now] })),
      sql`version = assets.version + 1`,
    );
  }
  // Every updated asset's tokens take the new updated_at; those whose words changed gain and lose words.
  const ids = updates.map((u) => u.row.id);
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    await trx
      .updateTable('search_tokens')
      .set({ sort_updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('entity_id', 'in', ids.slice(i, i + IDS_PER_STATEMENT))
      .execute();
  }
  await updateSearchTokenWords(
    trx,
    tenantId,
    updates
      .filter((u) => u.searchable)
      .map((u) => ({ before: u.row, after: { ...u.row, ...u.set, updated_at: now } as AssetRow })),
  );
}

function fallbackName(values: Record<string, AttributeValue | null>): string | null {
  const named = values.hostname ?? values.serialNumber ?? values.model;
  return typeof named === 'string' ? named : null;
}

const EMPTY_ROW = Object.freeze(Object.fromEntries(ASSET_ATTRIBUTES.map((a) => [a.column, null])));

function newRow(
  tenantId: string,
  id: string,
  create: NonNullable<ObservedAssetWrite['create']>,
  values: Record<string, AttributeValue | null>,
  now: string,
): AssetRow {
  return {
    ...EMPTY_ROW,
    ...toColumns({ name: fallbackName(values), ...values }),
    id,
    tenant_id: tenantId,
    kind: create.kind,
    lifecycle_state: create.lifecycleState,
    legal_hold: 0,
    purchase_order_line_id: null,
    disposed_at: null,
    created_at: now,
    updated_at: now,
    version: 1,
  } as AssetRow;
}

/** Asset tags these writes would set, mapped to the asset that already holds each. */
async function tagsHeldByOthers(
  trx: Transaction<DB>,
  tenantId: string,
  writes: readonly ObservedAssetWrite[],
): Promise<Map<string, string>> {
  const tags = [...new Set(writes.map((w) => w.values.assetTag).filter((t) => typeof t === 'string'))];
  const held = new Map<string, string>();
  for (let i = 0; i < tags.length; i += IDS_PER_STATEMENT) {
    const rows = await trx
      .selectFrom('assets')
      .select(['id', 'asset_tag'])
      .where('tenant_id', '=', tenantId)
      .where('asset_tag', 'in', tags.slice(i, i + IDS_PER_STATEMENT))
      .execute();
    for (const r of rows) if (r.asset_tag) held.set(r.asset_tag, r.id);
  }
  return held;
}
