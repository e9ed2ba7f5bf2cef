import { readFileSync, existsSync } from 'node:fs';
import { inspect } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestStore, describeEachDialect, type TestStore } from '../../test/stores.js';
import { iso, systemClock } from '../db/index.js';
import { newId } from '../ids/index.js';
import { VaultError, isVaultError } from './errors.js';
import { encodeKey, generateKey, SecretSetting } from './key-material.js';
import { MasterKey } from './master-key.js';
import { openVault } from './open.js';
import { dataKeyAad } from './sealed.js';
import type { Vault } from './vault.js';

const PLAINTEXT = 'plaintext-client-secret-4f9c2b7e';

async function addTenant(t: TestStore, slug: string): Promise<string> {
  const id = newId();
  await t.store.db
    .insertInto('tenants')
    .values({ id, slug, name: slug, created_at: iso(systemClock.now()) })
    .execute();
  return id;
}

function envConfig(t: TestStore, key: Buffer) {
  return { dataDir: t.dataDir, masterKey: new SecretSetting(encodeKey(key)) };
}

async function thrown(fn: () => Promise<unknown>): Promise<VaultError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof VaultError) return e;
    throw e;
  }
  throw new Error('expected a VaultError');
}

/** Every form a key or secret could take in text or bytes. */
function forms(secret: Buffer): string[] {
  return [secret.toString('base64'), secret.toString('base64url'), secret.toString('hex')];
}

