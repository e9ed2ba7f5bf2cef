import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CustomFieldsTable, DB } from '../../platform/db/index.js';

type Db = Kysely<DB> | Transaction<DB>;

export type FieldRow = Selectable<CustomFieldsTable>;

export function listFields(db: Db, tenantId: string, entityType: string): Promise<FieldRow[]> {
  return db
    .selectFrom('custom_fields')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('entity_type', '=', entityType)
    .orderBy('key')
    .execute();
}

export function findField(db: Db, tenantId: string, id: string): Promise<FieldRow | undefined> {
  return db
    .selectFrom('custom_fields')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertField(db: Db, row: FieldRow): Promise<void> {
  await db.insertInto('custom_fields').values(row).execute();
}

export async function deleteField(db: Db, tenantId: string, row: FieldRow): Promise<void> {
  await db
    .deleteFrom('custom_field_values')
    .where('tenant_id', '=', tenantId)
    .where('field_key', '=', row.key)
    .execute();
  await db.deleteFrom('custom_fields').where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
}

export async function readValues(db: Db, tenantId: string, entityIds: string[]) {
  if (entityIds.length === 0) return [];
  return db
    .selectFrom('custom_field_values')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('entity_id', 'in', entityIds)
    .execute();
}

export async function writeValue(
  db: Db,
  tenantId: string,
  entityId: string,
  key: string,
  value: { text: string | null; number: number | null } | null,
): Promise<void> {
  await db
    .deleteFrom('custom_field_values')
    .where('entity_id', '=', entityId)
    .where('field_key', '=', key)
    .execute();
  if (value) {
    await db
      .insertInto('custom_field_values')
      .values({
        tenant_id: tenantId,
        entity_id: entityId,
        field_key: key,
        value_text: value.text,
        value_number: value.number,
      })
      .execute();
  }
}
