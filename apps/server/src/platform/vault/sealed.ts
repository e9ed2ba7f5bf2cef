import { IV_BYTES, TAG_BYTES } from './aead.js';

/**
 * The sealed format: `v1.<data key version>.<iv>.<ciphertext+tag>`, base64url. The version says
 * which of the tenant's data keys to use; tenant and context are not in it but bound as AAD.
 */
export interface Sealed {
  version: number;
  iv: Buffer;
  data: Buffer;
}

const FORMAT = /^v1\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]+)$/;

export function formatSealed(version: number, iv: Buffer, data: Buffer): string {
  return `v1.${version}.${iv.toString('base64url')}.${data.toString('base64url')}`;
}

export function parseSealed(text: string): Sealed | undefined {
  const m = FORMAT.exec(text);
  if (!m) return undefined;
  const iv = Buffer.from(m[2]!, 'base64url');
  const data = Buffer.from(m[3]!, 'base64url');
  if (iv.length !== IV_BYTES || data.length < TAG_BYTES) return undefined;
  return { version: Number(m[1]), iv, data };
}

/** True for a value in the sealed format (not a proof that it decrypts). */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && parseSealed(value) !== undefined;
}

/** Additional authenticated data: a ciphertext only opens for the tenant, key version and field it was sealed for. */
export function secretAad(tenantId: string, version: number, context: string): string {
  return JSON.stringify(['steward.secret.v1', tenantId, version, context]);
}

export function dataKeyAad(tenantId: string, version: number): string {
  return JSON.stringify(['steward.data-key.v1', tenantId, version]);
}
