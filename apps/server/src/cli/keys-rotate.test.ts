import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { iso, openMigratedStore, systemClock, type Store } from '../platform/db/index.js';
import {
  encodeKey,
  generateKey,
  keyIdOf,
  openVault,
  SecretSetting,
  VaultError,
} from '../platform/vault/index.js';
import type { VaultConfig } from '../platform/vault/index.js';
import { createTestDatabase, type TestDatabase } from '../test/stores.js';
import { postgresCheck } from '../test/services.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/steward.js');
const pg = await postgresCheck();
const posix = process.platform !== 'win32';

function run(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, STEWARD_LOG_LEVEL: 'warn', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Fixture {
  dataDir: string;
  databaseUrl?: string | undefined;
  secrets: { tenant: string; sealed: string; plain: string }[];
}

/** A database whose vault holds a secret for each of two tenants, sealed under `masterKey` (or a new key file). */
async function seed(dataDir: string, databaseUrl?: string, masterKey?: Buffer): Promise<Fixture> {
  const store = await openMigratedStore({ dataDir, databaseUrl });
  try {
    const vault = await openVault({ store, config: vaultConfig(dataDir, masterKey) });
    const secrets: Fixture['secrets'] = [];
    for (const slug of ['acme', 'globex']) {
      const tenant = `tenant-${slug}`;
      await store.db
        .insertInto('tenants')
        .values({ id: tenant, slug, name: slug, created_at: iso(systemClock.now()) })
        .execute();
      const plain = `${slug} client secret`;
      secrets.push({ tenant, plain, sealed: await vault.encrypt(tenant, plain, 'connector:x:clientSecret') });
    }
    return { dataDir, databaseUrl, secrets };
  } finally {
    await store.close();
  }
}

function vaultConfig(dataDir: string, masterKey?: Buffer): VaultConfig {
  return { dataDir, ...(masterKey ? { masterKey: new SecretSetting(encodeKey(masterKey)) } : {}) };
}

async function withStore<T>(f: Fixture, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openMigratedStore({ dataDir: f.dataDir, databaseUrl: f.databaseUrl });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Every secret decrypts under `masterKey` (or the key file). */
async function readsAll(f: Fixture, masterKey?: Buffer): Promise<string[]> {
  return withStore(f, async (store) => {
    const vault = await openVault({ store, config: vaultConfig(f.dataDir, masterKey), createKeyFile: false });
    return Promise.all(f.secrets.map((s) => vault.decrypt(s.tenant, s.sealed, 'connector:x:clientSecret')));
  });
}

async function refusedWith(f: Fixture, masterKey: Buffer): Promise<string> {
  try {
    await readsAll(f, masterKey);
  } catch (e) {
    if (e instanceof VaultError) return e.message;
    throw e;
  }
  throw new Error('the old key still opens the vault');
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'steward-keys-'));
}

