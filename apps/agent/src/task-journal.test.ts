import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message, type TaskResult } from '@steward/protocol';
import { TaskJournal } from './task-journal.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'steward-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('TaskJournal', () => {
  it('remembers started and finished tasks across instances', async () => {
    const journal = await TaskJournal.open(dir);
    expect(await journal.get('t1')).toBeUndefined();
    await journal.markStarted('t1', 'script', new Date('2025-01-01T00:00:00Z'));

    const afterRestart = await TaskJournal.open(dir);
    expect(await afterRestart.get('t1')).toMatchObject({ state: 'started', type: 'script' });

    const result = message<TaskResult>({
      type: 'task.result',
      taskId: 't1',
      status: 'failed',
      finishedAt: '2025-01-01T00:01:00.000Z',
      error: 'exit code 1',
    });
    await afterRestart.markFinished('t1', 'script', result);
    const again = await TaskJournal.open(dir);
    expect(await again.get('t1')).toEqual({
      taskId: 't1',
      type: 'script',
      state: 'finished',
      startedAt: '2025-01-01T00:00:00.000Z',
      result,
    });
  });

  it('prunes only old records', async () => {
    const journal = await TaskJournal.open(dir);
    await journal.markStarted('old', 'inventory');
    expect(await journal.prune(60_000, Date.now())).toBe(0);
    expect(await journal.prune(60_000, Date.now() + 120_000)).toBe(1);
    expect(await journal.get('old')).toBeUndefined();
  });
});
