import type { Inventory, InventoryDelta } from '@steward/protocol';

/** Order-insensitive for object keys, order-sensitive for arrays (the collector lists things in a stable order). */
function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export type InventoryChange =
  | { kind: 'unchanged' }
  /** Something disappeared: a delta cannot say "now absent", so send it all. */
  | { kind: 'full' }
  | { kind: 'delta'; delta: InventoryDelta; sections: string[] };

/** What to report after `previous` was reported and `current` is what the device looks like now. */
export function inventoryDelta(previous: Inventory | undefined, current: Inventory): InventoryChange {
  if (!previous) return { kind: 'full' };
  const keys = new Set([...Object.keys(previous), ...Object.keys(current)] as Array<keyof Inventory>);
  const delta: Record<string, unknown> = {};
  const sections: string[] = [];
  for (const key of keys) {
    const before = previous[key];
    const now = current[key];
    if (canonical(before) === canonical(now)) continue;
    if (now === undefined) return { kind: 'full' };
    delta[key] = now;
    sections.push(key);
  }
  if (sections.length === 0) return { kind: 'unchanged' };
  return { kind: 'delta', delta: delta as InventoryDelta, sections: sections.sort() };
}
