import {
  assertPattern,
  assertSubject,
  subjectMatches,
  type Bus,
  type BusHandler,
  type SubscribeOptions,
} from './bus.js';

interface Sub {
  pattern: string;
  handler: BusHandler;
  queue: string | undefined;
}

type ErrorSink = (error: unknown, subject: string) => void;

/** The embedded bus: delivery happens on a later tick, like a network bus, never inside publish(). */
export function createMemoryBus(onHandlerError: ErrorSink = () => {}): Bus {
  let subs: Sub[] = [];
  const pending = new Set<Promise<void>>();
  const rr = new Map<string, number>();
  let closed = false;

  function deliver(sub: Sub, subject: string, data: unknown): void {
    const p = (async () => {
      await Promise.resolve();
      try {
        await sub.handler({ subject, data: structuredClone(data) });
      } catch (e) {
        onHandlerError(e, subject);
      }
    })();
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }

  return {
    kind: 'memory',
    async publish(subject, data) {
      if (closed) throw new Error('bus is closed');
      assertSubject(subject);
      const matching = subs.filter((s) => subjectMatches(s.pattern, subject));
      const groups = new Map<string, Sub[]>();
      for (const s of matching) {
        if (s.queue === undefined) deliver(s, subject, data);
        else groups.set(`${s.pattern}|${s.queue}`, [...(groups.get(`${s.pattern}|${s.queue}`) ?? []), s]);
      }
      for (const [key, members] of groups) {
        const n = rr.get(key) ?? 0;
        rr.set(key, n + 1);
        deliver(members[n % members.length]!, subject, data);
      }
    },
    async subscribe(pattern, handler, options: SubscribeOptions = {}) {
      if (closed) throw new Error('bus is closed');
      assertPattern(pattern);
      const sub: Sub = { pattern, handler, queue: options.queue };
      subs.push(sub);
      return {
        unsubscribe: async () => {
          subs = subs.filter((s) => s !== sub);
        },
      };
    },
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      closed = true;
      subs = [];
      await Promise.all([...pending]);
    },
  };
}
