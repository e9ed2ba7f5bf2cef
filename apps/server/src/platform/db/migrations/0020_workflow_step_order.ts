import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Steps that follow one another may run in one job, often within the same millisecond: `chain_seq` is a
 * step's place in its job's chain (0 for the job's first step), so a run's timeline keeps their order.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('workflow_steps')
    .addColumn('chain_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
