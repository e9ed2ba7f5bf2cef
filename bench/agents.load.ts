// The load tool of bench/agents.bench.ts: one worker process holding many simulated agents, driven by its
// parent over IPC. Each agent speaks the real protocol (packages/protocol) to a real gateway: over a
// WebSocket (hello → welcome, heartbeats, task → task.ack + task.result, reconnecting with the agent's own
// exponential backoff and full jitter) or over HTTP polling (POST /agent/v1/poll every interval, answering
// tasks with POST /agent/v1/messages). A simulated agent runs nothing: it acknowledges a task and reports a
// tiny success at once, so what is measured is the server's delivery path.
//
// Times are Date.now() taken here, on the same machine as the parent and the gateways.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { AGENT_PATHS, PROTOCOL_VERSION } from '@steward/protocol';
import { Backoff, retryAfterDelay } from '../apps/agent/src/connection/backoff.js';

/** The agent's own defaults (apps/agent/src/config.ts). */
const BACKOFF = { baseMs: 1_000, maxMs: 300_000 };
/** WebSocket handshakes one worker keeps in flight at once, so a cold start does not flood the accept queue. */
const CONNECTING_AT_ONCE = 200;

/** Agent `i` of a run: a stable id and a credential both sides derive from the run's seed. */
export function agentIdentity(
  seed: string,
  i: number,
): { agentId: string; credential: string; assetId: string } {
  const agentId = `bench-agent-${i}`;
  const secret = createHmac('sha256', seed).update(String(i)).digest('base64url');
  return { agentId, credential: `${agentId}.${secret}`, assetId: `bench-asset-${i}` };
}

/** One task as a simulated agent saw it: agent index, task id, when it arrived (Date.now()). */
export type Receipt = [number, string, number];

export type ToWorker =
  | {
      rid: number;
      type: 'init';
      seed: string;
      from: number;
      to: number;
      gateways: string[];
      localAddress: string;
    }
  | { rid: number; type: 'connect' }
  | { rid: number; type: 'close' }
  | { rid: number; type: 'poll'; intervalMs: number }
  | { rid: number; type: 'stop-poll' }
  | { rid: number; type: 'status' }
  | { rid: number; type: 'drain' }
  | { rid: number; type: 'live'; on: boolean };

export interface WorkerStatus {
  /** Agents with an open, welcomed WebSocket now. */
  welcomed: number;
  /** Welcomes received so far, counting every reconnection. */
  welcomes: number;
  /** When the last of them got its welcome. */
  lastWelcomeAt: number;
  /** Polling agents that have polled at least once since polling started, and when the last did so first. */
  polled: number;
  lastFirstPollAt: number;
  /** Refusals and failures seen (503s, errors, server error messages). */
  refused: number;
  /** WebSocket connections that failed before or after opening (a gateway down or restarting). */
  connectErrors: number;
  failures: number;
  serverErrors: number;
  /** The first failure or server error message, and the first connection error. */
  firstError: string;
  firstConnectError: string;
}

export type FromWorker =
  | { rid: number; type: 'done'; status?: WorkerStatus; receipts?: Receipt[] }
  | { rid: -1; type: 'receipt'; receipt: Receipt };

interface SimAgent {
  i: number;
  credential: string;
  gateway: string;
  ws: WebSocket | null;
  welcomed: boolean;
  backoff: Backoff;
  retry: NodeJS.Timeout | null;
  /** Polling: whether a poll is in flight, and whether it has polled since polling started. */
  polling: boolean;
  polled: boolean;
}

class Worker {
  private agents: SimAgent[] = [];
  private localAddress = '127.0.0.1';
  private wanted = false;
  private connecting = 0;
  private waiting: SimAgent[] = [];
  private heartbeatSeconds = 30;
  private heartbeatTick: NodeJS.Timeout | null = null;
  private tick = 0;
  private pollTimers: NodeJS.Timeout[] = [];
  private httpAgents = new Map<string, http.Agent>();
  private receipts: Receipt[] = [];
  private live = false;
  private status: WorkerStatus = {
    welcomed: 0,
    welcomes: 0,
    lastWelcomeAt: 0,
    polled: 0,
    lastFirstPollAt: 0,
    refused: 0,
    connectErrors: 0,
    failures: 0,
    serverErrors: 0,
    firstError: '',
    firstConnectError: '',
  };

