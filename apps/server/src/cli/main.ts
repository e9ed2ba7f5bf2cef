import { parseArgs } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;
import { ConfigError } from '../platform/config/index.js';
import { StewardError } from '@steward/domain';
// Each command's module is loaded only when it runs: `version` or a usage error need not load the server.
import { VERSION } from '../version.js';

const USAGE = `steward <command>

  serve     [--port N] [--host H] [--data-dir DIR] [--demo]
            start the server (port 0 picks a free port); --demo fills a fresh install with a sample fleet
  migrate                                            apply database migrations and exit
  admin create --email E --password-stdin [--name N] [--tenant SLUG] [--role R]
  token create --tenant SLUG --role R --name N [--expires ISO-8601]   prints the token once
  backup    --to FILE                                online copy of the SQLite database
  simulate  <vendor> [--devices N] [--port N] [--host H] [--seed N] [--token-lifetime SECONDS]
            run one vendor's API simulator until interrupted (jamf, intune, crowdstrike, okta,
            google-workspace, slack, servicenow, mimecast, smtp); prints one JSON line: url, config, secrets
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
      return (await import('./serve.js')).runServe(
        parse({
          port: { type: 'string' },
          host: { type: 'string' },
          'data-dir': { type: 'string' },
          demo: { type: 'boolean' },
        }),
      );
    case 'migrate':
      return (await import('./migrate.js')).runMigrate();
    case 'admin':
      if (sub !== 'create') throw new UsageError('steward admin: the only subcommand is "create"');
      return (await import('./admin-create.js')).runAdminCreate(
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
      return (await import('./token-create.js')).runTokenCreate(
        parse({
          tenant: { type: 'string' },
          role: { type: 'string' },
          name: { type: 'string' },
          expires: { type: 'string' },
        }),
      );
    case 'keys':
      if (sub !== 'rotate') throw new UsageError('steward keys: the only subcommand is "rotate"');
      return (await import('./keys-rotate.js')).runKeysRotate(
        parse({ 'new-key-stdin': { type: 'boolean' } }),
      );
    case 'simulate':
      return (await import('./simulate.js')).runSimulate(
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
      return (await import('./backup.js')).runBackup(parse({ to: { type: 'string' } }));
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
