import { sql } from 'kysely';
import { MAX_POLL_WAIT_SECONDS } from '@steward/protocol';
import { inTransaction, iso, valuesChunk, valuesColumn, valuesTable } from '../../../platform/db/index.js';
import type { GatewayDeps } from './deps.js';
import type { Link } from './link.js';

/** How often this process writes what its agents did (last seen, bytes) and that it is itself alive. */
export const PRESENCE_FLUSH_MS = 5_000;
/** Byte counters are written every this many flushes (and when a connection ends). */
const BYTES_EVERY = 12;
/** Rows per statement in a presence flush: small, so the event loop is let go between them (see flush). */
const WRITE_CHUNK = 250;
const ONLINE_CHUNK = valuesChunk(3);
/** Each ended connection: three values and its id three times. */
const OFFLINE_CHUNK = valuesChunk(6);

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

type Counted = { agentId: string; dIn: number; dOut: number };

/** Statement pieces raising `bytes_in`/`bytes_out` by what each agent's connections counted. */
const bytesRows = (counts: Counted[]) => valuesTable(counts.map((c) => [c.agentId, c.dIn, c.dOut]));
const addedBytes = sql`bytes_in = bytes_in + ${valuesColumn(2, 'bigint')}, bytes_out = bytes_out + ${valuesColumn(3, 'bigint')}`;

/** What links counted and not yet written, added up per agent (one agent may have had two connections). */
function sumByAgent(links: Link[]): Counted[] {
  const sums = new Map<string, Counted>();
  for (const l of links) {
    const s = sums.get(l.agentId) ?? { agentId: l.agentId, dIn: 0, dOut: 0 };
    s.dIn += l.unflushedIn;
    s.dOut += l.unflushedOut;
    sums.set(l.agentId, s);
  }
  return [...sums.values()];
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
    for (let i = 0; i < latest.length; i += ONLINE_CHUNK) {
      const rows = latest.slice(i, i + ONLINE_CHUNK).map((l) => [l.agentId, l.id, l.transport]);
      await sql`UPDATE agents SET online_node = ${this.nodeId}, connection_id = ${valuesColumn(2, 'text')},
          transport = ${valuesColumn(3, 'text')}, connected_at = ${now}, last_seen_at = ${now}
        FROM ${valuesTable(rows)} WHERE agents.id = v.column1`.execute(this.deps.db);
    }
  }

  /**
   * Connections that ended, one statement per chunk: the agent is offline unless a newer connection (its
   * own connection id) has taken its row meanwhile; what the links counted is added either way.
   */
  async offline(links: Link[]): Promise<void> {
    const now = iso(this.deps.clock.now());
    for (let i = 0; i < links.length; i += OFFLINE_CHUNK) {
      const chunk = links.slice(i, i + OFFLINE_CHUNK);
      const ended = sql`connection_id IN (${sql.join(chunk.map((l) => l.id))})`;
      await sql`UPDATE agents SET
          online_node = CASE WHEN ${ended} THEN NULL ELSE online_node END,
          transport = CASE WHEN ${ended} THEN NULL ELSE transport END,
          connection_id = CASE WHEN ${ended} THEN NULL ELSE connection_id END,
          last_seen_at = ${now}, ${addedBytes}
        FROM ${bytesRows(sumByAgent(chunk))} WHERE agents.id = v.column1`.execute(this.deps.db);
      for (const l of chunk) {
        l.unflushedIn = 0;
        l.unflushedOut = 0;
      }
    }
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
      const chunk = counted.slice(i, i + WRITE_CHUNK);
      const counts = sumByAgent(chunk);
      for (const l of chunk) {
        l.unflushedIn = 0;
        l.unflushedOut = 0;
      }
      await sql`UPDATE agents SET ${addedBytes} FROM ${bytesRows(counts)} WHERE agents.id = v.column1`.execute(
        this.deps.db,
      );
    }
  }
}
