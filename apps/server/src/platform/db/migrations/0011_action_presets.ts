import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * A tenant's saved generic HTTP actions ("Jamf: remote device lock"), searchable next to the built-in
 * presets and run through a connector instance's vaulted credentials.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('action_presets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Lower-cased name: unique per tenant whatever the case.
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('connector_id', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text')
    .addColumn('destructive', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('action_presets_name')
    .on('action_presets')
    .columns(['tenant_id', 'name_key'])
    .unique()
    .execute();
}
