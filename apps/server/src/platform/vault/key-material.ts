import { createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

export const KEY_BYTES = 32;

const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]{43}=?$/;

/** 32 bytes written as hex (64 digits) or base64/base64url (43 characters, optional padding); else undefined. */
export function parseKeyMaterial(text: string): Buffer | undefined {
  const t = text.trim();
  if (HEX.test(t)) return Buffer.from(t, 'hex');
  if (BASE64.test(t)) {
    const key = Buffer.from(t.replace(/=$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 'base64url');
    if (key.length === KEY_BYTES) return key;
  }
  return undefined;
}

export const KEY_FORMAT_HINT = 'must be 32 bytes written as base64 or hex (e.g. `openssl rand -base64 32`)';

/** How a new key is written to a file or shown to an operator. */
export function encodeKey(key: Buffer): string {
  return key.toString('base64');
}

export function generateKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * A key's public name: the first 8 hex digits of a domain-separated SHA-256, recorded beside every
 * wrapped data key so a mismatch is reported as "wrong key", not as corrupt data.
 */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('steward-master-key-id\0').update(key).digest('hex').slice(0, 8);
}

/**
 * A secret setting (STEWARD_MASTER_KEY): it prints, logs and serialises as "[redacted]", so a logged or
 * dumped config cannot leak it; `reveal()` is the only way to the value.
 */
export class SecretSetting {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return '[redacted]';
  }
}
