import { MAX_POLL_WAIT_SECONDS } from '@steward/protocol';
import { sql } from 'kysely';
import { inTransaction, iso } from '../../../platform/db/index.js';
import type { GatewayDeps } from './deps.js';
import type { Link } from './link.js';

/** How often this process writes what its agents did (last seen, bytes) and that it is itself alive. */
export const PRESENCE_FLUSH_MS = 5_000;
/** Byte counters are written every this many flushes (and when a connection ends). */
const BYTES_EVERY = 12;
const WRITE_CHUNK = 250;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `case id when <agent> then <value> … end`: one statement sets a different value per agent. */
function byAgent<T extends { agentId: string }>(rows: T[], value: (row: T) => string) {
  return sql<string>`case ${sql.ref('id')} ${sql.join(
    rows.map((r) => sql`when ${r.agentId} then ${value(r)}`),
    sql` `,
  )} end`;
}

/** The same for a count; the cast tells PostgreSQL the parameters are numbers. */
function countByAgent<T extends { agentId: string }>(rows: T[], value: (row: T) => number) {
  return sql<number>`case ${sql.ref('id')} ${sql.join(
    rows.map((r) => sql`when ${r.agentId} then cast(${value(r)} as bigint)`),
    sql` `,
  )} end`;
}

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

  /** New connections, one statement per chunk: a reconnect storm is a few writes, not one per agent. */
  async online(links: Link[]): Promise<void> {
    const now = iso(this.deps.clock.now());
    // The same agent twice in one batch: its newest connection is the one that holds it.
    const latest = [...new Map(links.map((l) => [l.agentId, l])).values()];
    for (let i = 0; i < latest.length; i += WRITE_CHUNK) {
      const chunk = latest.slice(i, i + WRITE_CHUNK);
      await this.deps.db
        .updateTable('agents')
        .set({
          online_node: this.nodeId,
          connection_id: byAgent(chunk, (l) => l.id),
          transport: byAgent(chunk, (l) => l.transport),
          connected_at: now,
          last_seen_at: now,
        })
        .where(
          'id',
          'in',
          chunk.map((l) => l.agentId),
        )
        .execute();
    }
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
    await this.deps.db
      .updateTable('gateway_nodes')
      .set({ last_seen_at: now, connections: live.length })
      .where('id', '=', this.nodeId)
      .execute();
    // Short statements with the event loop let go between them: on SQLite a write holds the loop and the
    // database, and a task posted meanwhile must not wait for thousands of rows.
    for (let i = 0; i < seen.length; i += WRITE_CHUNK) {
      await yieldToLoop();
      await this.deps.db
        .updateTable('agents')
        .set({ last_seen_at: now })
        .where('id', 'in', seen.slice(i, i + WRITE_CHUNK))
        .execute();
    }
    for (let i = 0; i < counted.length; i += WRITE_CHUNK) {
      await yieldToLoop();
      const chunk = counted.slice(i, i + WRITE_CHUNK).map((link) => {
        const delta = { agentId: link.agentId, dIn: link.unflushedIn, dOut: link.unflushedOut };
        link.unflushedIn = 0;
        link.unflushedOut = 0;
        return delta;
      });
      await this.deps.db
        .updateTable('agents')
        .set((eb) => ({
          bytes_in: eb(
            'bytes_in',
            '+',
            countByAgent(chunk, (d) => d.dIn),
          ),
          bytes_out: eb(
            'bytes_out',
            '+',
            countByAgent(chunk, (d) => d.dOut),
          ),
        }))
        .where(
          'id',
          'in',
          chunk.map((d) => d.agentId),
        )
        .execute();
    }
  }
}
