import { connect, type NatsConnection, type Subscription as NatsSub } from '@nats-io/transport-node';
import { assertPattern, assertSubject, type Bus } from './bus.js';

type ErrorSink = (error: unknown, subject: string) => void;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The clustered bus: core NATS subjects, JSON payloads, queue groups for shared work. */
export async function createNatsBus(
  url: string,
  options: { name?: string; onHandlerError?: ErrorSink } = {},
): Promise<Bus> {
  const nc: NatsConnection = await connect({
    servers: url,
    name: options.name ?? 'steward',
    maxReconnectAttempts: -1,
  });
  const onError = options.onHandlerError ?? (() => {});
  const subs = new Set<NatsSub>();
  const running = new Set<Promise<void>>();

  return {
    kind: 'nats',
    async publish(subject, data) {
      assertSubject(subject);
      nc.publish(subject, encoder.encode(JSON.stringify(data ?? null)));
    },
    async subscribe(pattern, handler, subOptions = {}) {
      assertPattern(pattern);
      const sub = nc.subscribe(pattern, subOptions.queue ? { queue: subOptions.queue } : {});
      subs.add(sub);
      const loop = (async () => {
        for await (const m of sub) {
          try {
            await handler({ subject: m.subject, data: JSON.parse(decoder.decode(m.data)) as unknown });
          } catch (e) {
            onError(e, m.subject);
          }
        }
      })();
      running.add(loop);
      // The subscription must be registered on the server before subscribe() resolves.
      await nc.flush();
      return {
        unsubscribe: async () => {
          subs.delete(sub);
          sub.unsubscribe();
          await loop;
          running.delete(loop);
        },
      };
    },
    async flush() {
      await nc.flush();
    },
    async close() {
      await nc.drain();
      await Promise.all([...running]);
    },
  };
}
