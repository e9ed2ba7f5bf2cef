import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { VaultError } from './errors.js';
import { encodeKey, KEY_FORMAT_HINT, parseKeyMaterial } from './key-material.js';

const checksPermissions = process.platform !== 'win32';

/**
 * The key in `file`, or undefined when there is no such file. Refuses a file that group or others
 * may read or write (like ssh does with private keys) and one that does not hold a 32-byte key.
 */
export function readKeyFile(file: string): Buffer | undefined {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (checksPermissions && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new VaultError(
      'insecure_key_file',
      `The master key file ${file} is accessible to group or others (mode ${octal}); ` +
        `Steward will not use it. Run \`chmod 600 ${file}\` and start again.`,
    );
  }
  const key = parseKeyMaterial(readFileSync(file, 'utf8'));
  if (!key) throw new VaultError('invalid_master_key', `The master key file ${file} ${KEY_FORMAT_HINT}.`);
  return key;
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory; the rename itself is still atomic.
  }
}

/** Write a key to a new file with mode 0600 (never wider, whatever the umask) and flush it to disk. */
function writeNew(file: string, key: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, `${encodeKey(key)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function tempName(file: string): string {
  return `${file}.${process.pid}.${Date.now()}.tmp`;
}

/**
 * Create `file` holding `key`, atomically and only if it does not exist yet: a reader never sees a
 * half-written key. Returns false when another process created it first.
 */
export function createKeyFile(file: string, key: Buffer): boolean {
  const tmp = tempName(file);
  writeNew(tmp, key);
  try {
    linkSync(tmp, file);
    syncDir(path.dirname(file));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Where a rotation stages the new key until the database has been re-wrapped. */
export function pendingKeyFile(file: string): string {
  return `${file}.new`;
}

/** Step 1 of replacing a key file: write the new key beside it (0600). */
export function stageKeyFile(file: string, key: Buffer): string {
  const pending = pendingKeyFile(file);
  rmSync(pending, { force: true });
  writeNew(pending, key);
  return pending;
}

/** Step 2: move the staged key over the old one in one rename. */
export function commitKeyFile(file: string): void {
  renameSync(pendingKeyFile(file), file);
  syncDir(path.dirname(file));
}

export function discardStagedKeyFile(file: string): void {
  rmSync(pendingKeyFile(file), { force: true });
}
