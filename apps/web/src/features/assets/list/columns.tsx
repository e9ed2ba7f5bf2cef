import {
  columnSizingFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
} from '@tanstack/react-table';
import { isSortable } from '../../../api/attributes.js';
import type { Asset, CustomField } from '../../../api/records.js';
import { AssetCell, cellValue } from './AssetCell.js';
import { columnLabel } from './listState.js';

/** Sorting (done by the server: manualSorting) and column sizes; nothing is processed in the browser. */
export const tableFeaturesUsed = tableFeatures({ rowSortingFeature, columnSizingFeature });
export type AssetTableFeatures = typeof tableFeaturesUsed;
export type AssetColumnDef = ColumnDef<AssetTableFeatures, Asset, unknown>;

const helper = createColumnHelper<AssetTableFeatures, Asset>();

const SIZES: Record<string, number> = {
  name: 240,
  serialNumber: 160,
  model: 200,
  lifecycleState: 120,
  assignedPersonId: 190,
  tags: 220,
  legalHold: 110,
  lastCheckinAt: 180,
  createdAt: 180,
  updatedAt: 180,
};

/** Column definitions for the chosen columns, in order. */
export function buildColumns(keys: string[], customFields: readonly CustomField[]): AssetColumnDef[] {
  const custom = new Map(customFields.map((f) => [f.key, f]));
  const labels = new Map(customFields.map((f) => [f.key, f.label]));
  return keys.map(
    (key) =>
      helper.accessor((row) => cellValue(row, key), {
        id: key,
        header: columnLabel(key, labels),
        size: SIZES[key] ?? 150,
        enableSorting: isSortable(key),
        cell: (ctx) => <AssetCell asset={ctx.row.original} column={key} custom={custom.get(key)} linkName />,
      }) as AssetColumnDef,
  );
}
