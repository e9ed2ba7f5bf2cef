import { Migrator } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/stores.js';
import { openStore, migrate, type Store } from '../store.js';
import { migrationsFor } from './index.js';

describeEachDialect('migration 0009: assets and people made before ingestion', (dialect) => {
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

  it('gives each a manual record with its identifiers, once', async () => {
    const migrator = new Migrator({
      db: store.db,
      provider: { getMigrations: async () => migrationsFor(dialect) },
    });
    const to8 = await migrator.migrateTo('0008_ingestion');
    expect(to8.error).toBeUndefined();
    const now = new Date().toISOString();
    await store.db
      .insertInto('tenants')
      .values({ id: 't1', slug: 't1', name: 'T1', created_at: now })
      .execute();
    await store.db
      .insertInto('assets')
      .values({
        id: 'a1',
        tenant_id: 't1',
        kind: 'device',
        serial_number: 'C02OLD0001',
        model: 'MacBook',
        disk_encrypted: 1,
        purchase_price: 999,
        lifecycle_state: 'deployed',
        legal_hold: 0,
        created_at: now,
        updated_at: now,
        version: 1,
      } as never)
      .execute();
    await store.db
      .insertInto('people')
      .values({
        id: 'p1',
        tenant_id: 't1',
        name: 'Old Person',
        email: 'old@t1.example.com',
        status: 'active',
        legal_hold: 0,
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
    await migrate(store);
    const records = await store.db.selectFrom('source_records').selectAll().orderBy('entity_id').execute();
    expect(records.map((r) => [r.entity_id, r.entity_type, r.record_key])).toEqual([
      ['a1', 'asset', 'a1'],
      ['p1', 'person', 'p1'],
    ]);
    expect(JSON.parse(records[0]!.attributes)).toEqual({
      serialNumber: 'C02OLD0001',
      model: 'MacBook',
      diskEncrypted: true,
      purchasePrice: 999,
    });
    const ids = await store.db
      .selectFrom('entity_identifiers')
      .select(['type', 'value', 'entity_id'])
      .orderBy('type')
      .execute();
    expect(ids).toEqual([
      { type: 'email', value: 'old@t1.example.com', entity_id: 'p1' },
      { type: 'serial', value: 'C02OLD0001', entity_id: 'a1' },
    ]);
    const source = await store.db.selectFrom('sources').selectAll().executeTakeFirstOrThrow();
    expect(source).toMatchObject({ tenant_id: 't1', key: 'manual', type: 'manual' });
  });
});