  init(m: Extract<ToWorker, { type: 'init' }>): void {
    this.localAddress = m.localAddress;
    for (let i = m.from; i < m.to; i++)
      this.agents.push({
        i,
        credential: agentIdentity(m.seed, i).credential,
        gateway: m.gateways[i % m.gateways.length]!,
        ws: null,
        welcomed: false,
        backoff: new Backoff(BACKOFF),
        retry: null,
        polling: false,
        polled: false,
      });
  }

  private failed(what: string): void {
    this.status.failures++;
    this.status.firstError ||= what;
  }

  // --- WebSocket ------------------------------------------------------------------------------------------

  connectAll(): void {
    this.wanted = true;
    this.waiting.push(...this.agents.filter((a) => !a.ws && !a.retry));
    this.pump();
    this.heartbeatTick ??= setInterval(() => this.heartbeats(), 1_000);
  }

  private pump(): void {
    while (this.connecting < CONNECTING_AT_ONCE && this.waiting.length) this.open(this.waiting.shift()!);
  }

  /** One heartbeat per agent per heartbeat period, spread over the period by agent index. */
  private heartbeats(): void {
    const period = this.heartbeatSeconds;
    const slot = this.tick++ % period;
    const beat = JSON.stringify({ v: PROTOCOL_VERSION, type: 'heartbeat' });
    for (const a of this.agents)
      if (a.welcomed && a.i % period === slot && a.ws?.readyState === WebSocket.OPEN) a.ws.send(beat);
  }

