import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { iso, systemClock, type Clock, type Dialect, type Store } from '../db/index.js';
import { VaultError } from './errors.js';
import { createKeyFile, pendingKeyFile, readKeyFile } from './key-file.js';
import { generateKey, KEY_FORMAT_HINT, parseKeyMaterial } from './key-material.js';
import { MASTER_KEY_ENV, MasterKey } from './master-key.js';
import { dataKeyAad } from './sealed.js';
import { initVaultState, masterOpens, readVaultState, type VaultState } from './state.js';
import { Vault } from './vault.js';

export type VaultConfig = Pick<Config, 'dataDir' | 'masterKey' | 'masterKeyFile'>;

export interface OpenVaultOptions {
  store: Pick<Store, 'db' | 'dialect'>;
  config: VaultConfig;
  clock?: Clock;
  /** Create `<dataDir>/master.key` when there is no key yet (default true; `keys rotate` says false). */
  createKeyFile?: boolean;
  /** Told once when a new key file was created, with advice for the operator. */
  onKeyFileCreated?: (file: string, advice: string) => void;
}

/** STEWARD_MASTER_KEY_FILE, else `<dataDir>/master.key`. */
export function masterKeyFileOf(config: VaultConfig): string {
  return config.masterKeyFile ?? path.join(config.dataDir, 'master.key');
}

/** The master key from STEWARD_MASTER_KEY, else from the key file; undefined when there is neither. */
export function loadMasterKey(config: VaultConfig): MasterKey | undefined {
  if (config.masterKey) {
    const key = parseKeyMaterial(config.masterKey.reveal());
    if (!key) throw new VaultError('invalid_master_key', `${MASTER_KEY_ENV} ${KEY_FORMAT_HINT}.`);
    return new MasterKey(key, { kind: 'env' });
  }
  const file = masterKeyFileOf(config);
  const key = readKeyFile(file);
  return key && new MasterKey(key, { kind: 'file', file });
}

/**
 * Open the vault, failing fast when the master key is not the one the database's data keys are
 * wrapped under. On a fresh database with no STEWARD_MASTER_KEY, a key file is created (0600).
 */
export async function openVault(options: OpenVaultOptions): Promise<Vault> {
  const { store, config } = options;
  const clock = options.clock ?? systemClock;
  const file = masterKeyFileOf(config);
  const state = await readVaultState(store.db);
  let master = loadMasterKey(config);
  let created = false;
  if (!master) {
    if (state) throw missingKey(state, file, store.dialect);
    if (options.createKeyFile === false) {
      throw new VaultError(
        'wrong_master_key',
        `There is no master key yet: ${MASTER_KEY_ENV} is not set and there is no key file at ${file}. ` +
          'Start the server once (it creates the key file), or set STEWARD_MASTER_KEY.',
      );
    }
    const key = generateKey();
    created = createKeyFile(file, key);
    // Another process may have created the file first; then its key is the one to use.
    master = created ? new MasterKey(key, { kind: 'file', file }) : loadMasterKey(config)!;
  }
  if (!state) await initVaultState(store.db, master, iso(clock.now()));
  const current = state ?? (await readVaultState(store.db));
  const sample = await store.db
    .selectFrom('tenant_data_keys')
    .select(['tenant_id', 'version', 'wrapped_key', 'master_key_id'])
    .limit(1)
    .executeTakeFirst();
  const opensSample =
    !sample ||
    (sample.master_key_id === master.id &&
      master.unwrap(sample.wrapped_key, dataKeyAad(sample.tenant_id, sample.version)) !== undefined);
  if (!current || !masterOpens(master, current) || !opensSample) {
    if (created) rmSync(file, { force: true });
    throw wrongKey(master, current?.master_key_id ?? sample?.master_key_id ?? 'unknown', file);
  }
  if (created) options.onKeyFileCreated?.(file, createdAdvice(file, store.dialect));
  const source = master.source;
  return new Vault({
    db: store.db,
    dialect: store.dialect,
    master,
    clock,
    reloadMaster: source.kind === 'file' ? () => reloadFrom(source.file) : undefined,
  });
}

function reloadFrom(file: string): MasterKey | undefined {
  try {
    const key = readKeyFile(file);
    return key && new MasterKey(key, { kind: 'file', file });
  } catch {
    return undefined;
  }
}

function createdAdvice(file: string, dialect: Dialect): string {
  const base = `Created the master key file ${file} (mode 0600); back it up apart from the database: without it the stored credentials cannot be read.`;
  return dialect === 'postgres'
    ? `${base} Every process on this PostgreSQL database needs the same key: set ${MASTER_KEY_ENV} (or STEWARD_MASTER_KEY_FILE to a shared file) on the others.`
    : base;
}

function missingKey(state: VaultState, file: string, dialect: Dialect): VaultError {
  const found =
    `The stored credentials are encrypted under master key ${state.master_key_id}, but ${MASTER_KEY_ENV} ` +
    `is not set and there is no key file at ${file}. `;
  const advice =
    dialect === 'postgres'
      ? `Every Steward process on one PostgreSQL database needs the same master key: set ${MASTER_KEY_ENV} ` +
        '(or STEWARD_MASTER_KEY_FILE to a shared key file) to the key the other processes use.'
      : `Restore the key file from your backup, or set ${MASTER_KEY_ENV} to the original key. ` +
        'Steward will not create a new key: it could not read the stored credentials.';
  return new VaultError('wrong_master_key', found + advice);
}

function wrongKey(master: MasterKey, expectedId: string, file: string): VaultError {
  let message =
    `The master key from ${master.describe()} (id ${master.id}) is not the key the stored credentials ` +
    `are encrypted under (id ${expectedId}). Set ${MASTER_KEY_ENV} (or the key file) to the key with id ` +
    `${expectedId}; after \`steward keys rotate\` every process needs the new key.`;
  if (master.id === expectedId) {
    message =
      `The master key from ${master.describe()} has the expected id ${expectedId} but does not unwrap the ` +
      'stored keys: the vault tables are damaged. Restore them from a backup.';
  }
  const pending = pendingKeyFile(file);
  const staged = reloadFrom(pending);
  if (master.source.kind === 'file' && staged?.id === expectedId) {
    message +=
      ` A key rotation was interrupted after the database was re-wrapped: the expected key is in ${pending}; ` +
      `move it to ${file} (\`mv ${pending} ${file}\`) and start again.`;
  }
  return new VaultError('wrong_master_key', message);
}
