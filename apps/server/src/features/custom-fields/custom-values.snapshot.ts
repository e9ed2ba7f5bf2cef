import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/index.js';

/** An entity's stored custom values, exactly as stored (for taking an entity away and back). */
export type CustomValuesSnapshot = {
  field_key: string;
  value_text: string | null;
  value_number: number | null;
}[];

export async function takeCustomValues(
  trx: Transaction<DB>,
  tenantId: string,
  entityId: string,
): Promise<CustomValuesSnapshot> {
  const rows = await trx
    .selectFrom('custom_field_values')
    .select(['field_key', 'value_text', 'value_number'])
    .where('tenant_id', '=', tenantId)
    .where('entity_id', '=', entityId)
    .execute();
  await trx
    .deleteFrom('custom_field_values')
    .where('tenant_id', '=', tenantId)
    .where('entity_id', '=', entityId)
    .execute();
  return rows;
}

export async function putBackCustomValues(
  trx: Transaction<DB>,
  tenantId: string,
  entityId: string,
  values: CustomValuesSnapshot,
): Promise<void> {
  if (values.length)
    await trx
      .insertInto('custom_field_values')
      .values(values.map((c) => ({ ...c, tenant_id: tenantId, entity_id: entityId })))
      .execute();
}
