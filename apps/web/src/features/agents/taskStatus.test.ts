import { describe, expect, it } from 'vitest';
import type { AgentTask, TaskRequest } from './agents.types.js';
import { anyUnfinished, filterQuery, requestActive, requestStatus, summarizeResult } from './taskStatus.js';

const request = (counts: TaskRequest['counts'], taskCount = 1): TaskRequest => ({
  id: 'r1',
  type: 'inventory',
  parameters: {},
  target: { all: true },
  taskCount,
  createdBy: 'user:u1',
  createdAt: '2025-01-01T00:00:00Z',
  counts,
});

describe('requestStatus / requestActive', () => {
  it('is the least advanced status while tasks are on their way, and active until none is', () => {
    expect(requestStatus(request({ queued: 1, succeeded: 2 }, 3))).toBe('queued');
    expect(requestStatus(request({ running: 1, delivered: 1 }, 2))).toBe('delivered');
    expect(requestStatus(request({ running: 1 }))).toBe('running');
    expect(requestActive(request({ running: 1 }))).toBe(true);
    expect(requestActive(request({ succeeded: 1 }))).toBe(false);
    // No answer yet: keep asking.
    expect(requestActive(undefined)).toBe(true);
  });

  it('once finished, says failed if any failed, else the final status, and no devices for an empty request', () => {
    expect(requestStatus(request({ succeeded: 3, failed: 1 }, 4))).toBe('failed');
    expect(requestStatus(request({ succeeded: 2 }, 2))).toBe('succeeded');
    expect(requestStatus(request({ expired: 1 }))).toBe('expired');
    expect(requestStatus(request({}, 0))).toBe('empty');
    expect(requestActive(request({}, 0))).toBe(false);
  });
});

describe('anyUnfinished', () => {
  it('is true while a task is queued, delivered or running', () => {
    const t = (status: AgentTask['status']) => ({ status }) as AgentTask;
    expect(anyUnfinished([t('succeeded'), t('delivered')])).toBe(true);
    expect(anyUnfinished([t('succeeded'), t('failed'), t('cancelled'), t('expired')])).toBe(false);
    expect(anyUnfinished(undefined)).toBe(false);
  });
});

describe('summarizeResult', () => {
  it('says what an inventory saw', () => {
    const result = { hostname: 'h', os: { name: 'Ubuntu', version: '24.04' }, software: [{}, {}, {}] };
    expect(summarizeResult({ type: 'inventory', result })).toBe('Ubuntu 24.04, 3 packages');
    const one = { os: { name: 'macOS', version: '15.2' }, software: [{}] };
    expect(summarizeResult({ type: 'inventory', result: one })).toBe('macOS 15.2, 1 package');
  });

  it("says a script's exit code and the last line it printed", () => {
    const result = { exitCode: 0, signal: null, stdout: 'starting\nhello from linux\n', stderr: '' };
    expect(summarizeResult({ type: 'script', result })).toBe('exit 0: hello from linux');
    expect(
      summarizeResult({ type: 'script', result: { exitCode: null, signal: 'SIGKILL', stdout: '' } }),
    ).toBe('exit signal SIGKILL');
  });

  it('counts collected log files and lists the commands a dry run would have run', () => {
    expect(summarizeResult({ type: 'collect_logs', result: { files: [{}, {}] } })).toBe('2 log files');
    const result = { ok: true, dryRun: true, commands: [['systemctl', 'reboot']] };
    expect(summarizeResult({ type: 'restart', result })).toBe('would run: systemctl reboot');
  });

  it('is empty without a result and clips anything else', () => {
    expect(summarizeResult({ type: 'lock', result: null })).toBe('');
    expect(summarizeResult({ type: 'lock', result: { x: 'y'.repeat(200) } }).length).toBe(80);
  });
});

describe('filterQuery', () => {
  it('maps a filter to the list query: offline means enrolled and not connected', () => {
    expect(filterQuery('all')).toEqual({});
    expect(filterQuery('online')).toEqual({ online: 'true' });
    expect(filterQuery('offline')).toEqual({ online: 'false', status: 'active' });
    expect(filterQuery('revoked')).toEqual({ status: 'revoked' });
  });
});
