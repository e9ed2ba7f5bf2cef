import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Approval requests of workflow runs: one row per level of an approval step (and one more when a level
 * times out and escalates), so a decision is a row update that wakes the waiting step, and the request's
 * due time is a timer job. A run started by another run's call_workflow step names its parent, so the
 * child's end wakes the caller. A waiting step woken by a timer, a decision or a child's end is held by the
 * one wake-up job that claimed it.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('workflow_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('run_id', 'text', (c) => c.notNull().references('workflow_runs.id').onDelete('cascade'))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('escalated', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('comment', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('workflow_approvals_step')
    .on('workflow_approvals')
    .columns(['run_id', 'path', 'level', 'escalated'])
    .unique()
    .execute();
  await db.schema
    .createIndex('workflow_approvals_inbox')
    .on('workflow_approvals')
    .columns(['tenant_id', 'status', 'created_at'])
    .execute();
  await db.schema.alterTable('workflow_runs').addColumn('parent_run_id', 'text').execute();
  await db.schema.alterTable('workflow_runs').addColumn('parent_path', 'text').execute();
  // The wake-up job that holds a waiting step while it looks again: two wake-ups never act side by side.
  await db.schema.alterTable('workflow_steps').addColumn('claimed_by', 'text').execute();
}
