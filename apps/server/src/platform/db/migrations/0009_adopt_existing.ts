import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { identifierKeys, DEFAULT_IDENTIFICATION } from '@steward/domain';
import type { Dialect } from '../store.js';

/**
 * Assets and people made before ingestion existed get a record of the tenant's built-in `manual` source
 * holding what they say now, with their identifiers, so a connector that reports the same serial or e-mail
 * joins them instead of making a second one. Frozen column lists: this must do the same thing forever.
 */
const ASSET_FIELDS: [key: string, column: string, type: 'text' | 'number' | 'boolean'][] = [
  ['name', 'name', 'text'],
  ['assetTag', 'asset_tag', 'text'],
  ['serialNumber', 'serial_number', 'text'],
  ['deviceType', 'device_type', 'text'],
  ['hostname', 'hostname', 'text'],
  ['imei', 'imei', 'text'],
  ['udid', 'udid', 'text'],
  ['manufacturer', 'manufacturer', 'text'],
  ['model', 'model', 'text'],
  ['modelIdentifier', 'model_identifier', 'text'],
  ['cpu', 'cpu', 'text'],
  ['memoryGb', 'memory_gb', 'number'],
  ['storageGb', 'storage_gb', 'number'],
  ['osName', 'os_name', 'text'],
  ['osVersion', 'os_version', 'text'],
  ['osBuild', 'os_build', 'text'],
  ['diskEncrypted', 'disk_encrypted', 'boolean'],
  ['edrPresent', 'edr_present', 'boolean'],
  ['edrHealthy', 'edr_healthy', 'boolean'],
  ['firewallEnabled', 'firewall_enabled', 'boolean'],
  ['mdmEnrolled', 'mdm_enrolled', 'boolean'],
  ['mdmName', 'mdm_name', 'text'],
  ['lastCheckinAt', 'last_checkin_at', 'text'],
  ['poNumber', 'po_number', 'text'],
  ['vendor', 'vendor', 'text'],
  ['purchasePrice', 'purchase_price', 'number'],
  ['purchaseDate', 'purchase_date', 'text'],
  ['warrantyEnd', 'warranty_end', 'text'],
  ['leaseEnd', 'lease_end', 'text'],
  ['depreciationMonths', 'depreciation_months', 'number'],
];
const PERSON_FIELDS: [string, string][] = [
  ['name', 'name'],
  ['email', 'email'],
  ['employeeId', 'employee_id'],
  ['department', 'department'],
  ['title', 'title'],
  ['status', 'status'],
  ['startDate', 'start_date'],
  ['endDate', 'end_date'],
];
const PAGE = 500;

type Row = Record<string, unknown>;

function attributesOf(row: Row, fields: [string, string, string?][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, column, type] of fields) {
    const v = row[column];
    if (v === null || v === undefined) continue;
    out[key] = type === 'boolean' ? Number(v) === 1 : type === 'number' ? Number(v) : v;
  }
  return out;
}

async function manualSource(db: Kysely<unknown>, tenantId: string, now: string): Promise<string> {
  const found = await sql<{
    id: string;
  }>`SELECT id FROM sources WHERE tenant_id = ${tenantId} AND key = 'manual'`.execute(db);
  if (found.rows[0]) return found.rows[0].id;
  const id = randomUUID();
  await sql`INSERT INTO sources (id, tenant_id, key, name, type, stale_after_days, missing_grace_hours, last_seen_at, created_at, updated_at)
    VALUES (${id}, ${tenantId}, 'manual', 'Edits in Steward', 'manual', NULL, 0, ${now}, ${now}, ${now})`.execute(
    db,
  );
  return id;
}

async function adopt(db: Kysely<unknown>, table: 'assets' | 'people', now: string): Promise<void> {
  const entityType = table === 'assets' ? 'asset' : 'person';
  const sources = new Map<string, string>();
  let after = '';
  for (;;) {
    const page = await sql<Row>`SELECT * FROM ${sql.table(table)} e
      WHERE e.id > ${after} AND NOT EXISTS (SELECT 1 FROM source_records r WHERE r.entity_id = e.id)
      ORDER BY e.id LIMIT ${PAGE}`.execute(db);
    if (page.rows.length === 0) return;
    for (const row of page.rows) {
      const tenantId = String(row.tenant_id);
      let sourceId = sources.get(tenantId);
      if (!sourceId) sources.set(tenantId, (sourceId = await manualSource(db, tenantId, now)));
      const attributes =
        table === 'assets' ? attributesOf(row, ASSET_FIELDS) : attributesOf(row, PERSON_FIELDS);
      const ids = Object.fromEntries(
        (table === 'assets' ? ['serialNumber', 'imei', 'udid', 'hostname'] : ['email', 'employeeId'])
          .filter((k) => typeof attributes[k] === 'string')
          .map((k) => [k, attributes[k] as string]),
      );
      const recordId = randomUUID();
      await sql`INSERT INTO source_records (id, tenant_id, source_id, record_key, kind, entity_type, entity_id, hash,
          observed_at, last_seen_at, last_sync_id, missing_since, identifiers, attributes, created_at, updated_at)
        VALUES (${recordId}, ${tenantId}, ${sourceId}, ${String(row.id)}, ${table === 'assets' ? String(row.kind) : 'person'},
          ${entityType}, ${String(row.id)}, ${`adopted:${String(row.id)}`}, ${now}, ${now}, NULL, NULL,
          ${JSON.stringify(ids)}, ${JSON.stringify(attributes)}, ${now}, ${now})`.execute(db);
      for (const k of identifierKeys(ids, DEFAULT_IDENTIFICATION).keys)
        await sql`INSERT INTO entity_identifiers (tenant_id, entity_type, type, value, record_id, entity_id)
          VALUES (${tenantId}, ${entityType}, ${k.type}, ${k.value}, ${recordId}, ${String(row.id)})`.execute(
          db,
        );
    }
    after = String(page.rows.at(-1)!.id);
  }
}

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const now = new Date().toISOString();
  await adopt(db, 'assets', now);
  await adopt(db, 'people', now);
}
