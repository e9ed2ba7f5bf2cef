import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { withStatementCache } from './statements.js';

let dir: string;
let raw: SQLite.Database;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'steward-stmt-'));
  raw = new SQLite(path.join(dir, 'x.db'));
  raw.exec('CREATE TABLE t (n integer)');
  raw.exec('INSERT INTO t VALUES (1), (2), (3)');
});
afterEach(() => {
  raw.close();
  rmSync(dir, { recursive: true, force: true });
});

it('hands out the same compiled statement for the same SQL, and evicts the least recently used', () => {
  const db = withStatementCache(raw, 2);
  const a = db.prepare('SELECT n FROM t WHERE n > ?');
  expect(db.prepare('SELECT n FROM t WHERE n > ?')).toBe(a);
  expect(a.all([1])).toEqual([{ n: 2 }, { n: 3 }]);
  const b = db.prepare('SELECT n FROM t WHERE n < ?');
  db.prepare('SELECT n FROM t WHERE n > ?'); // a is now the most recent
  db.prepare('SELECT count(*) AS c FROM t'); // evicts b
  expect(db.prepare('SELECT n FROM t WHERE n > ?')).toBe(a);
  expect(db.prepare('SELECT n FROM t WHERE n < ?')).not.toBe(b);
});

it('never hands out a statement that is still iterating', () => {
  const db = withStatementCache(raw);
  const sql = 'SELECT n FROM t ORDER BY n';
  const outer = db.prepare(sql).iterate([]);
  const seen: unknown[] = [];
  for (const row of outer) {
    seen.push(row);
    // the same query again while the first is open (a stream, say) gets its own statement
    expect(db.prepare(sql).all([])).toHaveLength(3);
  }
  expect(seen).toHaveLength(3);
});
