import { CLOSE_CODES } from '@steward/protocol';
import type { Logger } from '../log.js';
import { retryAfterDelay, type Backoff } from './backoff.js';
import type { SessionEnd, TransportKind } from './transport.js';

export interface ReconnectPolicyOptions {
  /** The configured transport; `auto` may fall back to polling and probe the WebSocket again later. */
  transport: TransportKind | 'auto';
  backoff: Backoff;
  random: () => number;
  log: Logger;
  /** auto mode: WebSocket connections cut before `welcome`, in a row, that make the agent fall back. */
  earlyCutsBeforeFallback?: number | undefined;
}

/**
 * Which transport the next attempt uses and how long to wait before it, from how the last session ended.
 * Pure decisions over a little state (auto mode's fallback); the agent owns the sessions and the timers.
 */
export class ReconnectPolicy {
  private onPollFallback = false;
  private probingWebSocket = false;
  private earlyCuts = 0;

  constructor(private readonly options: ReconnectPolicyOptions) {}

  private get auto(): boolean {
    return this.options.transport === 'auto';
  }

  choose(): TransportKind {
    if (this.options.transport !== 'auto') return this.options.transport;
    return this.onPollFallback && !this.probingWebSocket ? 'poll' : 'websocket';
  }

  /** auto mode, while polling: end this session and try the WebSocket once more. */
  probeWebSocket(): void {
    this.probingWebSocket = true;
  }

  /** A session was welcomed: backoff starts over, and a working WebSocket ends the fallback. */
  welcomed(kind: TransportKind | null): void {
    this.options.backoff.reset();
    this.earlyCuts = 0;
    if (kind === 'websocket') {
      this.onPollFallback = false;
      this.probingWebSocket = false;
    }
  }

  /** How long to wait before the next attempt (and, in auto mode, whether it falls back to polling). */
  delayAfter(kind: TransportKind, end: SessionEnd, welcomed: boolean): number {
    const { backoff, log } = this.options;
    const max = backoff.maxMs;
    const credentialRejected =
      (end.reason === 'refused' && end.status === 401) ||
      (end.reason === 'closed' && end.code === CLOSE_CODES.policyViolation);
    if (credentialRejected) {
      log.error('the server rejected this agent\'s credential; re-enrol it ("steward-agent enroll")', {
        detail: end.detail,
      });
      return max;
    }
    if (this.auto && kind === 'websocket' && this.probingWebSocket && !welcomed) {
      // The WebSocket still does not work here: back to polling straight away.
      this.probingWebSocket = false;
      return 0;
    }
    if (end.reason === 'stopped') return this.probingWebSocket ? 0 : backoff.next();
    if (end.reason === 'refused') {
      if (end.status === 503)
        return end.retryAfterSeconds !== undefined
          ? retryAfterDelay(end.retryAfterSeconds, max, this.options.random)
          : backoff.next();
      if (this.auto && kind === 'websocket')
        return this.fallBackToPolling(`upgrade refused with HTTP ${end.status}`);
      return backoff.next();
    }
    if (end.code === CLOSE_CODES.protocolError) {
      log.error("the server does not speak this agent's protocol version; update the agent", {
        detail: end.detail,
      });
      return max;
    }
    if (end.code === CLOSE_CODES.replaced) {
      // Another process holds this agent's identity; coming straight back would just knock it off again.
      log.warn('this connection was replaced by another one for the same agent', { detail: end.detail });
      return max;
    }
    if (kind === 'websocket' && !welcomed) {
      this.earlyCuts += 1;
      const limit = this.options.earlyCutsBeforeFallback ?? 3;
      if (this.auto && this.earlyCuts >= limit)
        return this.fallBackToPolling(`${this.earlyCuts} WebSocket connections in a row cut before welcome`);
    }
    return backoff.next();
  }

  private fallBackToPolling(why: string): number {
    this.options.log.warn('falling back to HTTP polling', { why });
    this.onPollFallback = true;
    this.probingWebSocket = false;
    this.earlyCuts = 0;
    return 0;
  }
}
