import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../store.js';

const COLUMNS = sql.raw(
  'id, tenant_id, instance_id, action, idempotency_key, target_type, target_id, input, status, result, ' +
    'error, actor, created_at, finished_at',
);

/**
 * Action history outlives its connector instance: connector_actions loses its cascading foreign key, and
 * each row keeps the instance's name and the action's title so it still reads well once the instance is
 * gone. SQLite cannot drop a constraint, so there the table is rebuilt (rows copied, indexes recreated).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    const fks = await sql<{ name: string }>`SELECT constraint_name AS name
      FROM information_schema.table_constraints
      WHERE table_schema = current_schema() AND table_name = 'connector_actions'
        AND constraint_type = 'FOREIGN KEY'`.execute(db);
    const names = new Set(['connector_actions_instance_id_fkey', ...fks.rows.map((r) => r.name)]);
    for (const name of names)
      await sql`ALTER TABLE connector_actions DROP CONSTRAINT IF EXISTS ${sql.id(name)}`.execute(db);
    await db.schema
      .alterTable('connector_actions')
      .addColumn('instance_name', 'text')
      .addColumn('title', 'text')
      .execute();
    return;
  }

  await db.schema
    .createTable('connector_actions_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    // No foreign key: the row stays when its instance is deleted.
    .addColumn('instance_id', 'text', (c) => c.notNull())
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
    .addColumn('instance_name', 'text')
    .addColumn('title', 'text')
    .execute();
  await sql`INSERT INTO connector_actions_next (${COLUMNS}) SELECT ${COLUMNS} FROM connector_actions`.execute(
    db,
  );
  await db.schema.dropTable('connector_actions').execute();
  await db.schema.alterTable('connector_actions_next').renameTo('connector_actions').execute();
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
