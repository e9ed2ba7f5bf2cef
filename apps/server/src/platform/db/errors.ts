/** Did the database refuse a write because of a unique index? (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE) */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
