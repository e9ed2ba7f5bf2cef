import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openMigratedStore, type Dialect, type Store } from '../platform/db/index.js';
import { randomToken } from '../platform/ids/index.js';
import { PG_ADMIN_URL, postgresCheck } from './services.js';

export interface TestDatabase {
  dialect: Dialect;
  /** Set for PostgreSQL: a database created for this test alone. */
  databaseUrl?: string;
  /** A fresh directory (SQLite keeps its file here). */
  dataDir: string;
  drop(): Promise<void>;
}

/** A brand-new empty database of the given dialect; drop() removes it. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-test-'));
  if (dialect === 'sqlite') {
    return { dialect, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `steward_t_${randomToken(9)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestStore extends TestDatabase {
  store: Store;
  cleanup(): Promise<void>;
}

export async function createTestStore(dialect: Dialect): Promise<TestStore> {
  const database = await createTestDatabase(dialect);
  const store = await openMigratedStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  return {
    ...database,
    store,
    cleanup: async () => {
      await store.close();
      await database.drop();
    },
  };
}

const pgStatus = await postgresCheck();

/**
 * Declare a suite once and run it against both databases. PostgreSQL suites skip locally (reason
 * printed) when PostgreSQL is down, and fail in CI.
 */
export function describeEachDialect(title: string, body: (dialect: Dialect) => void): void {
  describe(`${title} [sqlite]`, () => body('sqlite'));
  if (pgStatus.available) describe(`${title} [postgres]`, () => body('postgres'));
  else describe.skip(`${title} [postgres] (skipped: ${pgStatus.reason})`, () => body('postgres'));
}
