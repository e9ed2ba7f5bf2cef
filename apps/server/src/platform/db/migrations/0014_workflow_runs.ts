import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Workflow runs and their steps. A step is keyed by its path in the run (`respond#0/lock`: step `lock` in
 * the first branch of parallel `respond`), so a retried or re-delivered step job finds its own row and
 * never acts twice. A parallel step keeps a countdown of its branches still running: the last branch to
 * finish continues the flow, in the same transaction that records it.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('workflow_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('vars', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('workflow_runs_workflow')
    .on('workflow_runs')
    .columns(['tenant_id', 'workflow_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('workflow_steps')
    .addColumn('run_id', 'text', (c) => c.notNull().references('workflow_runs.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('input', 'text')
    .addColumn('output', 'text')
    .addColumn('error', 'text')
    .addColumn('wake_at', 'text')
    // Parallel steps only: branches still running.
    .addColumn('pending', 'integer')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addPrimaryKeyConstraint('workflow_steps_pk', ['run_id', 'path'])
    .execute();
}
