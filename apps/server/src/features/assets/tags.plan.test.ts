import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigratedStore, type DB, type Store } from '../../platform/db/index.js';
import { tagsOf } from './assets.repo.js';

// SQLite only: the plan is SQLite's choice. A page's tags must be read by asset id, not by scanning every
// tag of the tenant (which grows with the fleet).
describe('tags of a page [sqlite]', () => {
  let store: Store;
  const dir = mkdtempSync(path.join(tmpdir(), 'steward-tags-plan-'));
  beforeAll(async () => {
    store = await openMigratedStore({ dataDir: dir });
    const now = new Date().toISOString();
    await store.db.insertInto('tenants').values({ id: 't', slug: 't', name: 't', created_at: now }).execute();
    await store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 100_000; i += 500) {
        const ids = Array.from({ length: 500 }, (_, k) => `a${String(i + k).padStart(6, '0')}`);
        await trx
          .insertInto('assets')
          .values(
            ids.map((id) => ({
              id,
              tenant_id: 't',
              kind: 'device',
              lifecycle_state: 'deployed',
              legal_hold: 0,
              created_at: now,
              updated_at: now,
              version: 1,
            })) as never,
          )
          .execute();
        await trx
          .insertInto('asset_tags')
          .values(
            ids.flatMap((id, k) => (k % 12 === 0 ? [{ tenant_id: 't', asset_id: id, tag: 'vip' }] : [])),
          )
          .execute();
      }
    });
    await sql`ANALYZE`.execute(store.db);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads them by asset id through the primary key, sorted per asset', async () => {
    const ids = Array.from({ length: 50 }, (_, k) => `a${String(k * 1999).padStart(6, '0')}`);
    const statements: CompiledQuery[] = [];
    const watched = new Kysely<DB>({
      dialect: new SqliteDialect({ database: new SQLite(store.sqliteFile!) }),
      log: (e) => {
        statements.push(e.query);
      },
    });
    try {
      const tags = await tagsOf(watched, 't', ids);
      // Every twelfth asset of each 500 carries 'vip'.
      const tagged = (id: string) => (Number(id.slice(1)) % 500) % 12 === 0;
      expect(Object.fromEntries(tags)).toEqual(
        Object.fromEntries(ids.map((id) => [id, tagged(id) ? ['vip'] : []])),
      );
      expect(ids.filter(tagged).length).toBeGreaterThan(0);
      const [q] = statements;
      const plan = await watched.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${q!.sql}`, [...q!.parameters]),
      );
      expect(plan.rows.map((r) => r.detail).join(' ')).toMatch(/\(asset_id=\?\)/);
    } finally {
      await watched.destroy();
    }
  });
});
