import { SqliteAdapter, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from './schema.js';

/**
 * A column reference SQLite's planner will not use an index for (`+column`); plain on PostgreSQL.
 *
 * Every index leads with tenant_id, and a database without statistics (a fresh one, filling up) makes
 * SQLite take `tenant_id = ?` as selective: for `tenant_id = ? AND id IN (…)` it walks the tenant's whole
 * index instead of probing the primary key, so each such query grows with the table. Writing the tenant
 * filter as `+tenant_id = ?` keeps it as a check on the rows found by the key. `column` is a caller's
 * constant, never user input.
 */
export function unindexed(db: Kysely<DB> | Transaction<DB>, column: string): RawBuilder<string> {
  return db.getExecutor().adapter instanceof SqliteAdapter
    ? sql<string>`+${sql.ref(column)}`
    : sql.ref(column);
}
