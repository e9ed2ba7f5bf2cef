import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../store.js';

type ColumnKind = 'text' | 'number' | 'boolean';

/**
 * The canonical asset attribute columns as of this migration (packages/domain attributes.ts).
 * Frozen here on purpose: a migration must build the same schema forever; new attributes get new migrations.
 */
const ASSET_COLUMNS: [string, ColumnKind][] = [
  ['name', 'text'],
  ['asset_tag', 'text'],
  ['serial_number', 'text'],
  ['device_type', 'text'],
  ['hostname', 'text'],
  ['imei', 'text'],
  ['udid', 'text'],
  ['manufacturer', 'text'],
  ['model', 'text'],
  ['model_identifier', 'text'],
  ['cpu', 'text'],
  ['memory_gb', 'number'],
  ['storage_gb', 'number'],
  ['os_name', 'text'],
  ['os_version', 'text'],
  ['os_build', 'text'],
  ['disk_encrypted', 'boolean'],
  ['edr_present', 'boolean'],
  ['edr_healthy', 'boolean'],
  ['firewall_enabled', 'boolean'],
  ['mdm_enrolled', 'boolean'],
  ['mdm_name', 'text'],
  ['last_checkin_at', 'text'],
  ['po_number', 'text'],
  ['vendor', 'text'],
  ['purchase_price', 'number'],
  ['purchase_date', 'text'],
  ['warranty_end', 'text'],
  ['lease_end', 'text'],
  ['depreciation_months', 'number'],
  ['assigned_person_id', 'text'],
  ['location_id', 'text'],
  ['lifecycle_state', 'text'],
  ['legal_hold', 'boolean'],
  ['disposal_method', 'text'],
];

function columnType(kind: ColumnKind, dialect: Dialect) {
  if (kind === 'number') return dialect === 'postgres' ? sql`double precision` : sql`real`;
  if (kind === 'boolean') return sql`integer`;
  return textType(dialect);
}

/**
 * Filterable text compares byte-wise on both dialects (SQLite's BINARY, PostgreSQL's "C"), so sorting,
 * keyset paging and prefix ranges behave identically and always use the index.
 */
function textType(dialect: Dialect) {
  return dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
}

