import { Migrator, sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/stores.js';
import { isUniqueViolation } from '../errors.js';
import { openStore, migrate, type Store } from '../store.js';
import { migrationsFor } from './index.js';

describeEachDialect('migration 0012: action history outlives its instance', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    store = openStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const now = new Date().toISOString();
  const action = (id: string, key: string, instanceId = 'i1') => ({
    id,
    tenant_id: 't1',
    instance_id: instanceId,
    action: 'lock',
    idempotency_key: key,
    target_type: 'asset',
    target_id: 'a1',
    input: '{"pin":"123456"}',
    status: 'accepted',
    result: '{"message":"queued"}',
    error: null,
    actor: '{"type":"user","id":"u1"}',
    created_at: now,
    finished_at: now,
  });

  it('keeps existing rows and their indexes, and no longer deletes them with the instance', async () => {
    const migrator = new Migrator({
      db: store.db,
      provider: { getMigrations: async () => migrationsFor(dialect) },
    });
    expect((await migrator.migrateTo('0011_action_presets')).error).toBeUndefined();
    await store.db
      .insertInto('tenants')
      .values({ id: 't1', slug: 't1', name: 'T1', created_at: now })
      .execute();
    await store.db
      .insertInto('sources')
      .values({
        id: 's1',
        tenant_id: 't1',
        key: 'jamf',
        name: 'Jamf',
        type: 'mdm',
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
    await store.db
      .insertInto('connector_instances')
      .values({
        id: 'i1',
        tenant_id: 't1',
        connector_id: 'jamf-pro',
        name: 'Jamf EU',
        source_id: 's1',
        config: '{}',
        secrets: '{}',
        schedule: null,
        time_zone: 'UTC',
        enabled: 1,
        stream_state: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const old = [action('x1', 'key-0001'), action('x2', 'key-0002')];
    await store.db
      .insertInto('connector_actions')
      .values(old as never)
      .execute();

    await migrate(store);

    const rows = await store.db.selectFrom('connector_actions').selectAll().orderBy('id').execute();
    expect(rows).toEqual(old.map((r) => ({ ...r, instance_name: null, title: null })));

    await store.db.deleteFrom('connector_instances').where('id', '=', 'i1').execute();
    expect(await store.db.selectFrom('connector_actions').select('id').orderBy('id').execute()).toEqual([
      { id: 'x1' },
      { id: 'x2' },
    ]);
    await store.db
      .insertInto('connector_actions')
      .values({ ...action('x3', 'key-0003', 'gone'), instance_name: 'Jamf EU', title: 'Lock' })
      .execute();
    const dup = await store.db
      .insertInto('connector_actions')
      .values({ ...action('x4', 'key-0001'), instance_name: null, title: null })
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(dup)).toBe(true);

    const indexes =
      dialect === 'postgres'
        ? await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = 'connector_actions'`.execute(store.db)
        : await sql<{ name: string }>`SELECT name FROM sqlite_master
            WHERE type = 'index' AND tbl_name = 'connector_actions'`.execute(store.db);
    expect(indexes.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['connector_actions_key', 'connector_actions_target']),
    );
    const tables = await store.db.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain('connector_actions_next');
  });
});
