import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;
type Callback = () => Promise<void>;

const afterCommitCallbacks = new WeakMap<Transaction<DB>, Callback[]>();

/**
 * Run `fn` in a transaction: a new one, or the caller's if `db` already is one. This lets services
 * compose: an import or a bulk intake wraps many service calls in one all-or-nothing transaction.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>);
  for (let attempt = 1; ; attempt++) {
    const callbacks: Callback[] = [];
    try {
      const result = await db.transaction().execute(async (trx) => {
        afterCommitCallbacks.set(trx, callbacks);
        return fn(trx);
      });
      for (const cb of callbacks) await cb();
      return result;
    } catch (e) {
      // PostgreSQL resolves a deadlock (or a serialization failure) by aborting one side; that side
      // simply runs again. Nothing from the aborted attempt was committed or published.
      if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}

const MAX_ATTEMPTS = 4;

function isRetryable(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === '40P01' || code === '40001';
}

/**
 * Do something once the data is committed (publish a change event, say): at once outside a transaction,
 * else after the outermost transaction commits, and never if it rolls back.
 */
export async function afterCommit(db: Db, cb: Callback): Promise<void> {
  const pending = db.isTransaction ? afterCommitCallbacks.get(db as Transaction<DB>) : undefined;
  if (pending) pending.push(cb);
  else await cb();
}
