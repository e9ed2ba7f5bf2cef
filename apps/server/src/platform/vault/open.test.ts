import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestStore, describeEachDialect, type TestStore } from '../../test/stores.js';
import { iso, systemClock } from '../db/index.js';
import { VaultError } from './errors.js';
import { commitKeyFile, stageKeyFile } from './key-file.js';
import { encodeKey, generateKey, keyIdOf, SecretSetting } from './key-material.js';
import { MasterKey } from './master-key.js';
import { masterKeyFileOf, openVault, type VaultConfig } from './open.js';

async function refused(fn: () => Promise<unknown>): Promise<VaultError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof VaultError) return e;
    throw e;
  }
  throw new Error('expected a VaultError');
}

const posix = process.platform !== 'win32';

describeEachDialect('opening the vault', (dialect) => {
  let t: TestStore;
  let config: VaultConfig;
  let tenant: string;

  beforeEach(async () => {
    t = await createTestStore(dialect);
    config = { dataDir: t.dataDir };
    tenant = 'tenant-1';
    await t.store.db
      .insertInto('tenants')
      .values({ id: tenant, slug: 't1', name: 'T1', created_at: iso(systemClock.now()) })
      .execute();
  });
  afterEach(async () => t.cleanup());

  it('creates <dataDir>/master.key with mode 0600 on first start and reuses it on restart', async () => {
    const created: string[] = [];
    const first = await openVault({
      store: t.store,
      config,
      onKeyFileCreated: (file, advice) => created.push(file, advice),
    });
    const file = path.join(t.dataDir, 'master.key');
    expect(created[0]).toBe(file);
    expect(created[1]).toMatch(/back it up/);
    if (dialect === 'postgres') expect(created[1]).toMatch(/STEWARD_MASTER_KEY/);
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(t.dataDir).filter((f) => f.startsWith('master.key'))).toEqual(['master.key']);
    expect(first.masterKeySource).toEqual({ kind: 'file', file });
    const sealed = await first.encrypt(tenant, 'hunter2', 'f');

    const again = await openVault({ store: t.store, config, onKeyFileCreated: (f) => created.push(f) });
    expect(created).toHaveLength(2);
    expect(again.masterKeyId).toBe(first.masterKeyId);
    expect(await again.decrypt(tenant, sealed, 'f')).toBe('hunter2');
  });

  it.skipIf(!posix)('refuses a key file that group or others can read', async () => {
    await openVault({ store: t.store, config });
    const file = masterKeyFileOf(config);
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      chmodSync(file, mode);
      const e = await refused(() => openVault({ store: t.store, config }));
      expect(e.vaultCode).toBe('insecure_key_file');
      expect(e.message).toContain(`chmod 600 ${file}`);
      expect(e.message).toContain(mode.toString(8));
    }
    chmodSync(file, 0o400);
    await openVault({ store: t.store, config });
  });

  it('refuses a key file that does not hold a 32-byte key, without quoting it', async () => {
    const file = masterKeyFileOf(config);
    writeFileSync(file, 'not-a-key-but-maybe-a-password\n', { mode: 0o600 });
    const e = await refused(() => openVault({ store: t.store, config }));
    expect(e.vaultCode).toBe('invalid_master_key');
    expect(e.message).toContain(file);
    expect(e.message).not.toContain('maybe-a-password');
  });

  it('detects the wrong master key at start-up, naming STEWARD_MASTER_KEY and both key ids', async () => {
    const right = generateKey();
    const vault = await openVault({
      store: t.store,
      config: { ...config, masterKey: new SecretSetting(encodeKey(right)) },
    });
    await vault.encrypt(tenant, 'x', 'f');
    const wrong = generateKey();
    const e = await refused(() =>
      openVault({
        store: t.store,
        config: { ...config, masterKey: new SecretSetting(wrong.toString('hex')) },
      }),
    );
    expect(e.vaultCode).toBe('wrong_master_key');
    expect(e.message).toContain('STEWARD_MASTER_KEY');
    expect(e.message).toContain(keyIdOf(right));
    expect(e.message).toContain(keyIdOf(wrong));
    for (const k of [right, wrong]) {
      expect(e.message).not.toContain(k.toString('hex'));
      expect(e.message).not.toContain(encodeKey(k));
    }
    // No key file was created while STEWARD_MASTER_KEY was set.
    expect(existsSync(masterKeyFileOf(config))).toBe(false);
  });

  it('a second process with no key of its own refuses to start and creates no key', async () => {
    await (await openVault({ store: t.store, config })).encrypt(tenant, 'x', 'f');
    // Another machine: the same database, its own (empty) data directory, no STEWARD_MASTER_KEY.
    const elsewhere = { dataDir: mkdtempSync(path.join(tmpdir(), 'steward-other-')) };
    const e = await refused(() => openVault({ store: t.store, config: elsewhere }));
    expect(e.vaultCode).toBe('wrong_master_key');
    expect(e.message).toContain('STEWARD_MASTER_KEY');
    expect(e.message).toMatch(dialect === 'postgres' ? /same master key/ : /Restore the key file/);
    expect(existsSync(masterKeyFileOf(elsewhere))).toBe(false);
    // With the shared key it starts.
    const shared = readFileSync(masterKeyFileOf(config), 'utf8');
    await openVault({ store: t.store, config: { ...elsewhere, masterKey: new SecretSetting(shared) } });
  });

  it('STEWARD_MASTER_KEY wins over the key file; STEWARD_MASTER_KEY_FILE moves the file', async () => {
    const masterKeyFile = path.join(t.dataDir, 'keys', 'steward.key');
    const v = await openVault({ store: t.store, config: { ...config, masterKeyFile } });
    expect(existsSync(masterKeyFile)).toBe(true);
    expect(existsSync(path.join(t.dataDir, 'master.key'))).toBe(false);
    const key = readFileSync(masterKeyFile, 'utf8');
    const fromEnv = await openVault({
      store: t.store,
      config: { ...config, masterKeyFile: '/nonexistent/key', masterKey: new SecretSetting(key) },
    });
    expect(fromEnv.masterKeyId).toBe(v.masterKeyId);
    expect(fromEnv.masterKeySource).toEqual({ kind: 'env' });
  });

  it('points at the staged key when a rotation was interrupted after the database changed', async () => {
    const vault = await openVault({ store: t.store, config });
    await vault.encrypt(tenant, 'x', 'f');
    const file = masterKeyFileOf(config);
    const next = generateKey();
    stageKeyFile(file, next);
    await vault.rotateMasterKey(new MasterKey(next, { kind: 'file', file }));
    const e = await refused(() => openVault({ store: t.store, config }));
    expect(e.message).toContain(`mv ${file}.new ${file}`);
    commitKeyFile(file);
    expect((await openVault({ store: t.store, config })).masterKeyId).toBe(keyIdOf(next));
  });

  it('a running process follows a key file rotated by another process', async () => {
    const running = await openVault({ store: t.store, config });
    const rotating = await openVault({ store: t.store, config });
    const sealed = await rotating.encrypt(tenant, 'rotated', 'f');
    const file = masterKeyFileOf(config);
    const next = generateKey();
    stageKeyFile(file, next);
    await rotating.rotateMasterKey(new MasterKey(next, { kind: 'file', file }));
    commitKeyFile(file);
    // `running` has not unwrapped this tenant's key yet; it re-reads the key file to do so.
    expect(await running.decrypt(tenant, sealed, 'f')).toBe('rotated');
    expect(running.masterKeyId).toBe(keyIdOf(next));
  });

  it('without createKeyFile, a fresh install is told to start the server first', async () => {
    const e = await refused(() => openVault({ store: t.store, config, createKeyFile: false }));
    expect(e.message).toMatch(/no master key yet/);
    expect(existsSync(masterKeyFileOf(config))).toBe(false);
  });
});
