export type Changes = Record<string, { before: unknown; after: unknown }>;

/** Fields that never enter the audit log, even as a diff. */
const REDACTED = new Set(['password', 'passwordHash', 'password_hash', 'tokenHash', 'token_hash', 'secret']);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields that differ between two versions of a record (null stands for "did not exist"). */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Changes {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: Changes = {};
  for (const key of [...keys].sort()) {
    if (REDACTED.has(key)) continue;
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    if (!same(a, b)) changes[key] = { before: b, after: a };
  }
  return changes;
}
