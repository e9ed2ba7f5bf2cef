export { Vault, type VaultOptions } from './vault.js';
export {
  openVault,
  loadMasterKey,
  masterKeyFileOf,
  type OpenVaultOptions,
  type VaultConfig,
} from './open.js';
export { MasterKey, MASTER_KEY_ENV, type MasterKeySource } from './master-key.js';
export { VaultError, isVaultError, type VaultErrorCode } from './errors.js';
export {
  SecretSetting,
  parseKeyMaterial,
  generateKey,
  encodeKey,
  keyIdOf,
  KEY_FORMAT_HINT,
} from './key-material.js';
export { commitKeyFile, discardStagedKeyFile, stageKeyFile, pendingKeyFile } from './key-file.js';
export { isSealed } from './sealed.js';
export { redactSecrets, COMMON_SECRET_FIELDS, REDACTED, type RedactOptions } from './redact.js';
