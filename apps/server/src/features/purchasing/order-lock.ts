import { sql, type Kysely } from 'kysely';
import type { DB, Dialect } from '../../platform/db/index.js';

/**
 * One intake or receiving at a time per purchase order, so "count what exists, create what is missing"
 * can never run twice side by side and create a unit twice.
 *
 * Within a process a promise chain per key serialises callers (all SQLite needs: one process owns the
 * file). On PostgreSQL several processes share the database, so the holder also takes a session-level
 * advisory lock on a connection it keeps for the duration; the work itself runs on other pooled
 * connections (the asset service opens its own transactions). To never starve the pool, at most
 * MAX_PG_HOLDERS such connections are held by one process at a time.
 */
const chains = new Map<string, Promise<void>>();
const MAX_PG_HOLDERS = 3;
let pgHolders = 0;
const pgWaiting: (() => void)[] = [];

async function acquireHolderSlot(): Promise<void> {
  if (pgHolders < MAX_PG_HOLDERS) {
    pgHolders++;
    return;
  }
  await new Promise<void>((resolve) => pgWaiting.push(resolve));
}

function releaseHolderSlot(): void {
  const next = pgWaiting.shift();
  if (next) next();
  else pgHolders--;
}

export interface LockDeps {
  db: Kysely<DB>;
  dialect: Dialect;
}

export function orderLockKey(tenantId: string, vendor: string, poNumber: string): string {
  return `steward.purchase_order:${tenantId}:${vendor}:${poNumber}`;
}

export async function withOrderLock<T>(deps: LockDeps, key: string, fn: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  let release: () => void = () => undefined;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  chains.set(key, tail);
  await previous;
  try {
    if (deps.dialect !== 'postgres') return await fn();
    await acquireHolderSlot();
    try {
      return await deps.db.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(hashtextextended(${key}, 0))`.execute(conn);
        try {
          return await fn();
        } finally {
          await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(conn);
        }
      });
    } finally {
      releaseHolderSlot();
    }
  } finally {
    release();
    if (chains.get(key) === tail) chains.delete(key);
  }
}
