import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has embedded defaults: SQLite in a data directory, in-process bus', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.natsUrl).toBeUndefined();
    expect(path.isAbsolute(c.dataDir)).toBe(true);
  });

  it('reads the environment and lets explicit options win', () => {
    const c = loadConfig(
      { STEWARD_PORT: '9000', STEWARD_DATA_DIR: '/var/lib/steward', STEWARD_NATS_URL: 'nats://n:4222' },
      { port: '0' },
    );
    expect(c.port).toBe(0);
    expect(c.dataDir).toBe('/var/lib/steward');
    expect(c.natsUrl).toBe('nats://n:4222');
  });

  it('names the environment variable that is wrong', () => {
    expect(problems(() => loadConfig({ STEWARD_PORT: 'eighty' }))).toEqual([
      expect.stringMatching(/^STEWARD_PORT \(setting "port"\): /),
    ]);
    expect(problems(() => loadConfig({ STEWARD_DATABASE_URL: 'mysql://x' }))[0]).toMatch(
      /STEWARD_DATABASE_URL.*postgres:\/\//,
    );
    expect(problems(() => loadConfig({ STEWARD_LOG_LEVEL: 'loud' }))[0]).toMatch(/STEWARD_LOG_LEVEL/);
  });

  it('reads an optional JSON file, below the environment, and rejects unknown keys and bad JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'steward-config-'));
    const file = path.join(dir, 'steward.json');
    writeFileSync(file, JSON.stringify({ port: 7000, logLevel: 'warn', jobs: { workers: 2 } }));
    const c = loadConfig({ STEWARD_CONFIG_FILE: file, STEWARD_LOG_LEVEL: 'debug' });
    expect(c.port).toBe(7000);
    expect(c.logLevel).toBe('debug');
    expect(c.jobs.workers).toBe(2);

    writeFileSync(file, JSON.stringify({ prot: 7000 }));
    expect(problems(() => loadConfig({ STEWARD_CONFIG_FILE: file }))[0]).toMatch(/unknown setting.*"prot"/);
    writeFileSync(file, JSON.stringify({ jobs: { workers: -1 } }));
    expect(problems(() => loadConfig({ STEWARD_CONFIG_FILE: file }))[0]).toMatch(
      /config file key "jobs.workers"/,
    );
    writeFileSync(file, '{ nope');
    expect(problems(() => loadConfig({ STEWARD_CONFIG_FILE: file }))[0]).toMatch(/not valid JSON/);
    expect(problems(() => loadConfig({ STEWARD_CONFIG_FILE: path.join(dir, 'missing.json') }))[0]).toMatch(
      /cannot be read/,
    );
  });

  it('takes the master key from STEWARD_MASTER_KEY (base64 or hex) and never prints it', () => {
    const key = randomBytes(32);
    for (const written of [key.toString('base64'), key.toString('hex'), `${key.toString('base64url')}\n`]) {
      const c = loadConfig({ STEWARD_MASTER_KEY: written });
      expect(c.masterKey?.reveal()).toBe(written.trim());
      for (const text of [JSON.stringify(c), inspect(c), String(c.masterKey)]) {
        expect(text).not.toContain(key.toString('base64').slice(0, 20));
        expect(text).not.toContain(key.toString('hex').slice(0, 20));
      }
    }
    expect(loadConfig({}).masterKey).toBeUndefined();
    expect(loadConfig({ STEWARD_MASTER_KEY_FILE: 'keys/master.key' }).masterKeyFile).toBe(
      path.resolve('keys/master.key'),
    );
  });

  it('names STEWARD_MASTER_KEY when it is not 32 bytes, without echoing it', () => {
    for (const bad of [
      'hunter2-is-my-password',
      randomBytes(16).toString('hex'),
      randomBytes(33).toString('base64'),
    ]) {
      const p = problems(() => loadConfig({ STEWARD_MASTER_KEY: bad }));
      expect(p).toEqual([
        expect.stringMatching(/^STEWARD_MASTER_KEY \(setting "masterKey"\): must be 32 bytes/),
      ]);
      expect(p[0]).not.toContain(bad);
    }
  });
});
