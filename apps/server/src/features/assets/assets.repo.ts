import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import { errors } from '@steward/domain';
import { insertRows, isUniqueViolation, type AssetsTable, type DB } from '../../platform/db/index.js';
import type { AssetRow } from './asset.mapping.js';
import { searchTokens } from './asset.mapping.js';

type Db = Kysely<DB> | Transaction<DB>;

export function findAsset(db: Db, tenantId: string, id: string): Promise<AssetRow | undefined> {
  return db
    .selectFrom('assets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findAssetByTag(db: Db, tenantId: string, assetTag: string): Promise<AssetRow | undefined> {
  return db
    .selectFrom('assets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('asset_tag', '=', assetTag)
    .executeTakeFirst();
}

function tagTaken(e: unknown): never {
  if (isUniqueViolation(e)) {
    throw errors.conflict('The asset tag is already used by another asset.', [
      { path: 'body.assetTag', reason: 'already in use' },
    ]);
  }
  throw e;
}

export async function insertAsset(db: Db, row: Insertable<AssetsTable>): Promise<void> {
  await db.insertInto('assets').values(row).execute().catch(tagTaken);
}

/** Update with optimistic concurrency: false when the row is not at `expectedVersion`. */
export async function updateAssetRow(
  db: Db,
  tenantId: string,
  id: string,
  set: Updateable<AssetsTable>,
  expectedVersion: number,
): Promise<boolean> {
  const r = await db
    .updateTable('assets')
    .set({ ...set, version: expectedVersion + 1 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
    .catch(tagTaken);
  const updated = Number(r.numUpdatedRows) === 1;
  if (updated && typeof set.updated_at === 'string')
    await syncSearchSortKey(db, tenantId, id, set.updated_at);
  return updated;
}

/** The search tokens carry the asset's updated_at (the default sort); keep it in step with the row. */
async function syncSearchSortKey(db: Db, tenantId: string, id: string, updatedAt: string): Promise<void> {
  await db
    .updateTable('search_tokens')
    .set({ sort_updated_at: updatedAt })
    .where('tenant_id', '=', tenantId)
    .where('entity_id', '=', id)
    .execute();
}

export async function deleteAssetRow(db: Db, tenantId: string, id: string): Promise<void> {
  await db
    .deleteFrom('search_tokens')
    .where('tenant_id', '=', tenantId)
    .where('entity_id', '=', id)
    .execute();
  await db
    .deleteFrom('custom_field_values')
    .where('tenant_id', '=', tenantId)
    .where('entity_id', '=', id)
    .execute();
  await db.deleteFrom('assets').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function tagsOf(db: Db, tenantId: string, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('asset_tags')
    .select(['asset_id', 'tag'])
    .where('tenant_id', '=', tenantId)
    .where('asset_id', 'in', ids)
    // In the primary key's order: ordering by tag alone made SQLite walk every tag of the tenant through
    // the (tenant, tag) index, a cost that grew with the fleet (the query bench's state+OS page at 1M).
    .orderBy('asset_id')
    .orderBy('tag')
    .execute();
  for (const r of rows) out.get(r.asset_id)?.push(r.tag);
  return out;
}

export async function replaceTags(db: Db, tenantId: string, assetId: string, tags: string[]): Promise<void> {
  await db
    .deleteFrom('asset_tags')
    .where('tenant_id', '=', tenantId)
    .where('asset_id', '=', assetId)
    .execute();
  const unique = [...new Set(tags)];
  if (unique.length) {
    await db
      .insertInto('asset_tags')
      .values(unique.map((tag) => ({ tenant_id: tenantId, asset_id: assetId, tag })))
      .execute();
  }
}

/** Keep the per-state counters in step with a write, inside the same transaction. */
export async function adjustStateCount(
  db: Db,
  tenantId: string,
  kind: string,
  state: string,
  delta: number,
): Promise<void> {
  await db
    .insertInto('asset_state_counts')
    .values({ tenant_id: tenantId, kind, lifecycle_state: state, n: delta })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'kind', 'lifecycle_state'])
        .doUpdateSet({ n: sql<number>`asset_state_counts.n + ${delta}` }),
    )
    .execute();
}

export async function stateCounts(db: Db, tenantId: string, kind?: string) {
  let q = db
    .selectFrom('asset_state_counts')
    .select(['lifecycle_state', (eb) => eb.fn.sum<string | number>('n').as('n')])
    .where('tenant_id', '=', tenantId)
    .groupBy('lifecycle_state');
  if (kind) q = q.where('kind', '=', kind);
  return q.execute();
}

/** The words an asset is found by, from its own text and its assignee's name and e-mail. */
function tokensOf(row: AssetRow, person?: { name: string; email: string | null }): string[] {
  return searchTokens([
    row.name,
    row.serial_number,
    row.asset_tag,
    row.hostname,
    row.model,
    row.po_number,
    person?.name,
    person?.email,
  ]);
}

const TOKEN_COLUMNS = ['tenant_id', 'token', 'entity_id', 'sort_updated_at'] as const;

/** Search tokens for assets just inserted, nobody assigned yet: one multi-row insert for them all. */
export async function insertSearchTokensForNew(
  db: Db,
  tenantId: string,
  rows: readonly AssetRow[],
): Promise<void> {
  await insertTokens(db, tenantId, rows, new Map());
}

async function insertTokens(
  db: Db,
  tenantId: string,
  rows: readonly AssetRow[],
  people: ReadonlyMap<string, { name: string; email: string | null }>,
): Promise<void> {
  const all = rows.flatMap((row) =>
    tokensOf(row, row.assigned_person_id ? people.get(row.assigned_person_id) : undefined).map((token) => ({
      tenant_id: tenantId,
      token,
      entity_id: row.id,
      sort_updated_at: row.updated_at,
    })),
  );
  await insertRows(db, 'search_tokens', TOKEN_COLUMNS, all);
}

/**
 * Many assets' searchable text changed (same assignee): add the words they gained and drop the ones they
 * lost, leaving the rest (whose sort key the caller has moved) alone.
 */
export async function updateSearchTokenWords(
  db: Db,
  tenantId: string,
  changes: readonly { before: AssetRow; after: AssetRow }[],
): Promise<void> {
  const people = new Map<string, { name: string; email: string | null }>();
  const personIds = [...new Set(changes.map((c) => c.after.assigned_person_id).filter((p) => p !== null))];
  for (let i = 0; i < personIds.length; i += 900) {
    const found = await db
      .selectFrom('people')
      .select(['id', 'name', 'email'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', personIds.slice(i, i + 900))
      .execute();
    for (const p of found) people.set(p.id, p);
  }
  const added: { tenant_id: string; token: string; entity_id: string; sort_updated_at: string }[] = [];
  for (const { before, after } of changes) {
    const person = after.assigned_person_id ? people.get(after.assigned_person_id) : undefined;
    const was = new Set(tokensOf(before, person));
    const now = new Set(tokensOf(after, person));
    const lost = [...was].filter((t) => !now.has(t));
    for (const token of now)
      if (!was.has(token))
        added.push({ tenant_id: tenantId, token, entity_id: after.id, sort_updated_at: after.updated_at });
    if (lost.length)
      await db
        .deleteFrom('search_tokens')
        .where('tenant_id', '=', tenantId)
        .where('entity_id', '=', after.id)
        .where('token', 'in', lost)
        .execute();
  }
  await insertRows(db, 'search_tokens', TOKEN_COLUMNS, added, {
    tail: 'ON CONFLICT (tenant_id, token, entity_id) DO NOTHING',
  });
}

/** Rebuild an asset's search tokens from its searchable text and its assignee's name and email. */
export async function refreshSearchTokens(db: Db, tenantId: string, row: AssetRow): Promise<void> {
  const person = row.assigned_person_id
    ? await db
        .selectFrom('people')
        .select(['name', 'email'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', row.assigned_person_id)
        .executeTakeFirst()
    : undefined;
  const tokens = tokensOf(row, person);
  await db
    .deleteFrom('search_tokens')
    .where('tenant_id', '=', tenantId)
    .where('entity_id', '=', row.id)
    .execute();
  if (tokens.length) {
    await db
      .insertInto('search_tokens')
      .values(
        tokens.map((token) => ({
          tenant_id: tenantId,
          token,
          entity_id: row.id,
          sort_updated_at: row.updated_at,
        })),
      )
      .execute();
  }
}
