import { inspect } from 'node:util';
import { openText, sealToText } from './aead.js';
import { KEY_BYTES, keyIdOf } from './key-material.js';

export type MasterKeySource = { kind: 'env' } | { kind: 'file'; file: string };

export const MASTER_KEY_ENV = 'STEWARD_MASTER_KEY';

/**
 * The master key. It wraps data keys and never leaves this object: callers get wrap/unwrap, an id
 * (safe to store and print) and where the key came from. It prints and serialises without the key.
 */
export class MasterKey {
  readonly #key: Buffer;
  readonly id: string;

  constructor(
    key: Buffer,
    readonly source: MasterKeySource,
  ) {
    if (key.length !== KEY_BYTES) throw new RangeError(`a master key is ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
    this.id = keyIdOf(key);
  }

  wrap(plaintext: Buffer, aad: string): string {
    return sealToText(this.#key, plaintext, aad);
  }

  unwrap(wrapped: string, aad: string): Buffer | undefined {
    return openText(this.#key, wrapped, aad);
  }

  sameKeyAs(other: MasterKey): boolean {
    return other.id === this.id && other.#key.equals(this.#key);
  }

  /** "STEWARD_MASTER_KEY" or "the key file /path/master.key": for messages. */
  describe(): string {
    return this.source.kind === 'env' ? MASTER_KEY_ENV : `the key file ${this.source.file}`;
  }

  toJSON(): { id: string; source: MasterKeySource } {
    return { id: this.id, source: this.source };
  }

  [inspect.custom](): string {
    return `MasterKey { id: '${this.id}', source: ${this.source.kind} }`;
  }
}
