import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Endpoint agents and the gateway they connect to. An agent enrols with a tenant's enrolment secret and
 * gets its own credential (stored as a hash). Presence lives on the agent row (which process holds its
 * connection, over which transport) so every process sees it; `gateway_nodes` says which processes are
 * alive, so an agent held by a killed process does not look online. Tasks gain delivery state and the
 * admin request ("run inventory on this view") they belong to.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('agent_enrollment_secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('agents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('agent_version', 'text', (c) => c.notNull())
    .addColumn('capabilities', 'text', (c) => c.notNull())
    .addColumn('credential_hash', 'text', (c) => c.notNull())
    .addColumn('pending_credential_hash', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text')
    .addColumn('enrollment_secret_id', 'text')
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_seen_at', 'text')
    .addColumn('online_node', 'text')
    .addColumn('connection_id', 'text')
    .addColumn('transport', 'text')
    .addColumn('connected_at', 'text')
    .addColumn('bytes_in', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_out', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agents_tenant').on('agents').columns(['tenant_id', 'status']).execute();
  await db.schema.createIndex('agents_asset').on('agents').columns(['tenant_id', 'asset_id']).execute();
  await db.schema.createIndex('agents_node').on('agents').column('online_node').execute();
  await db.schema
    .createTable('gateway_nodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('connections', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('agent_inventories')
    .addColumn('agent_id', 'text', (c) => c.primaryKey().references('agents.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('inventory', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  // Installed software per agent, from its latest inventory: "which devices run this version?" is an
  // indexed lookup instead of a scan of every inventory document.
  await db.schema
    .createTable('agent_software')
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .execute();
  await db.schema
    .createIndex('agent_software_lookup')
    .on('agent_software')
    .columns(['tenant_id', 'name', 'version'])
    .execute();
  await db.schema.createIndex('agent_software_agent').on('agent_software').column('agent_id').execute();
  await db.schema
    .createTable('agent_policies')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('agent_task_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('task_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agent_task_requests_tenant')
    .on('agent_task_requests')
    .columns(['tenant_id', 'created_at'])
    .execute();
  for (const [name, type] of [
    ['agent_id', 'text'],
    ['request_id', 'text'],
    ['delivered_at', 'text'],
    ['acknowledged_at', 'text'],
    ['progress', 'text'],
  ] as const)
    await db.schema.alterTable('agent_tasks').addColumn(name, type).execute();
  await db.schema
    .createIndex('agent_tasks_request')
    .on('agent_tasks')
    .columns(['tenant_id', 'request_id'])
    .execute();
}
