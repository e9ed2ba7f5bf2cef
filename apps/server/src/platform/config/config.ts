import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KEY_FORMAT_HINT, parseKeyMaterial, SecretSetting } from '../vault/key-material.js';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

export const configSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: port.default(8080),
  dataDir: z.string().min(1).default('.steward'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  natsUrl: z
    .string()
    .regex(/^(nats|tls):\/\//, 'must be a nats:// URL')
    .optional(),
  publicUrl: z.url().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  sessionTtlHours: positiveInt.default(12),
  secureCookies: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .default(false),
  loginMaxFailures: positiveInt.default(5),
  loginWindowMinutes: positiveInt.default(15),
  webDir: z.string().optional(),
  /** The vault's master key (32 bytes, base64 or hex); kept as a SecretSetting so it never prints. */
  masterKey: z
    .string()
    .refine((v) => parseKeyMaterial(v) !== undefined, KEY_FORMAT_HINT)
    .transform((v) => new SecretSetting(v.trim()))
    .optional(),
  /** Where the master key file lives when STEWARD_MASTER_KEY is not set (default <dataDir>/master.key). */
  masterKeyFile: z.string().min(1).optional(),
  jobs: z
    .strictObject({
      workers: z.coerce.number().int().min(0).default(4),
      leaseSeconds: positiveInt.default(30),
      pollMs: positiveInt.default(500),
    })
    .default({ workers: 4, leaseSeconds: 30, pollMs: 500 }),
  agents: z
    .strictObject({
      /** Agent connections (WebSocket or polling) one process holds before answering 503. */
      maxConnections: positiveInt.default(20_000),
      heartbeatSeconds: positiveInt.default(30),
      retryAfterSeconds: positiveInt.default(15),
    })
    .default({ maxConnections: 20_000, heartbeatSeconds: 30, retryAfterSeconds: 15 }),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Environment variables and the config keys they set. */
const ENV_KEYS: Record<string, keyof Config> = {
  STEWARD_HOST: 'host',
  STEWARD_PORT: 'port',
  STEWARD_DATA_DIR: 'dataDir',
  STEWARD_DATABASE_URL: 'databaseUrl',
  STEWARD_NATS_URL: 'natsUrl',
  STEWARD_PUBLIC_URL: 'publicUrl',
  STEWARD_LOG_LEVEL: 'logLevel',
  STEWARD_SESSION_TTL_HOURS: 'sessionTtlHours',
  STEWARD_SECURE_COOKIES: 'secureCookies',
  STEWARD_LOGIN_MAX_FAILURES: 'loginMaxFailures',
  STEWARD_LOGIN_WINDOW_MINUTES: 'loginWindowMinutes',
  STEWARD_WEB_DIR: 'webDir',
  STEWARD_MASTER_KEY: 'masterKey',
  STEWARD_MASTER_KEY_FILE: 'masterKeyFile',
};
/** Environment variables for nested settings: [variable, group, key]. */
const NESTED_ENV_KEYS: [string, 'agents', string][] = [
  ['STEWARD_AGENT_MAX_CONNECTIONS', 'agents', 'maxConnections'],
  ['STEWARD_AGENT_HEARTBEAT_SECONDS', 'agents', 'heartbeatSeconds'],
  ['STEWARD_AGENT_RETRY_AFTER_SECONDS', 'agents', 'retryAfterSeconds'],
];
const envNameOf = Object.fromEntries(Object.entries(ENV_KEYS).map(([env, key]) => [key, env]));

function readFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([`config file ${file}: cannot be read (${(e as NodeJS.ErrnoException).code})`]);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError([`config file ${file}: must hold a JSON object`]);
    }
    return parsed as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError([`config file ${file}: is not valid JSON (${(e as Error).message})`]);
  }
}

/**
 * Configuration comes from (lowest to highest precedence) defaults, an optional JSON file
 * (STEWARD_CONFIG_FILE or `file`), the environment, then explicit overrides (CLI flags).
 * Every problem is reported with the name the operator used: the env variable or the file key.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<keyof Config, unknown>> = {},
  file = env.STEWARD_CONFIG_FILE,
): Config {
  const fromFile = file ? readFile(file) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  for (const [name, group, key] of NESTED_ENV_KEYS) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const base = (fromEnv[group] ?? fromFile[group] ?? {}) as Record<string, unknown>;
    fromEnv[group] = { ...base, [key]: value };
  }
  const definedOverrides = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const merged = { ...fromFile, ...fromEnv, ...definedOverrides };
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path.join('.');
        const top = String(issue.path[0] ?? '');
        let source = `setting "${key}"`;
        if (top in definedOverrides) source = `option --${key}`;
        else if (top in fromEnv) source = `${envNameOf[top]} (setting "${key}")`;
        else if (top in fromFile) source = `config file key "${key}"`;
        if (issue.code === 'unrecognized_keys') {
          return `config: unknown setting(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
        }
        return `${source}: ${issue.message}`;
      }),
    );
  }
  const config = result.data;
  return {
    ...config,
    dataDir: path.resolve(config.dataDir),
    ...(config.masterKeyFile ? { masterKeyFile: path.resolve(config.masterKeyFile) } : {}),
  };
}
