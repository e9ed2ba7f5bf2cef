import { afterEach, beforeEach, expect, it } from 'vitest';
import { ASSET_ATTRIBUTES } from '@steward/domain';
import { createTestStore, describeEachDialect, type TestStore } from '../../test/stores.js';
import { migrate } from './store.js';

describeEachDialect('schema', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore(dialect);
  });
  afterEach(async () => t.cleanup());

  it('has an indexed column for every canonical asset attribute', async () => {
    const tables = await t.store.db.introspection.getTables();
    const assets = tables.find((x) => x.name === 'assets');
    const columns = new Set(assets?.columns.map((c) => c.name));
    const missing = ASSET_ATTRIBUTES.filter((a) => !columns.has(a.column)).map((a) => a.column);
    expect(missing).toEqual([]);
  });

  it('migrates idempotently: a second run applies nothing', async () => {
    const again = await migrate(t.store);
    expect(again.results).toEqual([]);
  });
});
