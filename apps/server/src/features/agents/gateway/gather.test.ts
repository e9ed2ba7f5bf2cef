import { describe, expect, it } from 'vitest';
import { Gather } from './gather.js';

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

describe('Gather', () => {
  it('runs a lone call at once, and gathers the calls made while it runs into one next run', async () => {
    const runs: number[][] = [];
    const gate = deferred();
    const gather = new Gather<number, string>(async (keys) => {
      runs.push(keys);
      if (runs.length === 1) await gate.promise;
      return keys.map((k) => `v${k}`);
    });
    const first = gather.call(1);
    expect(runs).toEqual([[1]]);
    const later = [gather.call(2), gather.call(3), gather.call(4)];
    gate.release();
    expect(await first).toBe('v1');
    expect(await Promise.all(later)).toEqual(['v2', 'v3', 'v4']);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('splits a gathered run at the maximum size', async () => {
    const runs: number[][] = [];
    const gather = new Gather<number, number>(async (keys) => {
      runs.push(keys);
      await Promise.resolve();
      return keys.map((k) => k * 2);
    }, 2);
    const values = await Promise.all([1, 2, 3, 4, 5].map((k) => gather.call(k)));
    expect(values).toEqual([2, 4, 6, 8, 10]);
    expect(runs).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('rejects only the calls of a failed run, and runs the next', async () => {
    let fail = true;
    const gate = deferred();
    const gather = new Gather<number, number>(async (keys) => {
      await gate.promise;
      if (fail) {
        fail = false;
        throw new Error('database gone');
      }
      return keys;
    });
    const failed = gather.call(1);
    const next = gather.call(2);
    gate.release();
    await expect(failed).rejects.toThrow('database gone');
    expect(await next).toBe(2);
  });
});
