import { CompiledQuery, SqliteAdapter, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';

/** Parameters per statement: well under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 8000;

export interface InsertRowsOptions {
  /** SQL after the VALUES list, such as `ON CONFLICT (id) DO NOTHING`: the caller's constant. */
  tail?: string;
}

const texts = new Map<string, string>();

function statementText(
  sqlite: boolean,
  table: string,
  columns: readonly string[],
  rows: number,
  options: InsertRowsOptions,
): string {
  const key = `${sqlite ? 's' : 'p'}|${table}|${columns.join(',')}|${rows}|${options.tail ?? ''}`;
  let text = texts.get(key);
  if (text !== undefined) return text;
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) tuples.push(`(${columns.map(() => (sqlite ? '?' : `$${++n}`)).join(',')})`);
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES `;
  text = `${head}${tuples.join(',')}${options.tail ? ` ${options.tail}` : ''}`;
  if (texts.size > 500) texts.clear();
  texts.set(key, text);
  return text;
}

/**
 * Insert many rows with the given columns in as few statements as the parameter limit allows, without
 * building each statement through the query builder: the SQL text of each shape is made once and reused,
 * so the driver's statement cache finds it. Every row must have every column (undefined is stored as
 * null, not as the column default). Table, columns and tail are the caller's constants, never user input.
 */
export async function insertRows<R extends object>(
  db: Kysely<DB> | Transaction<DB>,
  table: keyof DB & string,
  columns: readonly (keyof R & string)[],
  rows: readonly R[],
  options: InsertRowsOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  let i = 0;
  while (i < rows.length) {
    const n = statementRows(rows.length - i, perStatement);
    const params: unknown[] = [];
    for (let r = i; r < i + n; r++) {
      const row = rows[r] as Record<string, unknown>;
      for (const c of columns) params.push(row[c] ?? null);
    }
    await db.executeQuery(CompiledQuery.raw(statementText(sqlite, table, columns, n, options), params));
    i += n;
  }
}

/**
 * Rows for the next statement: full statements, then the rest in powers of two, so a table sees only a
 * few statement shapes (each prepared once) rather than one per batch size.
 */
function statementRows(left: number, perStatement: number): number {
  if (left >= perStatement) return perStatement;
  return 2 ** Math.floor(Math.log2(left));
}
