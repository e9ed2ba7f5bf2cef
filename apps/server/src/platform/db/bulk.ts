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
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / (columns.length + 1)));
  const sets = columns.map(
    (c, i) => sql`${sql.ref(c.name)} = CAST(v.${sql.raw(`column${i + 2}`)} AS ${sql.raw(c.type)})`,
  );
  if (extraSet) sets.push(extraSet);
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const values = sql.join(part.map((r) => sql`(${sql.join([r.id, ...r.values])})`));
    await sql`UPDATE ${sql.table(table)} SET ${sql.join(sets)}
      FROM (VALUES ${values}) AS v
      WHERE ${sql.table(table)}.id = v.column1 AND ${sql.table(table)}.tenant_id = ${tenantId}`.execute(db);
  }
}

/**
 * `CASE id WHEN <id> THEN <value> … END`: one UPDATE sets a different value per row. A type casts each value,
 * for PostgreSQL, which cannot type a parameter from a CASE alone when it is a number.
 */
export function caseById<T>(
  rows: readonly T[],
  id: (row: T) => string,
  value: (row: T) => string | number | null,
  type?: BulkColumnType,
): RawBuilder<never> {
  const cast = (v: string | number | null) => (type ? sql`cast(${v} as ${sql.raw(type)})` : sql`${v}`);
  return sql<never>`case ${sql.ref('id')} ${sql.join(
    rows.map((r) => sql`when ${id(r)} then ${cast(value(r))}`),
    sql` `,
  )} end`;
}
