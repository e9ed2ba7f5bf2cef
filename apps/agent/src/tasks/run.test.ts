import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { silentLogger } from '../log.js';
import { DryRunAdapter } from '../platform/adapter.js';
import { executeTask } from './run.js';
import type { TaskContext } from './types.js';

const config = parseConfig({ server: 'http://localhost', agentId: 'a', credential: 'c' });
const context = (over: Partial<TaskContext> = {}): TaskContext => ({
  config,
  adapter: new DryRunAdapter('linux'),
  collectInventory: async () => {
    throw new Error('not used');
  },
  reportInventory: async () => {},
  progress: () => {},
  signal: new AbortController().signal,
  log: silentLogger,
  ...over,
});
const future = '2999-01-01T00:00:00Z';

describe('executeTask', () => {
  it('refuses a task whose deadline has passed without starting it', async () => {
    const adapter = new DryRunAdapter('linux');
    const outcome = await executeTask(
      { id: 't', type: 'lock', parameters: {}, deadline: '2020-01-01T00:00:00Z' },
      context({ adapter }),
    );
    expect(outcome).toEqual({ status: 'failed', error: 'deadline passed' });
    expect(adapter.recorded).toEqual([]);
  });

  it('fails an unknown type', async () => {
    const outcome = await executeTask({ id: 't', type: 'wipe', parameters: {}, deadline: future }, context());
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringContaining('unknown task type') });
  });

  it('fails invalid parameters naming the field', async () => {
    const bad = await executeTask(
      { id: 't', type: 'install', parameters: { package: '; rm -rf /' }, deadline: future },
      context(),
    );
    expect(bad).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^invalid parameters: package: /),
    });
    const timeout = await executeTask(
      { id: 't', type: 'script', parameters: { name: 'x', timeoutSeconds: 0 }, deadline: future },
      context(),
    );
    expect(timeout).toMatchObject({ status: 'failed', error: expect.stringContaining('timeoutSeconds') });
  });

  it('runs the inventory task: returns the inventory and reports it', async () => {
    const inventory = {
      hostname: 'h',
      os: { platform: 'linux', name: 'Debian', version: '12' },
      network: [],
      disks: [],
      software: [],
    };
    const reported: unknown[] = [];
    const outcome = await executeTask(
      { id: 't', type: 'inventory', parameters: {}, deadline: future },
      context({
        collectInventory: async () => inventory,
        reportInventory: async (i) => {
          reported.push(i);
        },
      }),
    );
    expect(outcome).toEqual({ status: 'succeeded', result: inventory });
    expect(reported).toEqual([inventory]);
  });

  it('runs lock/restart/install/update through the adapter (dry run returns the commands)', async () => {
    const adapter = new DryRunAdapter('linux');
    const outcome = await executeTask(
      { id: 't', type: 'restart', parameters: { delaySeconds: 120 }, deadline: future },
      context({ adapter }),
    );
    expect(outcome).toEqual({
      status: 'succeeded',
      result: { ok: true, dryRun: true, platform: 'linux', commands: [['shutdown', '-r', '+2']] },
    });
    expect(adapter.recorded).toEqual([['shutdown', '-r', '+2']]);
  });
});
