import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestStore, describeEachDialect, type TestStore } from '../../test/stores.js';
import { afterCommit, inTransaction } from './tx.js';

describeEachDialect('transactions', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await createTestStore(dialect);
  });
  afterEach(async () => t.cleanup());

  const addTenant = (db: Parameters<typeof inTransaction>[0], slug: string) =>
    inTransaction(db, async (trx) => {
      await trx
        .insertInto('tenants')
        .values({ id: slug, slug, name: slug, created_at: new Date().toISOString() })
        .execute();
      await afterCommit(trx, async () => {
        events.push(slug);
      });
    });
  let events: string[] = [];
  beforeEach(() => {
    events = [];
  });

  it('nests into the caller’s transaction and runs after-commit work once the outer one commits', async () => {
    await inTransaction(t.store.db, async (trx) => {
      await addTenant(trx, 'a');
      await addTenant(trx, 'b');
      expect(events).toEqual([]);
    });
    expect(events).toEqual(['a', 'b']);
    expect(
      (await t.store.db.selectFrom('tenants').select('slug').orderBy('slug').execute()).map((r) => r.slug),
    ).toEqual(['a', 'b']);
  });

  it('rolls every nested write back, and runs no after-commit work, when the outer transaction fails', async () => {
    await expect(
      inTransaction(t.store.db, async (trx) => {
        await addTenant(trx, 'c');
        await addTenant(trx, 'c');
      }),
    ).rejects.toThrow();
    expect(events).toEqual([]);
    expect(await t.store.db.selectFrom('tenants').select('slug').execute()).toEqual([]);
  });

  it('runs after-commit work at once outside a transaction', async () => {
    await addTenant(t.store.db, 'solo');
    expect(events).toEqual(['solo']);
  });

  // Only PostgreSQL has row locks to deadlock on; SQLite serialises writers instead.
  if (dialect === 'postgres')
    it('retries the side PostgreSQL aborts to break a deadlock, so both writers succeed', async () => {
      const now = new Date().toISOString();
      await t.store.db
        .insertInto('tenants')
        .values([
          { id: 'x', slug: 'x', name: 'x', created_at: now },
          { id: 'y', slug: 'y', name: 'y', created_at: now },
        ])
        .execute();
      let arrived = 0;
      let release: () => void = () => {};
      const bothLocked = new Promise<void>((r) => (release = r));
      let attempts = 0;
      const writer = (first: string, second: string) =>
        inTransaction(t.store.db, async (trx) => {
          attempts++;
          await trx
            .updateTable('tenants')
            .set({ name: `${first} by ${first}` })
            .where('id', '=', first)
            .execute();
          if (++arrived === 2) release();
          await bothLocked;
          await trx
            .updateTable('tenants')
            .set({ name: `${second} by ${first}` })
            .where('id', '=', second)
            .execute();
        });
      await Promise.all([writer('x', 'y'), writer('y', 'x')]);
      expect(attempts).toBe(3);
    });
});
