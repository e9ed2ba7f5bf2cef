import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Write a file so that readers see either the old content or the new, never half of it: write a temp file in
 * the same directory, fsync it, then rename it over the target. */
export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  const tmp = path.join(path.dirname(file), `.tmp-${path.basename(file)}-${randomBytes(6).toString('hex')}`);
  const handle = await open(tmp, 'w', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Temp files left by a crash mid-write. */
export function isTempFile(name: string): boolean {
  return name.startsWith('.tmp-');
}

/** A file name for an id of any characters (ids come from the server). */
export function idToFileName(id: string): string {
  return `${Buffer.from(id, 'utf8').toString('base64url')}.json`;
}
