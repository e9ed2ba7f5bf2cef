import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MAX_POLL_WAIT_SECONDS } from '@steward/protocol';
import { writeFileAtomic } from './fs-atomic.js';

export const DEFAULT_CONFIG_PATH = '/etc/steward-agent/config.json';
export const DEFAULT_STATE_DIR = '/var/lib/steward-agent';

const scriptSchema = z
  .object({
    /** The program to run, spawned without a shell. */
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    /** Whether a task may append its own arguments; off unless the admin says so. */
    acceptArgs: z.boolean().default(false),
  })
  .strict();

const backoffSchema = z
  .object({
    baseMs: z.number().int().positive().default(1000),
    maxMs: z.number().int().positive().default(300_000),
  })
  .strict()
  .refine((b) => b.maxMs >= b.baseMs, { message: 'maxMs must be at least baseMs', path: ['maxMs'] });

export const agentConfigSchema = z
  .object({
    server: z.url({ protocol: /^https?$/, message: 'an http(s) URL' }),
    agentId: z.string().min(1),
    credential: z.string().min(1),
    stateDir: z.string().min(1).default(DEFAULT_STATE_DIR),
    /** auto: WebSocket, falling back to polling when the WebSocket cannot be used. */
    transport: z.enum(['auto', 'websocket', 'poll']).default('auto'),
    pollWaitSeconds: z.number().int().min(0).max(MAX_POLL_WAIT_SECONDS).default(25),
    inventoryIntervalMinutes: z.number().int().min(1).max(10_080).default(60),
    scripts: z.record(z.string().min(1).max(128), scriptSchema).default({}),
    logFiles: z.array(z.string().min(1)).default([]),
    /** Record platform commands (lock, restart, install, update) instead of running them. */
    dryRun: z.boolean().default(false),
    backoff: backoffSchema.prefault({}),
  })
  .strict();

export type AgentConfig = z.output<typeof agentConfigSchema>;
export type AgentConfigInput = z.input<typeof agentConfigSchema>;
export type ScriptConfig = z.output<typeof scriptSchema>;

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validate a config object; the error names the first bad field. */
export function parseConfig(raw: unknown, source = 'config'): AgentConfig {
  const result = agentConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const what = issue?.code === 'unrecognized_keys' ? issue.message : (issue?.message ?? 'invalid');
  throw new ConfigError(
    field ? `${source}: field "${field}": ${what}` : `${source}: ${what}`,
    field || (issue?.code === 'unrecognized_keys' ? issue.keys.join(',') : undefined),
  );
}

export function resolveConfigPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.STEWARD_AGENT_CONFIG ?? DEFAULT_CONFIG_PATH;
}

export async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? `config file ${file} does not exist; run "steward-agent enroll" first`
        : `cannot read config file ${file}: ${(error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export async function loadConfig(file: string): Promise<AgentConfig> {
  return parseConfig(await readConfigFile(file), `config file ${file}`);
}

/** Written with mode 0600: the file holds the agent's credential. */
export async function writeConfig(file: string, config: AgentConfig): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${JSON.stringify(config, null, 2)}\n`, 0o600);
}
