import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message, type InventoryReport, type TaskResult } from '@steward/protocol';
import { Outbox } from './outbox.js';

const result = (taskId: string): TaskResult =>
  message<TaskResult>({
    type: 'task.result',
    taskId,
    status: 'succeeded',
    finishedAt: '2025-01-01T00:00:00.000Z',
    result: { ok: 1 },
  });

const inventory = (id: string, mode: 'full' | 'delta'): InventoryReport =>
  mode === 'full'
    ? message<InventoryReport>({
        type: 'inventory',
        id,
        mode,
        observedAt: '2025-01-01T00:00:00.000Z',
        inventory: {
          hostname: 'h',
          os: { platform: 'linux', name: 'Debian', version: '12' },
          network: [],
          disks: [],
          software: [],
        },
      })
    : message<InventoryReport>({
        type: 'inventory',
        id,
        mode,
        observedAt: '2025-01-01T00:00:00.000Z',
        inventory: { hostname: 'h2' },
      });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'steward-outbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Outbox', () => {
  it('keeps items across instances on the same directory, oldest first, and deletes what received names', async () => {
    let t = 1000;
    const first = await Outbox.open(dir, () => t++);
    await first.add(result('task-b'));
    await first.add(result('task/with:odd chars'));
    await first.add(inventory('inv-1', 'delta'));

    const second = await Outbox.open(dir);
    const listed = await second.list();
    expect(listed.map((e) => e.id)).toEqual(['task-b', 'task/with:odd chars', 'inv-1']);
    expect(listed[0]?.message).toEqual(result('task-b'));

    expect(await second.remove(['task-b', 'inv-1', 'never-queued'])).toEqual(['task-b', 'inv-1']);
    const third = await Outbox.open(dir);
    expect((await third.list()).map((e) => e.id)).toEqual(['task/with:odd chars']);
    expect(await third.size()).toBe(1);
  });

  it('leaves no temp files and cleans ones left by a crash', async () => {
    const box = await Outbox.open(dir);
    await box.add(result('t1'));
    await writeFile(path.join(dir, '.tmp-half-written'), '{"id":');
    const reopened = await Outbox.open(dir);
    expect(await readdir(dir)).toHaveLength(1);
    expect((await reopened.list()).map((e) => e.id)).toEqual(['t1']);
  });

  it('a new full inventory supersedes queued inventory reports but not task results', async () => {
    let t = 0;
    const box = await Outbox.open(dir, () => t++);
    await box.add(inventory('inv-old', 'full'));
    await box.add(inventory('inv-delta', 'delta'));
    await box.add(result('task-1'));
    await box.add(inventory('inv-new', 'full'));
    expect((await box.list()).map((e) => e.id)).toEqual(['task-1', 'inv-new']);
  });
});
