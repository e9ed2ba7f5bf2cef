import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * The signing secret of each workflow with a webhook trigger, sealed by the vault (bound to the tenant and
 * the workflow). It is shown once, when made or rotated; deliveries are replay-protected by the run's
 * trigger key (`webhook:<delivery id>`, unique per workflow since 0015), so no table of deliveries is kept.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('workflow_webhooks')
    .addColumn('workflow_id', 'text', (c) => c.primaryKey().references('workflows.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('rotated_at', 'text')
    .execute();
}