  private open(a: SimAgent): void {
    this.connecting++;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      this.connecting--;
      this.pump();
    };
    const ws = new WebSocket(`${a.gateway.replace(/^http/, 'ws')}${AGENT_PATHS.ws}`, {
      headers: { authorization: `Bearer ${a.credential}` },
      perMessageDeflate: false,
      localAddress: this.localAddress,
      handshakeTimeout: 60_000,
    });
    a.ws = ws;
    let retryAfter: number | undefined;
    ws.on('open', () => {
      settle();
      ws.send(
        JSON.stringify({
          v: PROTOCOL_VERSION,
          type: 'hello',
          agentVersion: 'bench',
          platform: 'linux',
          hostname: `bench-host-${a.i}`,
          capabilities: ['restart'],
        }),
      );
    });
    ws.on('message', (data: Buffer) => this.onMessage(a, ws, data.toString('utf8')));
    ws.on('error', (e) => {
      const status = /Unexpected server response: (\d+)/.exec(e.message)?.[1];
      if (status === '503') {
        this.status.refused++;
        retryAfter = 15;
      } else {
        this.status.connectErrors++;
        this.status.firstConnectError ||= `agent ${a.i}: ${e.message}`;
      }
    });
    ws.on('close', () => {
      settle();
      if (a.ws !== ws) return;
      a.ws = null;
      if (a.welcomed) {
        a.welcomed = false;
        this.status.welcomed--;
      }
      if (!this.wanted) return;
      const delay = retryAfter !== undefined ? retryAfterDelay(retryAfter, BACKOFF.maxMs) : a.backoff.next();
      a.retry = setTimeout(() => {
        a.retry = null;
        if (!this.wanted) return;
        this.waiting.push(a);
        this.pump();
      }, delay);
    });
  }

  private onMessage(a: SimAgent, ws: WebSocket, text: string): void {
    let m: { type?: string; heartbeatSeconds?: number; task?: { id: string }; message?: string };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      return this.failed(`agent ${a.i}: a frame that is not JSON`);
    }
    if (m.type === 'welcome') {
      if (!a.welcomed) this.status.welcomed++;
      a.welcomed = true;
      this.status.welcomes++;
      a.backoff.reset();
      this.status.lastWelcomeAt = Date.now();
      if (m.heartbeatSeconds) this.heartbeatSeconds = m.heartbeatSeconds;
    } else if (m.type === 'task' && m.task) {
      this.received(a, m.task.id);
      for (const reply of answers(m.task.id)) ws.send(JSON.stringify(reply));
    } else if (m.type === 'error') {
      this.status.serverErrors++;
      this.status.firstError ||= `agent ${a.i}: server said ${m.message ?? text}`;
    }
  }

  private received(a: SimAgent, taskId: string): void {
    const receipt: Receipt = [a.i, taskId, Date.now()];
    this.receipts.push(receipt);
    if (this.live) send({ rid: -1, type: 'receipt', receipt });
  }

  closeAll(): Promise<void> {
    this.wanted = false;
    this.waiting = [];
    if (this.heartbeatTick) clearInterval(this.heartbeatTick);
    this.heartbeatTick = null;
    const closing: Promise<void>[] = [];
    for (const a of this.agents) {
      if (a.retry) clearTimeout(a.retry);
      a.retry = null;
      const ws = a.ws;
      if (!ws) continue;
      closing.push(new Promise((resolve) => ws.once('close', () => resolve())));
      ws.terminate();
    }
    return Promise.all(closing).then(() => undefined);
  }

  // --- polling --------------------------------------------------------------------------------------------

  private post(
    a: SimAgent,
    p: string,
    body: unknown,
  ): Promise<{ messages?: Array<Record<string, unknown>> }> {
    let agent = this.httpAgents.get(a.gateway);
    if (!agent) {
      agent = new http.Agent({ keepAlive: true, maxSockets: 64, localAddress: this.localAddress });
      this.httpAgents.set(a.gateway, agent);
    }
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${a.gateway}${p}`,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${a.credential}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200)
              return reject(new Error(`${p}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
            try {
              resolve(JSON.parse(text) as { messages?: Array<Record<string, unknown>> });
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  private async pollOnce(a: SimAgent): Promise<void> {
    if (a.polling) return;
    a.polling = true;
    try {
      // A keep-alive socket the server closed just as it was reused: a poll is safe to send again.
      const poll = () => this.post(a, AGENT_PATHS.poll, { waitSeconds: 0 });
      const { messages = [] } = await poll().catch((e: unknown) => {
        if (e instanceof Error && /socket hang up|ECONNRESET/.test(e.message)) return poll();
        throw e;
      });
      if (!a.polled) {
        a.polled = true;
        this.status.polled++;
        this.status.lastFirstPollAt = Date.now();
      }
      const replies: unknown[] = [];
      for (const m of messages) {
        const task = m.task as { id?: string } | undefined;
        if (m.type === 'task' && task?.id) {
          this.received(a, task.id);
          replies.push(...answers(task.id));
        }
      }
      if (replies.length) {
        const answer = await this.post(a, AGENT_PATHS.messages, { messages: replies });
        for (const m of answer.messages ?? [])
          if (m.type === 'error') {
            this.status.serverErrors++;
            this.status.firstError ||= `agent ${a.i}: server said ${String(m.message)}`;
          }
      }
    } catch (e) {
      this.failed(`agent ${a.i} poll: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      a.polling = false;
    }
  }

  /** Each agent polls every `intervalMs`, the first time at a random moment within the first interval. */
  startPolling(intervalMs: number): void {
    this.status.polled = 0;
    for (const a of this.agents) {
      a.polled = false;
      const first = setTimeout(
        () => {
          void this.pollOnce(a);
          this.pollTimers.push(setInterval(() => void this.pollOnce(a), intervalMs));
        },
        Math.floor(Math.random() * intervalMs),
      );
      this.pollTimers.push(first);
    }
  }

  stopPolling(): void {
    for (const t of this.pollTimers) clearTimeout(t);
    this.pollTimers = [];
    for (const agent of this.httpAgents.values()) agent.destroy();
    this.httpAgents.clear();
  }

  async handle(m: ToWorker): Promise<FromWorker> {
    switch (m.type) {
      case 'init':
        this.init(m);
        break;
      case 'connect':
        this.connectAll();
        break;
      case 'close':
        await this.closeAll();
        break;
      case 'poll':
        this.startPolling(m.intervalMs);
        break;
      case 'stop-poll':
        this.stopPolling();
        break;
      case 'live':
        this.live = m.on;
        break;
      case 'status':
        return { rid: m.rid, type: 'done', status: { ...this.status } };
      case 'drain': {
        const receipts = this.receipts;
        this.receipts = [];
        return { rid: m.rid, type: 'done', receipts };
      }
    }
    return { rid: m.rid, type: 'done' };
  }
}

/** What a simulated agent answers a task with: the acknowledgement, then a tiny success. */
function answers(taskId: string): unknown[] {
  return [
    { v: PROTOCOL_VERSION, type: 'task.ack', taskId },
    {
      v: PROTOCOL_VERSION,
      type: 'task.result',
      taskId,
      status: 'succeeded',
      finishedAt: new Date().toISOString(),
      result: { simulated: true },
    },
  ];
}

function send(m: FromWorker): void {
  process.send?.(m);
}

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  if (!process.send) throw new Error('bench/agents.load.ts runs as a child of bench/agents.bench.ts (IPC)');
  const worker = new Worker();
  process.on('message', (m: ToWorker) => {
    worker.handle(m).then(send, (e: unknown) => {
      process.stderr.write(`agents.load: ${m.type} failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    });
  });
  process.on('disconnect', () => process.exit(0));
}
