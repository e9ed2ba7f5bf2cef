import WebSocket from 'ws';
import { AGENT_PATHS, MAX_MESSAGE_BYTES, type AgentMessage } from '@steward/protocol';
import { parseRetryAfter, webSocketUrl } from '../http.js';
import { realTimers, type Timers } from './timers.js';
import type { Session, SessionEnd, SessionHandlers, Transport } from './transport.js';

export interface WebSocketTransportOptions {
  server: string;
  credential: () => string;
  timers?: Timers;
  /** How long the upgrade may take before we give up on it. */
  handshakeTimeoutMs?: number;
}

/** The persistent channel: one WebSocket to /agent/v1/ws authenticated with the bearer credential. */
export class WebSocketTransport implements Transport {
  readonly kind = 'websocket' as const;

  constructor(private readonly options: WebSocketTransportOptions) {}

  open(handlers: SessionHandlers): Session {
    const timers = this.options.timers ?? realTimers;
    const ws = new WebSocket(webSocketUrl(this.options.server, AGENT_PATHS.ws), {
      headers: { authorization: `Bearer ${this.options.credential()}` },
      maxPayload: MAX_MESSAGE_BYTES,
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 30_000,
    });
    let ended: SessionEnd | undefined;
    let resolveDone: (end: SessionEnd) => void = () => {};
    const done = new Promise<SessionEnd>((resolve) => (resolveDone = resolve));
    let lastError = '';
    let keepaliveHandle: unknown;
    let heardFrom = true;

    const finish = (end: SessionEnd) => {
      if (ended) return;
      ended = end;
      if (keepaliveHandle !== undefined) timers.clearTimeout(keepaliveHandle);
      resolveDone(end);
    };

    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      const header = res.headers['retry-after'];
      const retryAfterSeconds = parseRetryAfter(Array.isArray(header) ? header[0] : header);
      finish({
        reason: 'refused',
        status,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        detail: `upgrade refused: HTTP ${status}`,
      });
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => handlers.onOpen());
    ws.on('message', (data, isBinary) => {
      heardFrom = true;
      if (ended) return;
      const text = isBinary
        ? Buffer.isBuffer(data)
          ? data.toString('utf8')
          : ''
        : Array.isArray(data)
          ? Buffer.concat(data).toString('utf8')
          : Buffer.from(data as ArrayBuffer).toString('utf8');
      handlers.onFrame(text);
    });
    ws.on('pong', () => {
      heardFrom = true;
    });
    ws.on('error', (error) => {
      lastError = error.message;
    });
    ws.on('close', (code, reason) => {
      const why = reason.toString('utf8');
      finish({
        reason: 'closed',
        code,
        detail: [`closed with code ${code}`, why, lastError].filter(Boolean).join(': '),
      });
    });

    const send = (messages: AgentMessage[]) => {
      if (ended || ws.readyState !== WebSocket.OPEN) return;
      for (const m of messages) ws.send(JSON.stringify(m));
    };

    return {
      send,
      close: (detail = 'closed by the agent', code = 1000) => {
        finish({ reason: 'stopped', detail });
        if (ws.readyState === WebSocket.OPEN) ws.close(code, detail.slice(0, 120));
        else ws.terminate();
      },
      keepalive: (intervalMs) => {
        // A half-open TCP connection can look alive for a long time: ping every interval and give up when
        // nothing at all (frame or pong) came back over a whole interval.
        const tick = () => {
          if (ended) return;
          if (!heardFrom) {
            lastError = 'no answer to ping';
            ws.terminate();
            return;
          }
          heardFrom = false;
          if (ws.readyState === WebSocket.OPEN) ws.ping();
          keepaliveHandle = timers.setTimeout(tick, intervalMs);
        };
        keepaliveHandle = timers.setTimeout(tick, intervalMs);
      },
      done,
    };
  }
}
