import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Steps that follow one another may run in one job, often within the same millisecond: `chain_seq` is a
 * step's place in its job's chain (0 for the job's first step), so a run's timeline keeps their order.
 * Every run's end looks for the workflow's oldest queued run, and every start counts its running ones:
 * an index by workflow and status keeps both cheap however many runs a workflow has had.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('workflow_steps')
    .addColumn('chain_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('workflow_runs_status')
    .on('workflow_runs')
    .columns(['workflow_id', 'status', 'created_at'])
    .execute();
}
