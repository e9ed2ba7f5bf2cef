import { parseArgs } from 'node:util';
import { createAgent } from './agent.js';
import {
  ConfigError,
  DEFAULT_STATE_DIR,
  loadConfig,
  parseConfig,
  readConfigFile,
  resolveConfigPath,
  writeConfig,
} from './config.js';
import { enroll } from './enroll.js';
import { createLogger } from './log.js';

export const USAGE = `Usage:
  steward-agent enroll --server URL --secret SECRET [--config PATH] [--state-dir DIR]
  steward-agent run [--config PATH]

The config path defaults to $STEWARD_AGENT_CONFIG, then /etc/steward-agent/config.json.`;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  env: process.env,
};

class UsageError extends Error {}

function flags(args: string[], names: string[]): Record<string, string | undefined> {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    return values as Record<string, string | undefined>;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function enrollCommand(args: string[], io: CliIo): Promise<number> {
  const f = flags(args, ['server', 'secret', 'config', 'state-dir']);
  if (!f.server || !f.secret) throw new UsageError('enroll needs --server and --secret');
  const file = resolveConfigPath(f.config, io.env);
  // Re-enrolling keeps the rest of an existing config (scripts, log files...).
  let existing: Record<string, unknown> = {};
  try {
    const raw = await readConfigFile(file);
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) existing = raw as Record<string, unknown>;
  } catch {
    // No config yet.
  }
  const enrolled = await enroll({ server: f.server, secret: f.secret });
  const config = parseConfig(
    {
      stateDir: DEFAULT_STATE_DIR,
      ...existing,
      ...(f['state-dir'] ? { stateDir: f['state-dir'] } : {}),
      server: f.server,
      agentId: enrolled.agentId,
      credential: enrolled.credential,
    },
    'new config',
  );
  await writeConfig(file, config);
  io.out(`enrolled as agent ${enrolled.agentId}; config written to ${file}`);
  return 0;
}

async function runCommand(args: string[], io: CliIo): Promise<number> {
  const f = flags(args, ['config']);
  const config = await loadConfig(resolveConfigPath(f.config, io.env));
  const logger = createLogger({ level: io.env.STEWARD_AGENT_LOG_LEVEL === 'debug' ? 'debug' : 'info' });
  const agent = createAgent(config, { logger });
  await agent.start();
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info('signal received; stopping', { signal });
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await agent.stop();
  return 0;
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'enroll') return await enrollCommand(rest, io);
    if (command === 'run') return await runCommand(rest, io);
    throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 1;
    }
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    io.err(`steward-agent: ${error instanceof Error ? error.message : String(error)}${cause}`);
    return 1;
  }
}
