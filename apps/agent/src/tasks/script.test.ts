import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { silentLogger } from '../log.js';
import { executeTask } from './run.js';
import type { TaskContext } from './types.js';

const config = parseConfig({
  server: 'http://localhost',
  agentId: 'a',
  credential: 'c',
  scripts: {
    hello: { command: 'echo', args: ['hello'] },
    echoArgs: { command: 'echo', acceptArgs: true },
    fail: { command: 'sh', args: ['-c', 'echo oops >&2; exit 3'] },
    nap: { command: 'sleep', args: ['30'] },
    chatty: { command: 'head', args: ['-c', '200000', '/dev/zero'] },
  },
});
const context: TaskContext = {
  config,
  adapter: undefined,
  collectInventory: async () => {
    throw new Error('not used');
  },
  reportInventory: async () => {},
  progress: () => {},
  signal: new AbortController().signal,
  log: silentLogger,
};
const script = (parameters: Record<string, unknown>) =>
  executeTask({ id: 't', type: 'script', parameters, deadline: '2999-01-01T00:00:00Z' }, context);

describe('script task', () => {
  it('runs an allowlisted command and returns its output and exit code', async () => {
    const outcome = await script({ name: 'hello' });
    expect(outcome).toMatchObject({
      status: 'succeeded',
      result: { exitCode: 0, stdout: 'hello\n', stderr: '', timedOut: false, truncated: false },
    });
  });

  it('passes task arguments only to scripts that accept them, without a shell', async () => {
    expect(await script({ name: 'echoArgs', args: ['$HOME', ';', 'id'] })).toMatchObject({
      status: 'succeeded',
      result: { stdout: '$HOME ; id\n' },
    });
    expect(await script({ name: 'hello', args: ['x'] })).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('does not accept arguments'),
    });
  });

  it('refuses a name not in the allowlist', async () => {
    for (const name of ['rm', 'toString', '__proto__']) {
      expect(await script({ name })).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('not in this agent'),
      });
    }
  });

  it('reports a non-zero exit as failed, with the output', async () => {
    expect(await script({ name: 'fail' })).toMatchObject({
      status: 'failed',
      error: 'exit code 3',
      result: { exitCode: 3, stderr: 'oops\n' },
    });
  });

  it('kills the process on timeout', async () => {
    const started = Date.now();
    const outcome = await script({ name: 'nap', timeoutSeconds: 1 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outcome).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('timed out'),
      result: { timedOut: true, signal: 'SIGKILL', exitCode: null },
    });
  });

  it('truncates output to the limit', async () => {
    const outcome = await script({ name: 'chatty' });
    expect(outcome.status).toBe('succeeded');
    const result = (outcome as { result: { stdout: string; truncated: boolean } }).result;
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBe(64 * 1024);
  });
});
