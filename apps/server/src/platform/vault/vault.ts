import type { Kysely, Transaction } from 'kysely';
import { iso, systemClock, type Clock, type DB, type Dialect } from '../db/index.js';
import { open, seal } from './aead.js';
import { LruCache } from '../cache/index.js';
import { VaultError } from './errors.js';
import { generateKey } from './key-material.js';
import type { MasterKey } from './master-key.js';
import { dataKeyAad, formatSealed, parseSealed, secretAad } from './sealed.js';
import { lockVault, readVaultState, setVaultState } from './state.js';

export interface VaultOptions {
  db: Kysely<DB>;
  dialect: Dialect;
  master: MasterKey;
  clock?: Clock;
  /** How many unwrapped data keys to keep in memory (default 1024). */
  cacheSize?: number;
  /** Re-read the master key (a key file another process rotated); undefined when it cannot change. */
  reloadMaster?: () => MasterKey | undefined;
}

interface KeyRow {
  tenant_id: string;
  version: number;
  wrapped_key: string;
  master_key_id: string;
}

/**
 * Envelope encryption for credentials. Each tenant has data keys (AES-256-GCM, created lazily, one
 * active) wrapped by the master key; a secret is sealed under the tenant's active data key with the
 * tenant, key version and `context` (the field it belongs to, e.g. "connector:<id>:clientSecret") as
 * AAD, so a ciphertext moved to another tenant or field does not open.
 *
 * Open one with `openVault()`, which checks the master key at start-up.
 */
export class Vault {
  private master: MasterKey;
  private readonly db: Kysely<DB>;
  private readonly dialect: Dialect;
  private readonly clock: Clock;
  private readonly keys: LruCache<Buffer>;
  private readonly reloadMaster: (() => MasterKey | undefined) | undefined;

  constructor(options: VaultOptions) {
    this.db = options.db;
    this.dialect = options.dialect;
    this.master = options.master;
    this.clock = options.clock ?? systemClock;
    this.keys = new LruCache(options.cacheSize ?? 1024);
    this.reloadMaster = options.reloadMaster;
  }

  /** The id of the master key in use (safe to print). */
  get masterKeyId(): string {
    return this.master.id;
  }

  /** Where the master key came from: STEWARD_MASTER_KEY or a key file. */
  get masterKeySource(): MasterKey['source'] {
    return this.master.source;
  }

  async encrypt(tenantId: string, plaintext: string, context: string): Promise<string> {
    checkNames(tenantId, context);
    if (typeof plaintext !== 'string') throw new TypeError('vault.encrypt: plaintext must be a string');
    const { version, key } = await this.activeKey(tenantId);
    const { iv, data } = seal(key, Buffer.from(plaintext, 'utf8'), secretAad(tenantId, version, context));
    return formatSealed(version, iv, data);
  }

  /** The plaintext; a VaultError ("secret_unreadable") when the value was altered or belongs elsewhere. */
  async decrypt(tenantId: string, sealed: string, context: string): Promise<string> {
    checkNames(tenantId, context);
    const parsed = typeof sealed === 'string' ? parseSealed(sealed) : undefined;
    const key = parsed && (await this.keyVersion(tenantId, parsed.version));
    const plain =
      parsed && key && open(key, parsed.iv, parsed.data, secretAad(tenantId, parsed.version, context));
    if (!plain) {
      throw new VaultError(
        'secret_unreadable',
        `The secret "${context}" of tenant ${tenantId} could not be decrypted: ` +
          'it was altered, or it was sealed for another tenant or field.',
      );
    }
    return plain.toString('utf8');
  }

  /**
   * Start a new data key version for a tenant; returns it. New secrets use it; the old version is
   * retired but kept, so existing ciphertexts still decrypt. Re-encrypting them under the new version
   * (decrypt, then encrypt again) is the caller's job.
   */
  async rotateDataKey(tenantId: string): Promise<number> {
    checkNames(tenantId, 'rotate');
    const now = iso(this.clock.now());
    const key = generateKey();
    const version = await this.db.transaction().execute(async (trx) => {
      await this.lockCurrent(trx);
      await trx
        .updateTable('tenant_data_keys')
        .set({ retired_at: now })
        .where('tenant_id', '=', tenantId)
        .where('retired_at', 'is', null)
        .execute();
      return this.insertDataKey(trx, tenantId, key, now);
    });
    this.keys.set(cacheKey(tenantId, version), key);
    return version;
  }