describeEachDialect('vault', (dialect) => {
  let t: TestStore;
  let masterBytes: Buffer;
  let vault: Vault;
  let acme: string;
  let globex: string;

  beforeEach(async () => {
    t = await createTestStore(dialect);
    masterBytes = generateKey();
    vault = await openVault({ store: t.store, config: envConfig(t, masterBytes) });
    acme = await addTenant(t, 'acme');
    globex = await addTenant(t, 'globex');
  });
  afterEach(async () => t.cleanup());

  it('round-trips a secret in a versioned sealed format, with a fresh IV each time', async () => {
    const ctx = 'connector:c1:clientSecret';
    const a = await vault.encrypt(acme, PLAINTEXT, ctx);
    const b = await vault.encrypt(acme, PLAINTEXT, ctx);
    expect(a).toMatch(/^v1\.1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(await vault.decrypt(acme, a, ctx)).toBe(PLAINTEXT);
    expect(await vault.decrypt(acme, await vault.encrypt(acme, '', ctx), ctx)).toBe('');
    expect(await vault.decrypt(acme, await vault.encrypt(acme, 'żółw 🔑', ctx), ctx)).toBe('żółw 🔑');
    // One active data key per tenant, created lazily.
    const keys = await t.store.db.selectFrom('tenant_data_keys').selectAll().execute();
    expect(keys.map((k) => [k.tenant_id, k.version, k.master_key_id])).toEqual([
      [acme, 1, vault.masterKeyId],
    ]);
  });

  it('refuses a tampered ciphertext, another tenant, another context, and garbage, without leaking', async () => {
    const ctx = 'connector:c1:clientSecret';
    const sealed = await vault.encrypt(acme, PLAINTEXT, ctx);
    await vault.encrypt(globex, 'globex secret', ctx);
    const raw = Buffer.from(sealed.split('.')[3]!, 'base64url');
    const failures: VaultError[] = [];
    for (let i = 0; i < raw.length; i += 7) {
      const flipped = Buffer.from(raw);
      flipped[i] = flipped[i]! ^ 0x01;
      const parts = sealed.split('.');
      parts[3] = flipped.toString('base64url');
      failures.push(await thrown(() => vault.decrypt(acme, parts.join('.'), ctx)));
    }
    const iv = sealed.split('.');
    iv[2] = Buffer.alloc(12, 1).toString('base64url');
    failures.push(await thrown(() => vault.decrypt(acme, iv.join('.'), ctx)));
    failures.push(await thrown(() => vault.decrypt(globex, sealed, ctx)));
    failures.push(await thrown(() => vault.decrypt(acme, sealed, 'connector:c2:clientSecret')));
    failures.push(await thrown(() => vault.decrypt(acme, sealed.replace(/^v1\.1\./, 'v1.2.'), ctx)));
    failures.push(await thrown(() => vault.decrypt(acme, 'not sealed', ctx)));
    failures.push(await thrown(() => vault.decrypt(acme, PLAINTEXT, ctx)));
    for (const e of failures) {
      expect(isVaultError(e, 'secret_unreadable')).toBe(true);
      expect(e.status).toBe(500);
      expect(e.cause).toBeUndefined();
      for (const text of [e.message, inspect(e), JSON.stringify(e)]) {
        expect(text).not.toContain(PLAINTEXT);
        expect(text).not.toContain(sealed.split('.')[3]);
        for (const f of forms(masterBytes)) expect(text).not.toContain(f);
      }
    }
    expect(failures.at(-3)!.message).toMatch(/could not be decrypted/);
  });

  it('rotates a tenant data key: new secrets use the new version, old ones still decrypt', async () => {
    const old = await vault.encrypt(acme, 'before', 'f');
    expect(await vault.rotateDataKey(acme)).toBe(2);
    const fresh = await vault.encrypt(acme, 'after', 'f');
    expect(fresh).toMatch(/^v1\.2\./);
    expect(await vault.decrypt(acme, old, 'f')).toBe('before');
    expect(await vault.decrypt(acme, fresh, 'f')).toBe('after');
    const rows = await t.store.db
      .selectFrom('tenant_data_keys')
      .select(['version', 'retired_at'])
      .where('tenant_id', '=', acme)
      .orderBy('version')
      .execute();
    expect(rows.map((r) => [r.version, r.retired_at === null])).toEqual([
      [1, false],
      [2, true],
    ]);
    // A fresh process (empty cache) reads both versions from the database.
    const again = await openVault({ store: t.store, config: envConfig(t, masterBytes) });
    expect(await again.decrypt(acme, old, 'f')).toBe('before');
    expect(await again.decrypt(acme, fresh, 'f')).toBe('after');
  });

  it('creates one data key when many encrypt at once for a new tenant', async () => {
    const other = await openVault({ store: t.store, config: envConfig(t, masterBytes) });
    const sealed = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? vault : other).encrypt(acme, `s${i}`, 'f')),
    );
    expect(new Set(sealed.map((s) => s.split('.')[1]))).toEqual(new Set(['1']));
    expect(await vault.decrypt(acme, sealed[0]!, 'f')).toBe('s0');
  });

  it('rotates the master key: every tenant re-wrapped, old ciphertexts decrypt, the old key opens nothing', async () => {
    const secrets = [
      [acme, await vault.encrypt(acme, 'acme secret', 'connector:a:token')],
      [globex, await vault.encrypt(globex, 'globex secret', 'connector:g:token')],
    ] as const;
    await vault.rotateDataKey(acme);
    const before = await t.store.db.selectFrom('tenant_data_keys').selectAll().execute();
    const nextBytes = generateKey();
    const next = new MasterKey(nextBytes, { kind: 'env' });
    const result = await vault.rotateMasterKey(next);
    expect(result).toEqual({ rewrapped: 3, masterKeyId: next.id });
    const after = await t.store.db.selectFrom('tenant_data_keys').selectAll().execute();
    expect(after.every((r) => r.master_key_id === next.id)).toBe(true);
    for (const row of after) {
      expect(row.wrapped_key).not.toBe(
        before.find((b) => b.tenant_id === row.tenant_id && b.version === row.version)!.wrapped_key,
      );
    }
    // The same vault and a fresh one under the new key read everything.
    const fresh = await openVault({ store: t.store, config: envConfig(t, nextBytes) });
    for (const [tenant, sealed] of secrets) {
      const ctx = tenant === acme ? 'connector:a:token' : 'connector:g:token';
      expect(await vault.decrypt(tenant, sealed, ctx)).toMatch(/secret$/);
      expect(await fresh.decrypt(tenant, sealed, ctx)).toMatch(/secret$/);
    }
    // The old key unwraps no data key, and a process started with it is refused.
    const oldKey = new MasterKey(masterBytes, { kind: 'env' });
    for (const row of after) {
      expect(oldKey.unwrap(row.wrapped_key, dataKeyAad(row.tenant_id, row.version))).toBeUndefined();
    }
    const refused = await thrown(() => openVault({ store: t.store, config: envConfig(t, masterBytes) }));
    expect(refused.vaultCode).toBe('wrong_master_key');
    expect(refused.message).toContain('STEWARD_MASTER_KEY');
    expect(refused.message).toContain(next.id);
    await expect(vault.rotateMasterKey(next)).rejects.toThrow(/same as the current/);
  });

  it('a process still on the old key fails clearly instead of wrapping new keys under it', async () => {
    const stale = await openVault({ store: t.store, config: envConfig(t, masterBytes) });
    await vault.rotateMasterKey(new MasterKey(generateKey(), { kind: 'env' }));
    const e = await thrown(() => stale.encrypt(globex, 'x', 'f'));
    expect(e.vaultCode).toBe('master_key_rotated');
    expect(e.message).toMatch(/Restart this process with the new key/);
    expect(await t.store.db.selectFrom('tenant_data_keys').selectAll().execute()).toEqual([]);
  });

  it('never stores the plaintext or any key material in the database', async () => {
    await sql`create table test_credentials (id text primary key, sealed text not null)`.execute(t.store.db);
    const sealed = await vault.encrypt(acme, PLAINTEXT, 'connector:c1:clientSecret');
    await sql`insert into test_credentials (id, sealed) values (${'c1'}, ${sealed})`.execute(t.store.db);
    await vault.rotateDataKey(acme);
    await vault.encrypt(acme, PLAINTEXT, 'connector:c1:clientSecret');
    const master = new MasterKey(masterBytes, { kind: 'env' });
    const rows = await t.store.db.selectFrom('tenant_data_keys').selectAll().execute();
    const dataKeys = rows.map((r) => master.unwrap(r.wrapped_key, dataKeyAad(r.tenant_id, r.version))!);
    expect(dataKeys).toHaveLength(2);
    const secrets = [Buffer.from(PLAINTEXT), masterBytes, ...dataKeys];
    const textForms = [PLAINTEXT, ...forms(masterBytes), ...dataKeys.flatMap(forms)];
    if (dialect === 'sqlite') {
      await t.store.close();
      const files = [t.store.sqliteFile!, `${t.store.sqliteFile!}-wal`].filter((f) => existsSync(f));
      const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
      expect(bytes.length).toBeGreaterThan(0);
      for (const s of secrets) expect(bytes.includes(s)).toBe(false);
      for (const f of textForms) expect(bytes.includes(Buffer.from(f))).toBe(false);
      expect(bytes.includes(Buffer.from(sealed))).toBe(true);
    } else {
      const dump = JSON.stringify([
        await sql`select * from test_credentials`.execute(t.store.db),
        await sql`select * from tenant_data_keys`.execute(t.store.db),
        await sql`select * from vault_state`.execute(t.store.db),
      ]);
      expect(dump).toContain(sealed);
      for (const f of textForms) expect(dump).not.toContain(f);
    }
  });

  it('keeps the master key out of inspect and JSON', () => {
    const key = new MasterKey(masterBytes, { kind: 'env' });
    const setting = new SecretSetting(encodeKey(masterBytes));
    for (const text of [
      inspect(key),
      JSON.stringify(key),
      inspect(setting),
      JSON.stringify({ setting }),
      `${setting}`,
    ]) {
      for (const f of forms(masterBytes)) expect(text).not.toContain(f);
    }
    expect(JSON.stringify({ setting })).toBe('{"setting":"[redacted]"}');
  });
});
