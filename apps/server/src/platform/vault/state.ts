import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Dialect } from '../db/index.js';
import type { MasterKey } from './master-key.js';

const STATE_ID = 'master';
const CHECK_AAD = 'steward.vault-check.v1';
const CHECK_PLAINTEXT = Buffer.from('steward vault check', 'utf8');

export interface VaultState {
  master_key_id: string;
  check_value: string;
}

/** Which master key the vault is under, with a value wrapped by it; undefined on a fresh database. */
export function readVaultState(db: Kysely<DB>): Promise<VaultState | undefined> {
  return db
    .selectFrom('vault_state')
    .select(['master_key_id', 'check_value'])
    .where('id', '=', STATE_ID)
    .executeTakeFirst();
}

/** True when `master` is the key the vault is under: its id matches and it unwraps the check value. */
export function masterOpens(master: MasterKey, state: VaultState): boolean {
  if (state.master_key_id !== master.id) return false;
  return master.unwrap(state.check_value, CHECK_AAD)?.equals(CHECK_PLAINTEXT) ?? false;
}

/** Record `master` as the vault's key unless another process recorded one first. */
export async function initVaultState(db: Kysely<DB>, master: MasterKey, now: string): Promise<void> {
  await db
    .insertInto('vault_state')
    .values({
      id: STATE_ID,
      master_key_id: master.id,
      check_value: master.wrap(CHECK_PLAINTEXT, CHECK_AAD),
      updated_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function setVaultState(trx: Transaction<DB>, master: MasterKey, now: string): Promise<void> {
  await trx
    .updateTable('vault_state')
    .set({ master_key_id: master.id, check_value: master.wrap(CHECK_PLAINTEXT, CHECK_AAD), updated_at: now })
    .where('id', '=', STATE_ID)
    .execute();
}

/**
 * Serialise changes to the vault's keys across processes for the rest of the transaction: creating a
 * tenant's data key must not interleave with a master key rotation (the new key would be wrapped by
 * the old master). PostgreSQL: a table lock that conflicts with itself. SQLite: taking the write lock
 * now (a write that changes nothing), so the reads that follow are current.
 */
export async function lockVault(trx: Transaction<DB>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`lock table vault_state, tenant_data_keys in share row exclusive mode`.execute(trx);
  } else {
    await sql`update vault_state set id = id where 1 = 0`.execute(trx);
  }
}
