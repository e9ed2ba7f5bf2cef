import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/** AES-256-GCM with a fresh random 96-bit IV; returns the IV and ciphertext followed by the 16-byte tag. */
export function seal(key: Buffer, plaintext: Buffer, aad: string): { iv: Buffer; data: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, data };
}

/** The plaintext, or undefined when the key, IV, AAD or data do not authenticate. Never throws. */
export function open(key: Buffer, iv: Buffer, data: Buffer, aad: string): Buffer | undefined {
  if (iv.length !== IV_BYTES || data.length < TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** `<iv>.<ciphertext+tag>`, base64url: how wrapped keys and check values are stored. */
export function sealToText(key: Buffer, plaintext: Buffer, aad: string): string {
  const { iv, data } = seal(key, plaintext, aad);
  return `${iv.toString('base64url')}.${data.toString('base64url')}`;
}

export function openText(key: Buffer, text: string, aad: string): Buffer | undefined {
  const parts = text.split('.');
  if (parts.length !== 2) return undefined;
  return open(key, Buffer.from(parts[0]!, 'base64url'), Buffer.from(parts[1]!, 'base64url'), aad);
}
