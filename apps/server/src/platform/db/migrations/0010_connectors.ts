import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Connector instances (a tenant's Jamf Pro, one of its 125 Mimecast accounts), each feeding its own
 * ingestion source; their sync runs with per-stream checkpoints and per-record errors; and action
 * executions keyed by idempotency key so a retried dispatch never acts twice.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('connector_instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('connector_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
    .addColumn('config', 'text', (c) => c.notNull())
    // Secret key → vault-sealed value; never leaves the server.
    .addColumn('secrets', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // Stream name → checkpoint of its last complete run (delta streams resume from it).
    .addColumn('stream_state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('connector_instances_name')
    .on('connector_instances')
    .columns(['tenant_id', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('connector_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('connector_instances.id').onDelete('cascade'),
    )
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sync_id', 'text')
    // Stream name → { checkpoint, done, counts }: where an interrupted run resumes.
    .addColumn('streams', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('connector_runs_instance')
    .on('connector_runs')
    .columns(['tenant_id', 'instance_id', 'queued_at'])
    .execute();

  await db.schema
    .createTable('connector_run_errors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull().references('connector_runs.id').onDelete('cascade'))
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('connector_run_errors_run')
    .on('connector_run_errors')
    .columns(['run_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('connector_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('connector_instances.id').onDelete('cascade'),
    )
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('connector_actions_key')
    .on('connector_actions')
    .columns(['tenant_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('connector_actions_target')
    .on('connector_actions')
    .columns(['tenant_id', 'target_id', 'created_at'])
    .execute();
}
