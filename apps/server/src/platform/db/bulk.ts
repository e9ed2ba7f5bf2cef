import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from './schema.js';

export type BulkColumnType = 'text' | 'double precision' | 'integer' | 'bigint';

export interface BulkColumn {
  name: string;
  type: BulkColumnType;
}

/** Parameters per statement: well under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 8000;

/**
 * Update many rows of one table, each with its own values, in a few statements:
 * `UPDATE t SET c = CAST(v.columnN AS type) … FROM (VALUES (id, …), …) AS v WHERE t.id = v.column1`.
 * The same SQL runs on SQLite (3.33+) and PostgreSQL; the casts give PostgreSQL the column types that
 * untyped parameters lack. Table and column names are the caller's constants, never user input.
 */
export async function bulkUpdate(
  db: Kysely<DB> | Transaction<DB>,
  table: keyof DB,
  tenantId: string,
  columns: readonly BulkColumn[],
  rows: readonly { id: string; values: readonly unknown[] }[],
  extraSet?: RawBuilder<unknown>,
): Promise<void> {
  if (rows.length === 0) return;
  const perStatement = valuesChunk(columns.length + 1);
  const sets = columns.map((c, i) => sql`${sql.ref(c.name)} = ${valuesColumn(i + 2, c.type)}`);
  if (extraSet) sets.push(extraSet);
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement).map((r) => [r.id, ...r.values]);
    await sql`UPDATE ${sql.table(table)} SET ${sql.join(sets)}
      FROM ${valuesTable(part)}
      WHERE ${sql.table(table)}.id = v.column1 AND ${sql.table(table)}.tenant_id = ${tenantId}`.execute(db);
  }
}

/**
 * Rows as a table to join an UPDATE against: `(VALUES (…), …) AS v`, where value i of each row is
 * `v.column<i+1>` (read it through `valuesColumn`, which casts for PostgreSQL). Same SQL on SQLite 3.33+.
 */
export function valuesTable(rows: readonly (readonly unknown[])[]): RawBuilder<unknown> {
  return sql`(VALUES ${sql.join(rows.map((r) => sql`(${sql.join([...r])})`))}) AS v`;
}

/** Column n (1-based) of a valuesTable, cast to its type. */
export function valuesColumn(n: number, type: BulkColumnType): RawBuilder<never> {
  return sql<never>`CAST(v.${sql.raw(`column${n}`)} AS ${sql.raw(type)})`;
}

/** Rows per statement for a valuesTable of this width, within MAX_PARAMS. */
export function valuesChunk(width: number): number {
  return Math.max(1, Math.floor(MAX_PARAMS / width));
}
