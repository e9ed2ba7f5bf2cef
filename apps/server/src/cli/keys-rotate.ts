import {
  commitKeyFile,
  discardStagedKeyFile,
  generateKey,
  KEY_FORMAT_HINT,
  MASTER_KEY_ENV,
  MasterKey,
  openVault,
  parseKeyMaterial,
  stageKeyFile,
} from '../platform/vault/index.js';
import { configFromEnv, readStdin, withStore } from './common.js';
import { UsageError } from './errors.js';

const ENV_ADVICE =
  `${MASTER_KEY_ENV} is set, so Steward cannot store the new key for you. Generate it and pipe it in ` +
  '(so it never appears in arguments or shell history):\n' +
  '    (umask 077; openssl rand -base64 32 > new-master.key)\n' +
  '    steward keys rotate --new-key-stdin < new-master.key\n' +
  `  then set ${MASTER_KEY_ENV} to the contents of new-master.key on every process and restart them`;

/**
 * `steward keys rotate [--new-key-stdin]`: re-wrap every tenant's data key under a new master key in
 * one transaction. A key file is replaced atomically (the new key is staged beside it first, so a
 * failure at any point leaves a key that opens the database); with STEWARD_MASTER_KEY the new key
 * comes from stdin and the operator updates the variable.
 */
export async function runKeysRotate(values: { 'new-key-stdin'?: boolean }): Promise<number> {
  const config = configFromEnv();
  if (config.masterKey && !values['new-key-stdin']) throw new UsageError(ENV_ADVICE);
  let next = generateKey();
  if (values['new-key-stdin']) {
    const given = parseKeyMaterial(await readStdin());
    if (!given) throw new UsageError(`the new key on stdin ${KEY_FORMAT_HINT}`);
    next = given;
  }
  return withStore(async (store) => {
    const vault = await openVault({ store, config, createKeyFile: false });
    const previous = vault.masterKeyId;
    const source = vault.masterKeySource;
    const nextKey = new MasterKey(next, source);
    let rewrapped: number;
    if (source.kind === 'file') {
      stageKeyFile(source.file, next);
      try {
        ({ rewrapped } = await vault.rotateMasterKey(nextKey));
      } catch (e) {
        discardStagedKeyFile(source.file);
        throw e;
      }
      commitKeyFile(source.file);
    } else {
      ({ rewrapped } = await vault.rotateMasterKey(nextKey));
    }
    const lines = [
      `Rotated the master key: ${rewrapped} data key(s) re-wrapped under key ${nextKey.id} (was ${previous}); ` +
        'the old key no longer opens them.',
    ];
    if (source.kind === 'file') {
      lines.push(
        `The new key is in ${source.file} (mode 0600). Back it up now, apart from the database.`,
        'Running Steward processes that read this key file pick the new key up by themselves.',
      );
    } else {
      lines.push(
        `Now set ${MASTER_KEY_ENV} to the new key (id ${nextKey.id}) wherever Steward runs and restart every ` +
          'process: until then, processes on the old key cannot read credentials they have not cached.',
      );
    }
    lines.push('Database backups taken before this rotation still need the old key; keep it only with them.');
    console.log(lines.join('\n'));
    return 0;
  });
}
