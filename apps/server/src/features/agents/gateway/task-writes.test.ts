import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Link } from './link.js';
import { TaskWrites, type TaskWritePlan } from './task-writes.js';

const link = { tenantId: 't1', agentId: 'ag1' } as Link;
const ok = { status: 'succeeded' as const, result: 1 };

function setup() {
  const plans: TaskWritePlan[] = [];
  const errors: unknown[] = [];
  let fail = false;
  const writes = new TaskWrites(
    {
      write: async (plan) => {
        if (fail) throw new Error('database down');
        plans.push(plan);
      },
      onError: (e) => errors.push(e),
    },
    20,
    1_000,
  );
  return { writes, plans, errors, failNext: (f: boolean) => (fail = f) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('writes a task pushed, acknowledged and finished in time once, in its final state', async () => {
  const { writes, plans } = setup();
  writes.add({ kind: 'delivered', taskId: 'a', agentId: 'ag1' });
  writes.add({ kind: 'acknowledged', taskId: 'a', agentId: 'ag1' });
  writes.add({ kind: 'finished', taskId: 'a', agentId: 'ag1', link, outcome: ok });
  writes.add({ kind: 'delivered', taskId: 'b', agentId: 'ag2' });
  writes.add({ kind: 'acknowledged', taskId: 'b', agentId: 'ag2' });
  await vi.advanceTimersByTimeAsync(25);
  expect(plans).toEqual([
    {
      finished: [{ kind: 'finished', taskId: 'a', agentId: 'ag1', link, outcome: ok }],
      acknowledged: [{ taskId: 'b', agentId: 'ag2' }],
      delivered: [],
    },
  ]);
});

it('holds a push for its grace, then writes it as delivered; a late acknowledgement is written on its own', async () => {
  const { writes, plans } = setup();
  writes.add({ kind: 'delivered', taskId: 'a', agentId: 'ag1' });
  writes.add({ kind: 'acknowledged', taskId: 'x', agentId: 'ag9' });
  await vi.advanceTimersByTimeAsync(25);
  expect(plans).toEqual([{ finished: [], acknowledged: [{ taskId: 'x', agentId: 'ag9' }], delivered: [] }]);
  await vi.advanceTimersByTimeAsync(900);
  expect(plans).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(100);
  expect(plans[1]).toEqual({ finished: [], acknowledged: [], delivered: [{ taskId: 'a', agentId: 'ag1' }] });
  writes.add({ kind: 'acknowledged', taskId: 'a', agentId: 'ag1' });
  await vi.advanceTimersByTimeAsync(25);
  expect(plans[2]).toEqual({ finished: [], acknowledged: [{ taskId: 'a', agentId: 'ag1' }], delivered: [] });
});

it('keeps the first result of a task and never steps back to an earlier state', async () => {
  const { writes, plans } = setup();
  writes.add({ kind: 'finished', taskId: 'a', agentId: 'ag1', link, outcome: ok });
  writes.add({
    kind: 'finished',
    taskId: 'a',
    agentId: 'ag1',
    link,
    outcome: { status: 'failed', error: 'no' },
  });
  writes.add({ kind: 'acknowledged', taskId: 'a', agentId: 'ag1' });
  await writes.flush();
  expect(plans).toHaveLength(1);
  expect(plans[0]?.finished.map((f) => f.outcome)).toEqual([ok]);
  expect(plans[0]?.acknowledged).toEqual([]);
});

it('flush writes pushes still in their grace; a failed write is reported and later writes go on', async () => {
  const { writes, plans, errors, failNext } = setup();
  failNext(true);
  writes.add({ kind: 'acknowledged', taskId: 'a', agentId: 'ag1' });
  await writes.flush();
  expect(errors).toHaveLength(1);
  failNext(false);
  writes.add({ kind: 'delivered', taskId: 'b', agentId: 'ag1' });
  await writes.flush();
  expect(plans).toEqual([{ finished: [], acknowledged: [], delivered: [{ taskId: 'b', agentId: 'ag1' }] }]);
});
