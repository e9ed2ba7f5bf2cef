import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Tasks for the endpoint agent: the durable queue a task waits in until its device takes it or its deadline
 * passes. The key (unique per tenant) makes creating one idempotent: a workflow step retried after a crash
 * finds the task it made. `origin` says who asked (a workflow run's step, an admin).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('agent_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('agent_tasks_key')
    .on('agent_tasks')
    .columns(['tenant_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('agent_tasks_asset')
    .on('agent_tasks')
    .columns(['tenant_id', 'asset_id', 'status'])
    .execute();
}