// Each test starts several CLI processes (tsx compiles on start-up): allow for a loaded machine.
describe('steward keys rotate', { timeout: 180_000 }, () => {
  it('replaces the key file atomically: the new key opens everything, the old one nothing', async () => {
    const f = await seed(tempDir());
    const file = path.join(f.dataDir, 'master.key');
    const oldText = readFileSync(file, 'utf8');
    const oldKey = Buffer.from(oldText.trim(), 'base64');

    const r = run(['keys', 'rotate'], { STEWARD_DATA_DIR: f.dataDir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /re-wrapped under key ([0-9a-f]{8}) \(was ([0-9a-f]{8})\)/.exec(r.stdout);
    expect(m?.[2]).toBe(keyIdOf(oldKey));
    expect(r.stdout).toMatch(/^Rotated the master key: 2 data key\(s\)/);
    expect(r.stdout).toContain(`The new key is in ${file} (mode 0600)`);

    const newText = readFileSync(file, 'utf8');
    const newKey = Buffer.from(newText.trim(), 'base64');
    expect(newText).not.toBe(oldText);
    expect(keyIdOf(newKey)).toBe(m?.[1]);
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(f.dataDir).filter((n) => n.startsWith('master.key'))).toEqual(['master.key']);
    expect(r.stdout).not.toContain(newText.trim());
    expect(r.stdout).not.toContain(newKey.toString('hex'));

    expect(await readsAll(f)).toEqual(f.secrets.map((s) => s.plain));
    expect(await refusedWith(f, oldKey)).toMatch(/STEWARD_MASTER_KEY.*not the key/);

    // A second rotation works from the rotated key.
    expect(run(['keys', 'rotate'], { STEWARD_DATA_DIR: f.dataDir }).code).toBe(0);
    expect(await readsAll(f)).toEqual(f.secrets.map((s) => s.plain));
  });

  it('with STEWARD_MASTER_KEY, takes the new key from stdin only and says how to switch', async () => {
    const oldKey = generateKey();
    const f = await seed(tempDir(), undefined, oldKey);
    const env = { STEWARD_DATA_DIR: f.dataDir, STEWARD_MASTER_KEY: oldKey.toString('hex') };

    const noStdin = run(['keys', 'rotate'], env);
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toMatch(/STEWARD_MASTER_KEY is set/);
    expect(noStdin.stderr).toContain('--new-key-stdin');
    const garbage = run(['keys', 'rotate', '--new-key-stdin'], env, 'my new password\n');
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/new key on stdin must be 32 bytes/);
    expect(garbage.stderr).not.toContain('my new password');
    const same = run(['keys', 'rotate', '--new-key-stdin'], env, `${encodeKey(oldKey)}\n`);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/same as the current/);

    const newKey = generateKey();
    const r = run(['keys', 'rotate', '--new-key-stdin'], env, `${encodeKey(newKey)}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`set STEWARD_MASTER_KEY to the new key (id ${keyIdOf(newKey)})`);
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toContain(encodeKey(newKey));
      expect(out).not.toContain(oldKey.toString('hex'));
    }
    expect(existsSync(path.join(f.dataDir, 'master.key'))).toBe(false);
    expect(await readsAll(f, newKey)).toEqual(f.secrets.map((s) => s.plain));
    expect(await refusedWith(f, oldKey)).toContain(keyIdOf(newKey));

    // The server, started with the old key, refuses with a message naming the variable.
    const serve = run(['serve', '--port', '0'], env);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(/^steward: The master key from STEWARD_MASTER_KEY/);
    expect(serve.stderr).not.toContain(oldKey.toString('hex'));
  });

  it('refuses unknown subcommands, a fresh install, and a key file others can read', async () => {
    const dir = tempDir();
    const frob = run(['keys', 'frob'], { STEWARD_DATA_DIR: dir });
    expect(frob.code).toBe(2);
    expect(frob.stderr).toMatch(/only subcommand is "rotate"/);
    const fresh = run(['keys', 'rotate'], { STEWARD_DATA_DIR: dir });
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toMatch(/no master key yet/);
    expect(existsSync(path.join(dir, 'master.key'))).toBe(false);
    if (!posix) return;
    const f = await seed(dir);
    chmodSync(path.join(dir, 'master.key'), 0o644);
    for (const args of [
      ['keys', 'rotate'],
      ['serve', '--port', '0'],
    ]) {
      const r = run(args, { STEWARD_DATA_DIR: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`chmod 600 ${path.join(dir, 'master.key')}`);
    }
    expect(f.secrets).toHaveLength(2);
  });

  describe.skipIf(!pg.available)(`on PostgreSQL${pg.available ? '' : ` (skipped: ${pg.reason})`}`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => db?.drop());

    it('rotates, and a process without the shared key refuses to start, naming STEWARD_MASTER_KEY', async () => {
      db = await createTestDatabase('postgres');
      const f = await seed(db.dataDir, db.databaseUrl);
      const r = run(['keys', 'rotate'], {
        STEWARD_DATA_DIR: db.dataDir,
        STEWARD_DATABASE_URL: db.databaseUrl!,
      });
      expect(r.code).toBe(0);
      expect(await readsAll(f)).toEqual(f.secrets.map((s) => s.plain));

      const elsewhere = tempDir();
      const serve = run(['serve', '--port', '0'], {
        STEWARD_DATA_DIR: elsewhere,
        STEWARD_DATABASE_URL: db.databaseUrl!,
      });
      expect(serve.code).toBe(2);
      expect(serve.stderr).toMatch(/same master key: set STEWARD_MASTER_KEY/);
      expect(existsSync(path.join(elsewhere, 'master.key'))).toBe(false);
    });
  });
});
