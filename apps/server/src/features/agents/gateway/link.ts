import type { ServerMessage } from '@steward/protocol';
import type WebSocket from 'ws';
import { newId } from '../../../platform/ids/index.js';
import type { AgentRow } from '../agents.repo.js';

export type Transport = 'websocket' | 'poll';

/**
 * One agent's connection to this process, over either transport. Tasks are not queued here: they live in
 * the database until the agent acknowledges them; a link only carries them (WebSocket) or wakes the
 * agent's waiting poll so it reads them.
 */
export abstract class Link {
  readonly id = newId();
  bytesIn = 0;
  bytesOut = 0;
  /** Bytes not yet added to the agent's row. */
  unflushedIn = 0;
  unflushedOut = 0;
  /** Monotonic time of the agent's last message or poll, for liveness. */
  lastActivity = performance.now();
  seenSinceFlush = true;
  closed = false;
  /** Tasks handed to this connection: its acknowledgement of one of these needs no ownership lookup. */
  readonly handed = new Set<string>();
  /** Handed tasks the agent has acknowledged: its result for one of these needs no lookup either. */
  readonly acked = new Set<string>();
  abstract readonly transport: Transport;

  constructor(public agent: AgentRow) {}

  get agentId(): string {
    return this.agent.id;
  }

  get tenantId(): string {
    return this.agent.tenant_id;
  }

  touch(bytes: number): void {
    this.bytesIn += bytes;
    this.unflushedIn += bytes;
    this.lastActivity = performance.now();
    this.seenSinceFlush = true;
  }

  protected sent(bytes: number): void {
    this.bytesOut += bytes;
    this.unflushedOut += bytes;
  }

  abstract send(message: ServerMessage): void;
  /** Tasks are waiting for this agent in the database. */
  abstract notify(): void;
  abstract close(code: number, reason: string): void;
}

export class WebSocketLink extends Link {
  readonly transport = 'websocket' as const;

  constructor(
    agent: AgentRow,
    private readonly ws: WebSocket,
  ) {
    super(agent);
  }

  send(message: ServerMessage): void {
    if (this.closed) return;
    const text = JSON.stringify(message);
    this.sent(Buffer.byteLength(text));
    this.ws.send(text);
  }

  notify(): void {
    // The gateway pushes the tasks themselves over the socket.
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }
}

/**
 * An agent on the polling fallback: messages other than tasks wait here for its next poll, and a poll held
 * open is answered as soon as something arrives.
 */
export class PollLink extends Link {
  readonly transport = 'poll' as const;
  private outbox: ServerMessage[] = [];
  private waiter: (() => void) | null = null;

  send(message: ServerMessage): void {
    if (this.closed) return;
    this.outbox.push(message);
    this.notify();
  }

  /** Messages queued since the last poll, counted as sent. */
  drain(): ServerMessage[] {
    const out = this.outbox;
    this.outbox = [];
    for (const m of out) this.sent(Buffer.byteLength(JSON.stringify(m)));
    return out;
  }

  notify(): void {
    const wake = this.waiter;
    this.waiter = null;
    wake?.();
  }

  /** Resolves when notified, closed, or after `ms`. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.closed || this.outbox.length) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.waiter === done) this.waiter = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.waiter?.();
      this.waiter = done;
    });
  }

  countSent(bytes: number): void {
    this.sent(bytes);
  }

  close(): void {
    this.closed = true;
    this.notify();
  }
}
