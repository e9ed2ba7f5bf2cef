import { z } from 'zod';
import { AGENT_PATHS, MAX_UPLOAD_MESSAGES, type AgentMessage } from '@steward/protocol';
import { httpErrorFrom, HttpError, serverUrl, type FetchLike } from '../http.js';
import type { Session, SessionEnd, SessionHandlers, Transport } from './transport.js';

export interface PollTransportOptions {
  server: string;
  credential: () => string;
  waitSeconds: number;
  fetch?: FetchLike;
}

// Items are handed on one by one as frames, so one bad item is reported and skipped like a bad WebSocket frame.
const repliesSchema = z.object({ messages: z.array(z.unknown()) });

/** The fallback: long-poll /agent/v1/poll for server messages and upload ours to /agent/v1/messages. */
export class PollTransport implements Transport {
  readonly kind = 'poll' as const;

  constructor(private readonly options: PollTransportOptions) {}

  open(handlers: SessionHandlers): Session {
    const doFetch = this.options.fetch ?? fetch;
    const controller = new AbortController();
    const queue: AgentMessage[] = [];
    let ended: SessionEnd | undefined;
    let resolveDone: (end: SessionEnd) => void = () => {};
    const done = new Promise<SessionEnd>((resolve) => (resolveDone = resolve));
    let uploading = false;
    let polling = false;

    const finish = (end: SessionEnd) => {
      if (ended) return;
      ended = end;
      controller.abort();
      resolveDone(end);
    };

    const fail = (error: unknown) => {
      if (ended) return;
      if (
        error instanceof HttpError &&
        (error.status === 401 || error.status === 503 || error.status === 404)
      )
        finish({
          reason: 'refused',
          status: error.status,
          ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
          detail: error.message,
        });
      else finish({ reason: 'closed', detail: error instanceof Error ? error.message : String(error) });
    };

    const post = async (path: string, body: unknown, timeoutMs: number, what: string) => {
      const response = await doFetch(serverUrl(this.options.server, path), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.credential()}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]),
      });
      if (!response.ok) throw await httpErrorFrom(response, what);
      const replies = repliesSchema.safeParse(await response.json());
      if (!replies.success) throw new Error(`${what}: the server's answer has no messages array`);
      for (const item of replies.data.messages) {
        if (ended) return;
        handlers.onFrame(JSON.stringify(item));
      }
    };

    const pollLoop = async () => {
      polling = true;
      const wait = this.options.waitSeconds;
      while (!ended) {
        await post(AGENT_PATHS.poll, { waitSeconds: wait }, (wait + 30) * 1000, 'poll');
      }
    };

    const upload = async () => {
      if (uploading) return;
      uploading = true;
      try {
        while (!ended && queue.length > 0) {
          const batch = queue.splice(0, MAX_UPLOAD_MESSAGES);
          await post(AGENT_PATHS.messages, { messages: batch }, 60_000, 'upload');
          // Polling starts once the server has our hello, so it knows who is asking.
          if (!polling && !ended) pollLoop().catch(fail);
        }
      } catch (error) {
        fail(error);
      } finally {
        uploading = false;
      }
    };

    queueMicrotask(() => {
      if (!ended) handlers.onOpen();
    });

    return {
      send: (messages) => {
        if (ended) return;
        queue.push(...messages);
        void upload();
      },
      close: (detail = 'closed by the agent') => finish({ reason: 'stopped', detail }),
      keepalive: () => {},
      done,
    };
  }
}
