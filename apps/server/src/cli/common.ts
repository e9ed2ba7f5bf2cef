import { loadConfig, type Config } from '../platform/config/index.js';
import { openMigratedStore, type Store } from '../platform/db/index.js';
import type { z } from 'zod';
import { UsageError } from './errors.js';

export function configFromEnv(overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  return loadConfig(process.env, overrides);
}

export async function withStore<T>(fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = configFromEnv();
  const store = await openMigratedStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Validate CLI input with the same schema the API uses, naming the flag that is wrong. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  flags: Record<string, string>,
): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.map(
    (i) => `${flags[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`,
  );
  throw new UsageError(problems.join('; '));
}
