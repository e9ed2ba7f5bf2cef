import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/** The credential vault: per-tenant data keys wrapped by the master key, and the master key's check value. */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  // One row: which master key the vault is wrapped under, and a value wrapped by it, so a process
  // started with another key fails at start-up instead of when it first needs a credential.
  await db.schema
    .createTable('vault_state')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('master_key_id', 'text', (c) => c.notNull())
    .addColumn('check_value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tenant_data_keys')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('master_key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addPrimaryKeyConstraint('tenant_data_keys_pk', ['tenant_id', 'version'])
    .execute();
  // At most one active data key per tenant.
  await db.schema
    .createIndex('tenant_data_keys_active')
    .on('tenant_data_keys')
    .column('tenant_id')
    .unique()
    .where(sql.ref('retired_at'), 'is', null)
    .execute();
}
