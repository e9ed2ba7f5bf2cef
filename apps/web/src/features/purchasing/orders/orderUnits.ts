import type { PurchaseOrderLine } from '../../../api/purchasing.js';
import type { Asset } from '../../../api/records.js';

/** The line's units that are still ordered and have no serial yet: where a new serial can go. */
export function awaitingSerial(
  line: PurchaseOrderLine,
  units: ReadonlyMap<string, Asset> | undefined,
): number {
  if (!units) return 0;
  return line.assetIds.filter((id) => {
    const a = units.get(id);
    return a !== undefined && a.lifecycleState === 'ordered' && !a.serialNumber;
  }).length;
}

export function unitLabel(asset: Asset | undefined, index: number): string {
  return String(asset?.name ?? asset?.assetTag ?? asset?.serialNumber ?? `Unit ${index + 1}`);
}
