import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * A better-sqlite3 database for Kysely that keeps its compiled statements. Kysely prepares every query it
 * runs, and compiling a multi-row INSERT costs about as much as running it; `insertRows` reuses the same
 * SQL text for the same shape, so its statements are found here. The `size` most recently used
 * statements are kept. A statement still iterating (a stream) is never handed out twice.
 */
export function withStatementCache(database: Database.Database, size = 200): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit) {
        if (hit.busy) return database.prepare(sql);
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = database.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}
