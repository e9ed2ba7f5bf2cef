import type { Transaction } from 'kysely';
import { StewardError } from '@steward/domain';
import { putBackCustomValues, takeCustomValues, type CustomValuesSnapshot } from '../custom-fields/index.js';
import type { DB } from '../../platform/db/index.js';
import type { AssetRow } from './asset.mapping.js';
import { adjustStateCount, deleteAssetRow, refreshSearchTokens, replaceTags, tagsOf } from './assets.repo.js';

/** What it takes to bring a merged-away asset back exactly as it was. */
export interface AssetSnapshot {
  row: AssetRow;
  tags: string[];
  custom: CustomValuesSnapshot;
}

/** What ties an asset to history that a merge would lose; it must be the survivor instead. */
async function historyOf(trx: Transaction<DB>, tenantId: string, row: AssetRow): Promise<string[]> {
  const found: string[] = [];
  const has = async (q: Promise<unknown>) => (await q) !== undefined;
  if (Number(row.legal_hold) === 1) found.push('it is under legal hold');
  if (row.purchase_order_line_id) found.push('it came from a purchase order');
  if (
    await has(
      trx
        .selectFrom('assignments')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('asset_id', '=', row.id)
        .executeTakeFirst(),
    )
  )
    found.push('it has assignment history');
  if (
    await has(
      trx
        .selectFrom('attachments')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('entity_id', '=', row.id)
        .executeTakeFirst(),
    )
  )
    found.push('it has attachments');
  if (
    await has(
      trx
        .selectFrom('attestation_items')
        .select('asset_id')
        .where('asset_id', '=', row.id)
        .executeTakeFirst(),
    )
  )
    found.push('it is in an attestation campaign');
  return found;
}

/**
 * Take an asset out of the way of a merge: refuse when it carries history the survivor would not, else
 * snapshot and delete it. The caller moves its source records to the survivor first.
 */
export async function detachAssetForMerge(
  trx: Transaction<DB>,
  tenantId: string,
  row: AssetRow,
): Promise<AssetSnapshot> {
  const history = await historyOf(trx, tenantId, row);
  if (history.length)
    throw new StewardError(
      'merge_refused',
      409,
      `Asset ${row.id} cannot be merged away: ${history.join(', ')}. Keep it as the survivor instead.`,
      [{ path: 'body', reason: history.join('; ') }],
    );
  const tags = (await tagsOf(trx, tenantId, [row.id])).get(row.id) ?? [];
  const custom = await takeCustomValues(trx, tenantId, row.id);
  await deleteAssetRow(trx, tenantId, row.id);
  await adjustStateCount(trx, tenantId, row.kind, row.lifecycle_state, -1);
  return { row, tags, custom };
}

/** Put a merged-away asset back, as it was when merged (undo). */
export async function restoreMergedAsset(
  trx: Transaction<DB>,
  tenantId: string,
  s: AssetSnapshot,
): Promise<void> {
  await trx.insertInto('assets').values(s.row).execute();
  await replaceTags(trx, tenantId, s.row.id, s.tags);
  await putBackCustomValues(trx, tenantId, s.row.id, s.custom);
  await refreshSearchTokens(trx, tenantId, s.row);
  await adjustStateCount(trx, tenantId, s.row.kind, s.row.lifecycle_state, 1);
}