/** Assets, people, locations, assignments, custom fields, tags, search tokens, purchasing, attachments, views. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const num = dialect === 'postgres' ? sql`double precision` : sql`real`;

  await db.schema
    .createTable('locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('locations_name')
    .on('locations')
    .columns(['tenant_id', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('email', textType(dialect))
    .addColumn('employee_id', textType(dialect))
    .addColumn('name', textType(dialect), (c) => c.notNull())
    .addColumn('department', 'text')
    .addColumn('title', 'text')
    .addColumn('manager_id', 'text')
    .addColumn('location_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('legal_hold', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_email').on('people').columns(['tenant_id', 'email']).unique().execute();
  await db.schema.createIndex('people_employee').on('people').columns(['tenant_id', 'employee_id']).execute();
  await db.schema.createIndex('people_name').on('people').columns(['tenant_id', 'name', 'id']).execute();
  await db.schema.createIndex('people_status').on('people').columns(['tenant_id', 'status', 'id']).execute();
  await db.schema.createIndex('people_manager').on('people').columns(['tenant_id', 'manager_id']).execute();

  let assets = db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull());
  for (const [column, kind] of ASSET_COLUMNS) {
    assets = assets.addColumn(column, columnType(kind, dialect), (c) =>
      column === 'lifecycle_state' ? c.notNull() : column === 'legal_hold' ? c.notNull().defaultTo(0) : c,
    );
  }
  await assets
    .addColumn('purchase_order_line_id', 'text')
    .addColumn('disposed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // One (tenant, column, id) index per filterable attribute: equality, range, prefix and keyset sorting
  // on any of them is an index walk. The id tail makes the keyset order total.
  for (const [column] of ASSET_COLUMNS) {
    await db.schema
      .createIndex(`assets_${column}`)
      .on('assets')
      .columns(['tenant_id', column, 'id'])
      .execute();
  }
  await db.schema.createIndex('assets_kind').on('assets').columns(['tenant_id', 'kind', 'id']).execute();
  await db.schema
    .createIndex('assets_updated')
    .on('assets')
    .columns(['tenant_id', 'updated_at', 'id'])
    .execute();
  await db.schema.createIndex('assets_po_line').on('assets').columns(['purchase_order_line_id']).execute();
  await db.schema
    .createIndex('assets_state_os')
    .on('assets')
    .columns(['tenant_id', 'lifecycle_state', 'os_version', 'id'])
    .execute();

  await db.schema
    .createTable('asset_tags')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_tags_pk', ['asset_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('asset_tags_tag')
    .on('asset_tags')
    .columns(['tenant_id', 'tag', 'asset_id'])
    .execute();

  // Per-state counts kept in step with every write, so "how many in each state" is O(1) at any size.
  await db.schema
    .createTable('asset_state_counts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lifecycle_state', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_state_counts_pk', ['tenant_id', 'kind', 'lifecycle_state'])
    .execute();

  await db.schema
    .createTable('search_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('token', textType(dialect), (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_tokens_pk', ['tenant_id', 'token', 'entity_id'])
    .execute();
  await db.schema.createIndex('search_tokens_entity').on('search_tokens').columns(['entity_id']).execute();

  await db.schema
    .createTable('custom_fields')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('enum_values', 'text')
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('custom_fields_key')
    .on('custom_fields')
    .columns(['tenant_id', 'entity_type', 'key'])
    .unique()
    .execute();

  await db.schema
    .createTable('custom_field_values')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('field_key', 'text', (c) => c.notNull())
    .addColumn('value_text', textType(dialect))
    .addColumn('value_number', num)
    .addPrimaryKeyConstraint('custom_field_values_pk', ['entity_id', 'field_key'])
    .execute();
  await db.schema
    .createIndex('cfv_text')
    .on('custom_field_values')
    .columns(['tenant_id', 'field_key', 'value_text', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('cfv_number')
    .on('custom_field_values')
    .columns(['tenant_id', 'field_key', 'value_number', 'entity_id'])
    .execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('person_id', 'text')
    .addColumn('location_id', 'text')
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('note', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('ack_token_hash', 'text')
    .execute();
  await db.schema
    .createIndex('assignments_asset')
    .on('assignments')
    .columns(['tenant_id', 'asset_id', 'assigned_at'])
    .execute();
  await db.schema
    .createIndex('assignments_person')
    .on('assignments')
    .columns(['tenant_id', 'person_id', 'assigned_at'])
    .execute();
  await db.schema
    .createIndex('assignments_due')
    .on('assignments')
    .columns(['tenant_id', 'returned_at', 'due_at'])
    .execute();
  await db.schema.createIndex('assignments_ack').on('assignments').columns(['ack_token_hash']).execute();

  await db.schema
    .createTable('purchase_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('po_number', 'text', (c) => c.notNull())
    .addColumn('ordered_at', 'text')
    .addColumn('expected_at', 'text')
    .addColumn('ship_to_person_id', 'text')
    .addColumn('ship_to_location_id', 'text')
    .addColumn('currency', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('po_vendor_number')
    .on('purchase_orders')
    .columns(['tenant_id', 'vendor', 'po_number'])
    .unique()
    .execute();
  await db.schema
    .createIndex('po_status')
    .on('purchase_orders')
    .columns(['tenant_id', 'status', 'id'])
    .execute();

  await db.schema
    .createTable('purchase_order_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('purchase_order_id', 'text', (c) =>
      c.notNull().references('purchase_orders.id').onDelete('cascade'),
    )
    .addColumn('line_number', 'integer', (c) => c.notNull())
    .addColumn('manufacturer', 'text')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('device_type', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', num)
    .addColumn('received_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('pol_order_line')
    .on('purchase_order_lines')
    .columns(['purchase_order_id', 'line_number'])
    .unique()
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attachments_entity')
    .on('attachments')
    .columns(['tenant_id', 'entity_id', 'kind'])
    .execute();

  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('saved_views_owner')
    .on('saved_views')
    .columns(['tenant_id', 'owner_id', 'entity_type'])
    .execute();

  await db.schema.alterTable('audit_events').addColumn('reason', 'text').execute();
}
