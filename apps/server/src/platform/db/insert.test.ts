import { afterEach, beforeEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestStore, describeEachDialect, type TestStore } from '../../test/stores.js';
import { insertRows } from './insert.js';
import { unindexed } from './planner.js';

describeEachDialect('insertRows', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore(dialect);
  });
  afterEach(async () => t.cleanup());

  const token = (i: number, sort: string | undefined = 's1') => ({
    tenant_id: 't1',
    token: `tok${String(i).padStart(5, '0')}`,
    entity_id: `e${i % 7}`,
    sort_updated_at: sort,
  });
  const COLUMNS = ['tenant_id', 'token', 'entity_id', 'sort_updated_at'] as const;
  const all = () => t.store.db.selectFrom('search_tokens').selectAll().orderBy('token').execute();

  it('writes every row across several statements (full ones, then the rest in powers of two)', async () => {
    // 4 columns: 2,000 rows a statement; 4,999 rows = 2,000 + 2,000 + 512 + … + 1.
    const rows = Array.from({ length: 4999 }, (_, i) => token(i));
    await insertRows(t.store.db, 'search_tokens', COLUMNS, rows);
    const stored = await all();
    expect(stored).toHaveLength(4999);
    expect(stored[0]).toEqual({ tenant_id: 't1', token: 'tok00000', entity_id: 'e0', sort_updated_at: 's1' });
    expect(stored.at(-1)).toEqual(token(4998));
  });

  it('stores a missing value as null, and applies the caller’s conflict clause', async () => {
    await insertRows(t.store.db, 'search_tokens', COLUMNS, [token(1, undefined), token(2)]);
    await insertRows(t.store.db, 'search_tokens', COLUMNS, [token(1, 'new'), token(3)], {
      tail: 'ON CONFLICT (tenant_id, token, entity_id) DO UPDATE SET sort_updated_at = excluded.sort_updated_at',
    });
    expect((await all()).map((r) => [r.token, r.sort_updated_at])).toEqual([
      ['tok00001', 'new'],
      ['tok00002', 's1'],
      ['tok00003', 's1'],
    ]);
  });

  it('fails on a duplicate key without a conflict clause, inside the caller’s transaction', async () => {
    await expect(
      t.store.db.transaction().execute(async (trx) => {
        await insertRows(trx, 'search_tokens', COLUMNS, [token(1)]);
        await insertRows(trx, 'search_tokens', COLUMNS, [token(2), token(1)]);
      }),
    ).rejects.toThrow();
    expect(await all()).toEqual([]);
  });

  it('filters on an unindexed column as on the column itself', async () => {
    await insertRows(t.store.db, 'search_tokens', COLUMNS, [token(1), { ...token(2), tenant_id: 't2' }]);
    const found = await t.store.db
      .selectFrom('search_tokens')
      .select('token')
      .where(unindexed(t.store.db, 'tenant_id'), '=', 't2')
      .execute();
    expect(found).toEqual([{ token: 'tok00002' }]);
  });

  if (dialect === 'sqlite')
    it('makes SQLite probe the key rather than walk the tenant (no statistics)', async () => {
      // As the ingestion writes it: a tenant and a long list of ids, all bound.
      const ids = Array.from({ length: 50 }, (_, i) => `id${i}`);
      const plan = async (tenant: string) =>
        (
          await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT * FROM assets
            WHERE ${sql.raw(tenant)} = ${'t1'} AND id IN (${sql.join(ids)})`.execute(t.store.db)
        ).rows.map((r) => r.detail);
      expect((await plan('tenant_id')).join()).not.toMatch(/\(id=\?\)/);
      expect((await plan('+tenant_id')).join()).toMatch(/sqlite_autoindex_assets_1 \(id=\?\)/);
    });
});
