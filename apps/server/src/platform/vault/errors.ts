import { StewardError } from '@steward/domain';

export type VaultErrorCode =
  /** A sealed value failed to decrypt: altered, another tenant's, or another field's. */
  | 'secret_unreadable'
  /** The master key is not the one the stored data keys are wrapped under. */
  | 'wrong_master_key'
  /** The master key (environment or file) is not 32 bytes of base64 or hex. */
  | 'invalid_master_key'
  /** The key file can be read or written by group or others. */
  | 'insecure_key_file'
  /** Another process rotated the master key; this one must load the new key. */
  | 'master_key_rotated';

/**
 * Every vault failure. Messages name the variable, file, tenant or field involved and never hold
 * plaintext, ciphertext or key material; no underlying crypto error is attached as a cause.
 */
export class VaultError extends StewardError {
  constructor(
    readonly vaultCode: VaultErrorCode,
    message: string,
  ) {
    super(vaultCode, 500, message);
    this.name = 'VaultError';
  }
}

export function isVaultError(e: unknown, code?: VaultErrorCode): e is VaultError {
  return e instanceof VaultError && (code === undefined || e.vaultCode === code);
}
