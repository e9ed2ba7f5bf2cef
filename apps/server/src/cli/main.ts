import { parseArgs } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;
import { ConfigError } from '../platform/config/index.js';
import { StewardError } from '@steward/domain';
import { runAdminCreate } from './admin-create.js';
import { runBackup } from './backup.js';
import { runKeysRotate } from './keys-rotate.js';
import { runMigrate } from './migrate.js';
import { runServe } from './serve.js';
import { runSimulate } from './simulate.js';
import { runTokenCreate } from './token-create.js';
import { VERSION } from '../version.js';

const USAGE = `steward <command>

  serve     [--port N] [--host H] [--data-dir DIR] [--demo]
            start the server (port 0 picks a free port); --demo fills a fresh install with a sample fleet
  migrate                                            apply database migrations and exit
  admin create --email E --password-stdin [--name N] [--tenant SLUG] [--role R]
  token create --tenant SLUG --role R --name N [--expires ISO-8601]   prints the token once
  backup    --to FILE                                online copy of the SQLite database
  simulate  <vendor> [--devices N] [--port N] [--host H] [--seed N] [--token-lifetime SECONDS]
            run one vendor's API simulator (jamf, intune, crowdstrike, okta, google-workspace) until interrupted
  keys rotate [--new-key-stdin]                      re-wrap every stored credential key under a new master key
            (a new key file is written; with STEWARD_MASTER_KEY, pipe the new key in on stdin)
  version

Settings come from STEWARD_* environment variables and STEWARD_CONFIG_FILE (JSON); see the README.`;

import { UsageError } from './errors.js';

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  const rest = argv.slice(
    command === 'admin' || command === 'token' || command === 'keys' || command === 'simulate' ? 2 : 1,
  );
  const parse = <T extends ParseArgsOptionsConfig>(options: T) =>
    parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values;
  switch (command) {
    case 'serve':
      return runServe(
        parse({
          port: { type: 'string' },
          host: { type: 'string' },
          'data-dir': { type: 'string' },
          demo: { type: 'boolean' },
        }),
      );
    case 'migrate':
      return runMigrate();
    case 'admin':
      if (sub !== 'create') throw new UsageError('steward admin: the only subcommand is "create"');
      return runAdminCreate(
        parse({
          email: { type: 'string' },
          'password-stdin': { type: 'boolean' },
          name: { type: 'string' },
          tenant: { type: 'string' },
          role: { type: 'string' },
        }),
      );
    case 'token':
      if (sub !== 'create') throw new UsageError('steward token: the only subcommand is "create"');
      return runTokenCreate(
        parse({
          tenant: { type: 'string' },
          role: { type: 'string' },
          name: { type: 'string' },
          expires: { type: 'string' },
        }),
      );
    case 'keys':
      if (sub !== 'rotate') throw new UsageError('steward keys: the only subcommand is "rotate"');
      return runKeysRotate(parse({ 'new-key-stdin': { type: 'boolean' } }));
    case 'simulate':
      return runSimulate(
        sub,
        parse({
          devices: { type: 'string' },
          port: { type: 'string' },
          host: { type: 'string' },
          seed: { type: 'string' },
          'token-lifetime': { type: 'string' },
        }),
      );
    case 'backup':
      return runBackup(parse({ to: { type: 'string' } }));
    case 'version':
    case '--version':
      console.log(VERSION);
      return 0;
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exit(code);
  },
  (e: unknown) => {
    if (e instanceof ConfigError) console.error(e.message);
    else if (
      e instanceof UsageError ||
      (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      console.error(`steward: ${(e as Error).message}\n\n${USAGE}`);
    } else if (e instanceof StewardError) {
      const details = e.details.map((d) => `\n  ${d.path}: ${d.reason}`).join('');
      console.error(`steward: ${e.message}${details}`);
    } else console.error(e);
    process.exit(2);
  },
);
