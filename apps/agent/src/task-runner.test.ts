import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Task, TaskResult } from '@steward/protocol';
import { silentLogger } from './log.js';
import { TaskJournal } from './task-journal.js';
import { TaskRunner } from './task-runner.js';
import type { TaskOutcome } from './tasks/types.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'steward-runner-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const task: Task = {
  id: 'task-1',
  type: 'script',
  parameters: { name: 'x' },
  deadline: '2999-01-01T00:00:00Z',
};

async function runner(execute: (t: Task) => Promise<TaskOutcome>) {
  const delivered: TaskResult[] = [];
  const acks: string[] = [];
  const r = new TaskRunner({
    journal: await TaskJournal.open(dir),
    execute,
    deliver: async (result) => {
      delivered.push(result);
    },
    ack: (id) => acks.push(id),
    now: () => Date.parse('2025-06-01T00:00:00Z'),
    log: silentLogger,
  });
  return { r, delivered, acks };
}

describe('TaskRunner', () => {
  it('runs a task once; a redelivery (same process or after a restart) re-sends the stored result', async () => {
    let runs = 0;
    const execute = async (): Promise<TaskOutcome> => {
      runs += 1;
      return { status: 'succeeded', result: { run: runs } };
    };
    const first = await runner(execute);
    await Promise.all([first.r.take(task), first.r.take(task)]);
    await first.r.take(task);
    expect(runs).toBe(1);
    expect(first.acks).toEqual(['task-1', 'task-1', 'task-1']);
    expect(first.delivered).toHaveLength(2);
    expect(first.delivered[0]).toEqual({
      v: 1,
      type: 'task.result',
      taskId: 'task-1',
      status: 'succeeded',
      finishedAt: '2025-06-01T00:00:00.000Z',
      result: { run: 1 },
    });
    expect(first.delivered[1]).toEqual(first.delivered[0]);

    const restarted = await runner(execute);
    await restarted.r.take(task);
    expect(runs).toBe(1);
    expect(restarted.delivered).toEqual([first.delivered[0]]);
  });

  it('a task that was running when the agent died is reported failed, not run again', async () => {
    const journal = await TaskJournal.open(dir);
    await journal.markStarted('task-1', 'script');
    let runs = 0;
    const { r, delivered } = await runner(async () => {
      runs += 1;
      return { status: 'succeeded', result: null };
    });
    await r.take(task);
    expect(runs).toBe(0);
    expect(delivered[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/not run again/) });
    expect(await journal.get('task-1')).toMatchObject({ state: 'finished' });
  });
});
