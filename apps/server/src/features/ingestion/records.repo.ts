import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { IdentifierKey, RecordEvidence, SourceType } from '@steward/domain';
import {
  bulkUpdate,
  fromJson,
  insertRows,
  unindexed,
  type DB,
  type SourceRecordsTable,
} from '../../platform/db/index.js';

type Db = Kysely<DB> | Transaction<DB>;
export type RecordRow = Selectable<SourceRecordsTable>;

const IDS_PER_STATEMENT = 900;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const recordRef = (sourceId: string, recordKey: string) => `${sourceId}\u0000${recordKey}`;

/** Existing records for (source, key) pairs, by recordRef. */
export async function loadRecords(
  db: Db,
  tenantId: string,
  refs: readonly { sourceId: string; recordKey: string }[],
): Promise<Map<string, RecordRow>> {
  const out = new Map<string, RecordRow>();
  const bySource = new Map<string, string[]>();
  for (const r of refs) bySource.set(r.sourceId, [...(bySource.get(r.sourceId) ?? []), r.recordKey]);
  for (const [sourceId, keys] of bySource) {
    for (const part of chunks(keys, IDS_PER_STATEMENT)) {
      const rows = await db
        .selectFrom('source_records')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('source_id', '=', sourceId)
        .where('record_key', 'in', part)
        .execute();
      for (const row of rows) out.set(recordRef(row.source_id, row.record_key), row);
    }
  }
  return out;
}

const RECORD_INSERT_COLUMNS = [
  'id',
  'tenant_id',
  'source_id',
  'record_key',
  'kind',
  'entity_type',
  'entity_id',
  'hash',
  'observed_at',
  'last_seen_at',
  'last_sync_id',
  'missing_since',
  'identifiers',
  'attributes',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof RecordRow)[];

export async function insertRecords(db: Db, rows: RecordRow[]): Promise<void> {
  await insertRows(db, 'source_records', RECORD_INSERT_COLUMNS, rows);
}

const RECORD_COLUMNS = [
  'kind',
  'entity_type',
  'entity_id',
  'hash',
  'observed_at',
  'last_seen_at',
  'last_sync_id',
  'missing_since',
  'identifiers',
  'attributes',
  'updated_at',
] as const;

/** Rewrite changed records in place (their id, source and key stay), many per statement. */
export async function updateRecords(db: Db, tenantId: string, rows: RecordRow[]): Promise<void> {
  await bulkUpdate(
    db,
    'source_records',
    tenantId,
    RECORD_COLUMNS.map((name) => ({ name, type: 'text' as const })),
    rows.map((r) => ({ id: r.id, values: RECORD_COLUMNS.map((c) => r[c]) })),
  );
}

/** Unchanged records seen again: only when they were last seen, and by which sync, moves. */
export async function touchRecords(
  db: Db,
  touches: readonly { id: string; seenAt: string }[],
  syncId: string | null,
): Promise<void> {
  for (const part of chunks(touches, IDS_PER_STATEMENT / 2)) {
    const values = sql.join(part.map((t) => sql`(${t.id}, ${t.seenAt})`));
    await sql`UPDATE source_records
      SET last_seen_at = CASE WHEN v.column2 > source_records.last_seen_at
                              THEN v.column2 ELSE source_records.last_seen_at END,
          last_sync_id = COALESCE(${syncId}, source_records.last_sync_id)
      FROM (VALUES ${values}) AS v
      WHERE source_records.id = v.column1`.execute(db);
  }
}

export interface IdentifierRow {
  tenant_id: string;
  entity_type: string;
  type: string;
  value: string;
  record_id: string;
  entity_id: string;
}

const IDENTIFIER_COLUMNS = [
  'tenant_id',
  'entity_type',
  'type',
  'value',
  'record_id',
  'entity_id',
] as const satisfies readonly (keyof IdentifierRow)[];

/** Replace the identifying values of these records (a record's keys follow what it last said). */
export async function replaceIdentifiers(
  db: Db,
  tenantId: string,
  recordIds: readonly string[],
  rows: readonly IdentifierRow[],
): Promise<void> {
  for (const part of chunks(recordIds, IDS_PER_STATEMENT)) {
    await db
      .deleteFrom('entity_identifiers')
      .where(unindexed(db, 'tenant_id'), '=', tenantId)
      .where('record_id', 'in', part)
      .execute();
  }
  await insertRows(db, 'entity_identifiers', IDENTIFIER_COLUMNS, rows);
}

/** Who holds each of these identifying values now: one row per holding record. */
export async function loadHolders(
  db: Db,
  tenantId: string,
  entityType: string,
  keys: readonly IdentifierKey[],
): Promise<IdentifierRow[]> {
  const byType = new Map<string, Set<string>>();
  for (const k of keys) {
    let values = byType.get(k.type);
    if (!values) byType.set(k.type, (values = new Set()));
    values.add(k.value);
  }
  const out: IdentifierRow[] = [];
  for (const [type, values] of byType) {
    for (const part of chunks([...values], IDS_PER_STATEMENT)) {
      out.push(
        ...(await db
          .selectFrom('entity_identifiers')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('entity_type', '=', entityType)
          .where('type', '=', type)
          .where('value', 'in', part)
          .execute()),
      );
    }
  }
  return out;
}

/** The serials of these entities (for the serial guard), or every key of these records. */
export async function loadIdentifierRows(
  db: Db,
  tenantId: string,
  by: { entityIds: readonly string[]; serialsOnly: true } | { recordIds: readonly string[] },
): Promise<IdentifierRow[]> {
  const ids = 'entityIds' in by ? by.entityIds : by.recordIds;
  const out: IdentifierRow[] = [];
  for (const part of chunks(ids, IDS_PER_STATEMENT)) {
    const q =
      'entityIds' in by
        ? db
            .selectFrom('entity_identifiers')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('entity_id', 'in', part)
            .where('type', '=', 'serial')
        : db
            .selectFrom('entity_identifiers')
            .selectAll()
            .where(unindexed(db, 'tenant_id'), '=', tenantId)
            .where('record_id', 'in', part);
    out.push(...(await q.execute()));
  }
  return out;
}

/** Every record linked to these entities, as the reconciler reads them. */
export async function loadEvidence(
  db: Db,
  tenantId: string,
  entityIds: readonly string[],
): Promise<Map<string, (RecordEvidence & { entityId: string })[]>> {
  const out = new Map<string, (RecordEvidence & { entityId: string })[]>();
  for (const part of chunks(entityIds, IDS_PER_STATEMENT)) {
    const rows = await db
      .selectFrom('source_records as r')
      .innerJoin('sources as s', 's.id', 'r.source_id')
      .select([
        'r.id',
        'r.entity_id',
        'r.source_id',
        'r.record_key',
        'r.observed_at',
        'r.last_seen_at',
        'r.missing_since',
        'r.attributes',
        's.key as source_key',
        's.type as source_type',
      ])
      .where('r.tenant_id', '=', tenantId)
      .where('r.entity_id', 'in', part)
      .execute();
    for (const r of rows) {
      const list = out.get(r.entity_id!) ?? [];
      list.push({
        entityId: r.entity_id!,
        recordId: r.id,
        sourceId: r.source_id,
        sourceKey: r.source_key,
        sourceType: r.source_type as SourceType,
        recordKey: r.record_key,
        observedAt: r.observed_at,
        lastSeenAt: r.last_seen_at,
        missing: r.missing_since !== null,
        attributes: fromJson<RecordEvidence['attributes']>(r.attributes) ?? {},
      });
      out.set(r.entity_id!, list);
    }
  }
  return out;
}
