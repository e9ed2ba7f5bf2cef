import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NATS_URL, natsCheck } from '../../test/services.js';
import { newId } from '../ids/index.js';
import { subjectMatches, type Bus, type BusMessage } from './bus.js';
import { createMemoryBus } from './memory-bus.js';
import { createNatsBus } from './nats-bus.js';

const nats = await natsCheck();

function collector() {
  const got: BusMessage[] = [];
  return { got, handler: (m: BusMessage) => void got.push(m) };
}

async function eventually(check: () => void, timeoutMs = 3_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** One contract, two implementations: whatever holds for the embedded bus must hold for NATS. */
function contract(name: string, make: () => Promise<Bus>, enabled: boolean, reason = '') {
  const suite = enabled ? describe : describe.skip;
  suite(`bus contract [${name}]${enabled ? '' : ` (skipped: ${reason})`}`, () => {
    let a: Bus;
    let b: Bus;
    // A unique root per test keeps runs against a shared NATS server apart.
    let root: string;
    beforeEach(async () => {
      a = await make();
      b = name === 'memory' ? a : await make();
      root = `t${newId().replace(/-/g, '')}`;
    });
    afterEach(async () => {
      await a.close();
      if (b !== a) await b.close();
    });

    it('delivers a published message to every matching subscriber with its data intact', async () => {
      const one = collector();
      const two = collector();
      await a.subscribe(`${root}.asset.changed`, one.handler);
      await b.subscribe(`${root}.asset.changed`, two.handler);
      await b.publish(`${root}.asset.changed`, { id: 'a1', n: 2, nested: { ok: true } });
      await eventually(() => {
        expect(one.got).toEqual([
          { subject: `${root}.asset.changed`, data: { id: 'a1', n: 2, nested: { ok: true } } },
        ]);
        expect(two.got).toHaveLength(1);
      });
    });

    it('matches * to one token and > to the rest', async () => {
      const star = collector();
      const tail = collector();
      await a.subscribe(`${root}.*.changed`, star.handler);
      await a.subscribe(`${root}.>`, tail.handler);
      await b.publish(`${root}.asset.changed`, 1);
      await b.publish(`${root}.person.changed`, 2);
      await b.publish(`${root}.asset.deep.changed`, 3);
      await eventually(() => {
        expect(star.got.map((m) => m.data).sort()).toEqual([1, 2]);
        expect(tail.got.map((m) => m.data).sort()).toEqual([1, 2, 3]);
      });
    });

    it('gives each message to exactly one member of a queue group', async () => {
      const g1 = collector();
      const g2 = collector();
      const all = collector();
      await a.subscribe(`${root}.jobs`, g1.handler, { queue: 'workers' });
      await b.subscribe(`${root}.jobs`, g2.handler, { queue: 'workers' });
      await a.subscribe(`${root}.jobs`, all.handler);
      for (let i = 0; i < 40; i++) await b.publish(`${root}.jobs`, i);
      await eventually(() => {
        expect(all.got).toHaveLength(40);
        expect(g1.got.length + g2.got.length).toBe(40);
      });
      const seen = [...g1.got, ...g2.got].map((m) => m.data as number).sort((x, y) => x - y);
      expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i));
    });

    it('stops delivering after unsubscribe', async () => {
      const c = collector();
      const sub = await a.subscribe(`${root}.x`, c.handler);
      await b.publish(`${root}.x`, 1);
      await eventually(() => expect(c.got).toHaveLength(1));
      await sub.unsubscribe();
      await b.publish(`${root}.x`, 2);
      await b.flush();
      await new Promise((r) => setTimeout(r, 100));
      expect(c.got).toHaveLength(1);
    });

    it('keeps delivering when a handler throws', async () => {
      const c = collector();
      await a.subscribe(`${root}.y`, (m) => {
        if (m.data === 1) throw new Error('handler bug');
        c.handler(m);
      });
      await b.publish(`${root}.y`, 1);
      await b.publish(`${root}.y`, 2);
      await eventually(() => expect(c.got.map((m) => m.data)).toEqual([2]));
    });

    it('rejects malformed subjects and patterns', async () => {
      await expect(a.publish(`${root}.bad subject`, 1)).rejects.toThrow(/invalid bus subject/);
      await expect(a.publish(`${root}.*`, 1)).rejects.toThrow(/invalid bus subject/);
      await expect(a.subscribe(`${root}.>.x`, () => {})).rejects.toThrow(/invalid bus subscription/);
    });
  });
}

contract('memory', async () => createMemoryBus(), true);
contract('nats', () => createNatsBus(NATS_URL), nats.available, nats.reason);

describe('subject matching', () => {
  it('follows NATS wildcard rules', () => {
    expect(subjectMatches('a.*', 'a.b')).toBe(true);
    expect(subjectMatches('a.*', 'a.b.c')).toBe(false);
    expect(subjectMatches('a.>', 'a')).toBe(false);
    expect(subjectMatches('a.>', 'a.b.c')).toBe(true);
    expect(subjectMatches('a.b', 'a.b')).toBe(true);
    expect(subjectMatches('a.b', 'a.c')).toBe(false);
  });
});
