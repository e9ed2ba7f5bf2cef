import { MAX_POLL_WAIT_SECONDS } from '@steward/protocol';
import { inTransaction, iso } from '../../../platform/db/index.js';
import type { GatewayDeps } from './deps.js';
import type { Link } from './link.js';

/** How often this process writes what its agents did (last seen, bytes) and that it is itself alive. */
export const PRESENCE_FLUSH_MS = 5_000;
/** Byte counters are written every this many flushes (and when a connection ends). */
const BYTES_EVERY = 12;
const FLUSH_CHUNK = 1000;

/**
 * Presence, cluster-wide, in the database: the agent row says which process holds its connection, and that
 * process's row in gateway_nodes says it is alive. Activity is counted in memory and written in batches, so
 * heartbeats from many thousands of agents cost one transaction every few seconds, not a write each.
 */
export class Presence {
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private flushes = 0;

  constructor(
    private readonly deps: GatewayDeps,
    private readonly nodeId: string,
    private readonly host: string,
    private readonly links: () => Link[],
    private readonly idle: (link: Link) => void,
  ) {}

  async start(): Promise<void> {
    const now = iso(this.deps.clock.now());
    await this.deps.db
      .insertInto('gateway_nodes')
      .values({ id: this.nodeId, host: this.host, started_at: now, last_seen_at: now, connections: 0 })
      .execute();
    this.timer = setInterval(() => {
      this.flushing = this.flushing
        .then(() => this.flush())
        .catch((e: unknown) => {
          this.deps.log.warn({ err: e }, 'agent presence flush failed');
        });
    }, PRESENCE_FLUSH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush(true);
    await inTransaction(this.deps.db, async (trx) => {
      await trx
        .updateTable('agents')
        .set({ online_node: null, connection_id: null, transport: null })
        .where('online_node', '=', this.nodeId)
        .execute();
      await trx.deleteFrom('gateway_nodes').where('id', '=', this.nodeId).execute();
    });
  }

  async online(link: Link): Promise<void> {
    const now = iso(this.deps.clock.now());
    await this.deps.db
      .updateTable('agents')
      .set({
        online_node: this.nodeId,
        connection_id: link.id,
        transport: link.transport,
        connected_at: now,
        last_seen_at: now,
      })
      .where('id', '=', link.agentId)
      .execute();
  }

  /** Only this connection's claim is cleared: the agent may already be connected again elsewhere. */
  async offline(link: Link): Promise<void> {
    await this.deps.db
      .updateTable('agents')
      .set((eb) => ({
        online_node: null,
        connection_id: null,
        transport: null,
        last_seen_at: iso(this.deps.clock.now()),
        bytes_in: eb('bytes_in', '+', link.unflushedIn),
        bytes_out: eb('bytes_out', '+', link.unflushedOut),
      }))
      .where('id', '=', link.agentId)
      .where('connection_id', '=', link.id)
      .execute();
    link.unflushedIn = 0;
    link.unflushedOut = 0;
  }

  /** Longest silence before a link counts as dead: three heartbeats, or a poll's wait and then some. */
  private silenceLimitMs(link: Link): number {
    const heartbeats = this.deps.heartbeatSeconds * 3_000;
    return link.transport === 'poll' ? Math.max(heartbeats, (MAX_POLL_WAIT_SECONDS + 30) * 1000) : heartbeats;
  }

  /**
   * One flush: liveness for every agent heard from since the last (one statement per chunk), and the byte
   * counters of those that moved, only every BYTES_EVERY flushes — they are statistics, not presence.
   */
  async flush(everything = false): Promise<void> {
    const now = iso(this.deps.clock.now());
    const mono = performance.now();
    const links = this.links();
    for (const link of links) if (mono - link.lastActivity > this.silenceLimitMs(link)) this.idle(link);
    const live = links.filter((l) => !l.closed);
    const seen = live.filter((l) => l.seenSinceFlush).map((l) => l.agentId);
    for (const l of live) l.seenSinceFlush = false;
    this.flushes += 1;
    const counted =
      everything || this.flushes % BYTES_EVERY === 0
        ? live.filter((l) => l.unflushedIn || l.unflushedOut)
        : [];
    await inTransaction(this.deps.db, async (trx) => {
      await trx
        .updateTable('gateway_nodes')
        .set({ last_seen_at: now, connections: live.length })
        .where('id', '=', this.nodeId)
        .execute();
      for (let i = 0; i < seen.length; i += FLUSH_CHUNK)
        await trx
          .updateTable('agents')
          .set({ last_seen_at: now })
          .where('id', 'in', seen.slice(i, i + FLUSH_CHUNK))
          .execute();
      for (const link of counted) {
        const dIn = link.unflushedIn;
        const dOut = link.unflushedOut;
        link.unflushedIn = 0;
        link.unflushedOut = 0;
        await trx
          .updateTable('agents')
          .set((eb) => ({ bytes_in: eb('bytes_in', '+', dIn), bytes_out: eb('bytes_out', '+', dOut) }))
          .where('id', '=', link.agentId)
          .execute();
      }
    });
  }
}
