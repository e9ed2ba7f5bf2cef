import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/index.js';
import { customValuesOf, writeCustomValues, type CustomFieldEntityType } from './custom-fields.service.js';

export interface CustomDiff {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * Write the custom values (cf_… keys) that reconciliation decided, where they differ from what is stored.
 * Returns per entity what changed; entities with no change are left out.
 */
export async function writeObservedCustomValues(
  trx: Transaction<DB>,
  tenantId: string,
  entityType: CustomFieldEntityType,
  writes: readonly { id: string; values: Record<string, unknown> }[],
): Promise<Map<string, CustomDiff>> {
  const out = new Map<string, CustomDiff>();
  const withCustom = writes.filter((w) => Object.keys(w.values).some((k) => k.startsWith('cf_')));
  if (withCustom.length === 0) return out;
  const current = await customValuesOf(
    trx,
    tenantId,
    entityType,
    withCustom.map((w) => w.id),
  );
  for (const w of withCustom) {
    const was = current.get(w.id) ?? {};
    const diff: CustomDiff = { before: {}, after: {} };
    const changed: Record<string, string | number | boolean | null> = {};
    for (const [key, value] of Object.entries(w.values)) {
      if (!key.startsWith('cf_') || (was[key] ?? null) === value) continue;
      diff.before[key] = was[key] ?? null;
      diff.after[key] = value;
      changed[key] = value as string | number | boolean | null;
    }
    if (Object.keys(changed).length === 0) continue;
    await writeCustomValues(trx, tenantId, w.id, changed);
    out.set(w.id, diff);
  }
  return out;
}
