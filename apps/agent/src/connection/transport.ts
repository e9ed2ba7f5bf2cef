import type { AgentMessage } from '@steward/protocol';

export type TransportKind = 'websocket' | 'poll';

/** Why a session ended; the agent decides from this how long to wait and which transport to try next. */
export type SessionEnd =
  /** The server answered the connection attempt with an HTTP error (401, 503, 404...). */
  | { reason: 'refused'; status: number; retryAfterSeconds?: number; detail: string }
  /** The connection was lost or closed by the server; `code` is the WebSocket close code where there is one. */
  | { reason: 'closed'; code?: number; detail: string }
  /** We closed it (stop, switching transport). */
  | { reason: 'stopped'; detail: string };

export interface SessionHandlers {
  /** The channel is up: send `hello` now. */
  onOpen(): void;
  /** One frame from the server, not yet parsed. */
  onFrame(data: string): void;
}

export interface Session {
  /** Queue messages to the server; dropped if the session has ended (durable items live in the outbox). */
  send(messages: AgentMessage[]): void;
  /** End the session; `done` resolves with reason 'stopped' unless it had already ended. */
  close(detail?: string, code?: number): void;
  /** Called once the server has welcomed us: the transport may watch the connection's liveness from here. */
  keepalive(intervalMs: number): void;
  readonly done: Promise<SessionEnd>;
}

/** A way to reach the server. Each `open` is one session; transports can be pointed at any server URL. */
export interface Transport {
  readonly kind: TransportKind;
  open(handlers: SessionHandlers): Session;
}
