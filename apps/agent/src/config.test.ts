import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_CONFIG_PATH,
  loadConfig,
  parseConfig,
  resolveConfigPath,
  writeConfig,
} from './config.js';

const minimal = { server: 'https://steward.example.com', agentId: 'ag_1', credential: 'ag_1.secret' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'steward-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function errorOf(raw: unknown): ConfigError {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('fills defaults', () => {
    expect(parseConfig(minimal)).toEqual({
      ...minimal,
      stateDir: '/var/lib/steward-agent',
      transport: 'auto',
      pollWaitSeconds: 25,
      inventoryIntervalMinutes: 60,
      scripts: {},
      logFiles: [],
      dryRun: false,
      backoff: { baseMs: 1000, maxMs: 300_000 },
    });
  });

  it('names the bad field', () => {
    expect(errorOf({ ...minimal, server: 'ftp://x' }).message).toMatch(/field "server"/);
    expect(errorOf({ ...minimal, agentId: undefined }).field).toBe('agentId');
    expect(errorOf({ ...minimal, transport: 'carrier-pigeon' }).field).toBe('transport');
    expect(errorOf({ ...minimal, pollWaitSeconds: 600 }).field).toBe('pollWaitSeconds');
    expect(errorOf({ ...minimal, scripts: { x: { args: [] } } }).field).toBe('scripts.x.command');
    expect(errorOf({ ...minimal, backoff: { baseMs: 5000, maxMs: 10 } }).message).toMatch(
      /field "backoff.maxMs": maxMs must be at least baseMs/,
    );
    expect(errorOf({ ...minimal, colour: 'blue' }).message).toMatch(/colour/);
  });

  it('writes the file with mode 0600 and reads it back', async () => {
    const file = path.join(dir, 'nested', 'config.json');
    const config = parseConfig({ ...minimal, stateDir: dir });
    await writeConfig(file, config);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadConfig(file)).toEqual(config);
  });

  it('reports a missing or broken file clearly', async () => {
    await expect(loadConfig(path.join(dir, 'none.json'))).rejects.toThrow(/does not exist/);
    await writeFile(path.join(dir, 'bad.json'), '{');
    await expect(loadConfig(path.join(dir, 'bad.json'))).rejects.toThrow(/not valid JSON/);
    await writeFile(path.join(dir, 'partial.json'), JSON.stringify({ server: 'http://x' }));
    await expect(loadConfig(path.join(dir, 'partial.json'))).rejects.toThrow(
      /partial\.json: field "agentId"/,
    );
    expect(await readFile(path.join(dir, 'bad.json'), 'utf8')).toBe('{');
  });

  it('resolves the path from the flag, then the environment, then the default', () => {
    expect(resolveConfigPath('/a.json', { STEWARD_AGENT_CONFIG: '/b.json' })).toBe('/a.json');
    expect(resolveConfigPath(undefined, { STEWARD_AGENT_CONFIG: '/b.json' })).toBe('/b.json');
    expect(resolveConfigPath(undefined, {})).toBe(DEFAULT_CONFIG_PATH);
  });
});