  /**
   * Re-wrap every tenant's data key under `next` in one transaction, then use it. Data keys (and so
   * every sealed secret) are unchanged; afterwards the old master key unwraps nothing.
   */
  async rotateMasterKey(next: MasterKey): Promise<{ rewrapped: number; masterKeyId: string }> {
    if (next.sameKeyAs(this.master)) {
      throw new VaultError('invalid_master_key', 'The new master key is the same as the current one.');
    }
    const now = iso(this.clock.now());
    const rewrapped = await this.db.transaction().execute(async (trx) => {
      await this.lockCurrent(trx);
      const rows = await trx
        .selectFrom('tenant_data_keys')
        .select(['tenant_id', 'version', 'wrapped_key', 'master_key_id'])
        .execute();
      for (const row of rows) {
        const key = this.unwrapRow(row);
        await trx
          .updateTable('tenant_data_keys')
          .set({
            wrapped_key: next.wrap(key, dataKeyAad(row.tenant_id, row.version)),
            master_key_id: next.id,
          })
          .where('tenant_id', '=', row.tenant_id)
          .where('version', '=', row.version)
          .execute();
      }
      await setVaultState(trx, next, now);
      return rows.length;
    });
    this.master = next;
    return { rewrapped, masterKeyId: next.id };
  }

  private async activeKey(tenantId: string): Promise<{ version: number; key: Buffer }> {
    const row = await this.db
      .selectFrom('tenant_data_keys')
      .select(['tenant_id', 'version', 'wrapped_key', 'master_key_id'])
      .where('tenant_id', '=', tenantId)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (row) return { version: row.version, key: this.cached(row) };
    const now = iso(this.clock.now());
    const created = generateKey();
    const result = await this.db.transaction().execute(async (trx) => {
      await this.lockCurrent(trx);
      const raced = await trx
        .selectFrom('tenant_data_keys')
        .select(['tenant_id', 'version', 'wrapped_key', 'master_key_id'])
        .where('tenant_id', '=', tenantId)
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      if (raced) return { version: raced.version, key: this.cached(raced) };
      return { version: await this.insertDataKey(trx, tenantId, created, now), key: created };
    });
    this.keys.set(cacheKey(tenantId, result.version), result.key);
    return result;
  }

  private async keyVersion(tenantId: string, version: number): Promise<Buffer | undefined> {
    const hit = this.keys.get(cacheKey(tenantId, version));
    if (hit) return hit;
    const row = await this.db
      .selectFrom('tenant_data_keys')
      .select(['tenant_id', 'version', 'wrapped_key', 'master_key_id'])
      .where('tenant_id', '=', tenantId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row && this.cached(row);
  }

  private cached(row: KeyRow): Buffer {
    const id = cacheKey(row.tenant_id, row.version);
    const hit = this.keys.get(id);
    if (hit) return hit;
    const key = this.unwrapRow(row);
    this.keys.set(id, key);
    return key;
  }

  private unwrapRow(row: KeyRow): Buffer {
    if (row.master_key_id !== this.master.id) this.followRotation(row.master_key_id);
    const key = this.master.unwrap(row.wrapped_key, dataKeyAad(row.tenant_id, row.version));
    if (!key) {
      throw new VaultError(
        'wrong_master_key',
        `Data key ${row.version} of tenant ${row.tenant_id} does not unwrap under master key ${this.master.id} ` +
          `(${this.master.describe()}); the stored key is damaged or the master key is wrong.`,
      );
    }
    return key;
  }

  /** Another process rotated the master key: pick the new key up from the key file, or fail clearly. */
  private followRotation(expectedId: string): void {
    const reloaded = this.reloadMaster?.();
    if (reloaded && reloaded.id === expectedId) {
      this.master = reloaded;
      return;
    }
    throw new VaultError(
      'master_key_rotated',
      `The vault is under master key ${expectedId}, but this process has key ${this.master.id} ` +
        `(${this.master.describe()}); the master key was rotated. Restart this process with the new key.`,
    );
  }

  /** Lock the vault's keys for this transaction and check that our master key is still the vault's. */
  private async lockCurrent(trx: Transaction<DB>): Promise<void> {
    await lockVault(trx, this.dialect);
    const state = await readVaultState(trx);
    if (!state)
      throw new VaultError('wrong_master_key', 'The vault is not initialised; open it with openVault().');
    if (state.master_key_id !== this.master.id) this.followRotation(state.master_key_id);
  }

  private async insertDataKey(
    trx: Transaction<DB>,
    tenantId: string,
    key: Buffer,
    now: string,
  ): Promise<number> {
    const last = await trx
      .selectFrom('tenant_data_keys')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    const version = Number(last?.version ?? 0) + 1;
    await trx
      .insertInto('tenant_data_keys')
      .values({
        tenant_id: tenantId,
        version,
        wrapped_key: this.master.wrap(key, dataKeyAad(tenantId, version)),
        master_key_id: this.master.id,
        created_at: now,
        retired_at: null,
      })
      .execute();
    return version;
  }
}

function cacheKey(tenantId: string, version: number): string {
  return `${tenantId}\u0000${version}`;
}

function checkNames(tenantId: string, context: string): void {
  if (typeof tenantId !== 'string' || tenantId === '') throw new TypeError('vault: tenantId is required');
  if (typeof context !== 'string' || context === '') throw new TypeError('vault: context is required');
}
