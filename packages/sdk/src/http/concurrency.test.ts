import { describe, expect, it } from 'vitest';
import { Semaphore } from './concurrency.js';

describe('Semaphore', () => {
  it('hands slots to waiters in order as holders release them', async () => {
    const slots = new Semaphore(2);
    const a = await slots.acquire();
    const b = await slots.acquire();
    const order: string[] = [];
    const c = slots.acquire().then((release) => (order.push('c'), release));
    const d = slots.acquire().then((release) => (order.push('d'), release));
    expect(slots.inUse).toBe(2);
    a();
    a(); // a second release of the same slot is ignored
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(slots.inUse).toBe(0);
  });

  it('drops a waiter whose signal aborts', async () => {
    const slots = new Semaphore(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    held();
    expect(slots.inUse).toBe(0);
  });
});
