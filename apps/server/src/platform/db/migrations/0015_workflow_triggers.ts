import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Entity triggers read the audit log as their outbox: every change is an audit event written in the
 * change's own transaction, so none is lost. A run started by an event carries the event's id as its
 * trigger key, unique per workflow, so a rescan never starts it twice; each tenant's scan position is kept.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('workflow_runs').addColumn('trigger_key', 'text').execute();
  await db.schema
    .createIndex('workflow_runs_trigger_key')
    .on('workflow_runs')
    .columns(['workflow_id', 'trigger_key'])
    .unique()
    .execute();
  await db.schema
    .createTable('workflow_trigger_cursors')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('scanned_until', 'text', (c) => c.notNull())
    .execute();
}
