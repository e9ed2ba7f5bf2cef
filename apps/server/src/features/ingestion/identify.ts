import {
  DEVICE_RULES,
  PERSON_RULES,
  type IdentificationSettings,
  type IdentifierKey,
  type IdentifierType,
  type IngestedEntityType,
} from '@steward/domain';

/**
 * Which entities hold each identifying value, as far as this batch knows: the rows loaded from the database
 * plus what the batch has decided so far. Kept per record, so a record that changes its keys moves them.
 */
export class IdentifierIndex {
  /** key → record → entity */
  private readonly byKey = new Map<string, Map<string, string>>();
  private readonly byRecord = new Map<string, { entityId: string; keys: string[] }>();
  /** entity → serial → records holding it */
  private readonly serials = new Map<string, Map<string, Set<string>>>();

  private static key(entityType: string, type: string, value: string): string {
    return `${entityType}|${type}|${value}`;
  }

  /** One stored row: `recordId` (linked to `entityId`) holds the value. Idempotent. */
  addRow(entityType: string, type: string, value: string, recordId: string, entityId: string): void {
    const key = IdentifierIndex.key(entityType, type, value);
    let holders = this.byKey.get(key);
    if (!holders) this.byKey.set(key, (holders = new Map()));
    if (holders.get(recordId) === entityId) return;
    holders.set(recordId, entityId);
    const rec = this.byRecord.get(recordId) ?? { entityId, keys: [] };
    rec.entityId = entityId;
    rec.keys.push(key);
    this.byRecord.set(recordId, rec);
    if (type === 'serial') {
      const own = `${entityType}|${entityId}`;
      let serials = this.serials.get(own);
      if (!serials) this.serials.set(own, (serials = new Map()));
      let records = serials.get(value);
      if (!records) serials.set(value, (records = new Set()));
      records.add(recordId);
    }
  }

  /** Replace everything a record holds (its new keys, or none while it waits for review). */
  setRecord(
    entityType: string,
    recordId: string,
    entityId: string | null,
    keys: readonly IdentifierKey[],
  ): void {
    const old = this.byRecord.get(recordId);
    if (old) {
      for (const key of old.keys) {
        this.byKey.get(key)?.delete(recordId);
        const [, type, value] = key.split('|');
        if (type === 'serial')
          this.serials.get(`${entityType}|${old.entityId}`)?.get(value!)?.delete(recordId);
      }
      this.byRecord.delete(recordId);
    }
    if (entityId) for (const k of keys) this.addRow(entityType, k.type, k.value, recordId, entityId);
  }

  holders(entityType: string, k: IdentifierKey): string[] {
    const holders = this.byKey.get(IdentifierIndex.key(entityType, k.type, k.value));
    return [...new Set(holders?.values() ?? [])].sort();
  }

  serialsOf(entityType: string, entityId: string): string[] {
    const serials = this.serials.get(`${entityType}|${entityId}`);
    return [...(serials?.entries() ?? [])].filter(([, recs]) => recs.size > 0).map(([s]) => s);
  }
}

export type Identification =
  | { outcome: 'matched'; entityId: string; rule: IdentifierType }
  | { outcome: 'new' }
  | { outcome: 'ambiguous'; rule: IdentifierType; candidates: { entityId: string; values: string[] }[] };

/**
 * The entity an unlinked record belongs to: rules strongest first; the first rule with any match decides.
 * One entity → matched; several → ambiguous (never merged silently); none anywhere → a new entity.
 * A MAC held by `macSharedLimit` entities or more stops identifying (a dock, a shared adapter). A weaker
 * key never joins a record to an entity whose serial differs from the record's own (the dock MAC of a
 * different laptop).
 */
export function identify(
  entityType: IngestedEntityType,
  keys: readonly IdentifierKey[],
  index: IdentifierIndex,
  settings: IdentificationSettings,
): Identification {
  const rules = entityType === 'person' ? PERSON_RULES : DEVICE_RULES;
  const ownSerials = new Set(keys.filter((k) => k.type === 'serial').map((k) => k.value));
  for (const rule of rules) {
    const found = new Map<string, string[]>();
    for (const k of keys) {
      if (k.type !== rule) continue;
      const holders = index.holders(entityType, k);
      if (rule === 'mac' && holders.length >= settings.macSharedLimit) continue;
      for (const entityId of holders) found.set(entityId, [...(found.get(entityId) ?? []), k.value]);
    }
    if (rule !== 'serial' && ownSerials.size > 0) {
      for (const entityId of [...found.keys()]) {
        if (serialsDiffer(entityType, entityId, ownSerials, index)) found.delete(entityId);
      }
    }
    if (found.size === 1) {
      const [entityId] = found.keys();
      return { outcome: 'matched', entityId: entityId!, rule };
    }
    if (found.size > 1) {
      return {
        outcome: 'ambiguous',
        rule,
        candidates: [...found.entries()]
          .map(([entityId, values]) => ({ entityId, values }))
          .sort((a, b) => (a.entityId < b.entityId ? -1 : 1)),
      };
    }
  }
  return { outcome: 'new' };
}

/** The entity has serials of its own and none of them is the record's. */
function serialsDiffer(
  entityType: string,
  entityId: string,
  ownSerials: ReadonlySet<string>,
  index: IdentifierIndex,
): boolean {
  const theirs = index.serialsOf(entityType, entityId);
  return theirs.length > 0 && !theirs.some((s) => ownSerials.has(s));
}
