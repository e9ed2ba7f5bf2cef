import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import {
  message,
  parseServerMessage,
  CLOSE_CODES,
  type AgentMessage,
  type Hello,
  type Inventory,
  type InventoryReport,
  type ServerMessage,
  type Task,
} from '@steward/protocol';
import { parseConfig, type AgentConfig, type AgentConfigInput } from './config.js';
import { Backoff } from './connection/backoff.js';
import { ReconnectPolicy } from './connection/reconnect-policy.js';
import { PollTransport } from './connection/poll-transport.js';
import { realTimers, sleep, type Timers } from './connection/timers.js';
import type { Session, SessionEnd, Transport, TransportKind } from './connection/transport.js';
import { WebSocketTransport } from './connection/ws-transport.js';
import type { FetchLike } from './http.js';
import { collectInventory, type InventoryCollector } from './inventory/collect.js';
import { inventoryDelta } from './inventory/delta.js';
import { createLogger, type Logger } from './log.js';
import { Outbox, type OutboxMessage } from './outbox.js';
import { createPlatformAdapter, type PlatformAdapter } from './platform/adapter.js';
import { TaskJournal } from './task-journal.js';
import { TaskRunner } from './task-runner.js';
import { CAPABILITIES, executeTask } from './tasks/run.js';
import type { TaskContext } from './tasks/types.js';
import { AGENT_VERSION } from './version.js';

export interface AgentOptions {
  /** Defaults to the real adapter for this platform, or a dry-run one when the config says dryRun. */
  adapter?: PlatformAdapter;
  collectInventory?: InventoryCollector;
  random?: () => number;
  timers?: Timers;
  now?: () => number;
  logger?: Logger;
  fetch?: FetchLike;
  /** Replace a transport (e.g. to point it elsewhere); defaults are built from the config. */
  transports?: Partial<Record<TransportKind, Transport>>;
  /** auto mode: how long to stay on polling before trying the WebSocket again (default 10 minutes). */
  webSocketRetryMs?: number;
  /** auto mode: WebSocket connections cut before `welcome`, in a row, that make the agent fall back to polling. */
  earlyCutsBeforeFallback?: number;
  /** How often a full inventory is sent even when deltas would do (default 24 hours). */
  fullInventoryEveryMs?: number;
}

export interface AgentStatus {
  running: boolean;
  /** A session is up and the server has welcomed us. */
  connected: boolean;
  transport: TransportKind | null;
  agentId: string;
  connectedSince?: string;
  lastError?: string;
  /** Task ids running now. */
  runningTasks: string[];
}

export interface Agent {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): AgentStatus;
}

const JOURNAL_RETENTION_MS = 30 * 24 * 3600_000;

class StewardAgent implements Agent {
  private readonly log: Logger;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: Backoff;
  private readonly transports: Record<TransportKind, Transport>;
  private readonly adapter: PlatformAdapter | undefined;
  private readonly collect: InventoryCollector;
  private readonly stopping = new AbortController();

  private outbox: Outbox | undefined;
  private journal: TaskJournal | undefined;
  private started = false;
  private loop: Promise<void> | undefined;
  private session: Session | undefined;
  private sessionKind: TransportKind | null = null;
  private welcomed = false;
  private connectedSince: number | undefined;
  private lastError: string | undefined;
  private heartbeatHandle: unknown;
  private inventoryHandle: unknown;
  private inventoryIntervalMs: number;
  private inventoryInFlight: Promise<void> | undefined;
  private lastReported: Inventory | undefined;
  private lastFullAt = 0;
  private runner: TaskRunner | undefined;

  private readonly reconnect: ReconnectPolicy;

  constructor(
    private readonly config: AgentConfig,
    private readonly options: AgentOptions,
  ) {
    this.log = options.logger ?? createLogger();
    this.log.secret(config.credential);
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.backoff = new Backoff({ ...config.backoff, random: this.random });
    this.reconnect = new ReconnectPolicy({
      transport: config.transport,
      backoff: this.backoff,
      random: this.random,
      log: this.log,
      earlyCutsBeforeFallback: options.earlyCutsBeforeFallback,
    });
    const credential = () => this.config.credential;
    this.transports = {
      websocket:
        options.transports?.websocket ??
        new WebSocketTransport({ server: config.server, credential, timers: this.timers }),
      poll:
        options.transports?.poll ??
        new PollTransport({
          server: config.server,
          credential,
          waitSeconds: config.pollWaitSeconds,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
    };
    this.adapter = options.adapter ?? createPlatformAdapter(config.dryRun);
    this.collect = options.collectInventory ?? collectInventory;
    this.inventoryIntervalMs = config.inventoryIntervalMinutes * 60_000;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('the agent is already started');
    this.started = true;
    this.outbox = await Outbox.open(path.join(this.config.stateDir, 'outbox'), this.now);
    this.journal = await TaskJournal.open(path.join(this.config.stateDir, 'tasks'));
    await this.journal.prune(JOURNAL_RETENTION_MS, this.now());
    this.runner = new TaskRunner({
      journal: this.journal,
      execute: (task) => executeTask(task, this.taskContext(task), this.now()),
      deliver: (result) => this.enqueue(result),
      ack: (taskId) => this.send(message({ type: 'task.ack', taskId })),
      now: this.now,
      log: this.log,
    });
    this.log.info('agent starting', {
      agentId: this.config.agentId,
      server: this.config.server,
      transport: this.config.transport,
      queued: await this.outbox.size(),
    });
    this.scheduleInventory(0);
    this.loop = this.connectLoop().catch((error: unknown) => {
      this.log.error('connection loop failed', { error });
    });
  }

  async stop(): Promise<void> {
    if (!this.started || this.stopping.signal.aborted) return;
    this.stopping.abort();
    this.timers.clearTimeout(this.inventoryHandle);
    this.timers.clearTimeout(this.heartbeatHandle);
    this.session?.close('agent stopping', CLOSE_CODES.goingAway);
    await this.loop;
    await Promise.allSettled([this.runner?.settle(), this.inventoryInFlight]);
    this.log.info('agent stopped');
  }

  status(): AgentStatus {
    return {
      running: this.started && !this.stopping.signal.aborted,
      connected: this.welcomed,
      transport: this.sessionKind,
      agentId: this.config.agentId,
      ...(this.connectedSince ? { connectedSince: new Date(this.connectedSince).toISOString() } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
      runningTasks: this.runner?.running() ?? [],
    };
  }

  // --- connection -------------------------------------------------------------------------------------------

  private async connectLoop(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const kind = this.reconnect.choose();
      const { end, welcomed, protocolFault } = await this.runSession(kind);
      if (this.stopping.signal.aborted) break;
      // We closed it because the server sent something we cannot work with (another protocol version, an
      // oversized frame): coming straight back would most likely get the same.
      const delay = protocolFault ? this.backoff.maxMs : this.reconnect.delayAfter(kind, end, welcomed);
      this.log.info('session ended', {
        transport: kind,
        reason: end.reason,
        detail: end.detail,
        retryInMs: delay,
      });
      if (delay > 0) await sleep(this.timers, delay, this.stopping.signal);
    }
  }

  private async runSession(
    kind: TransportKind,
  ): Promise<{ end: SessionEnd; welcomed: boolean; protocolFault: boolean }> {
    let welcomed = false;
    let protocolFault = false;
    let retryHandle: unknown;
    const session: Session = this.transports[kind].open({
      onOpen: () => session.send([this.hello()]),
      onFrame: (data) => {
        const parsed = parseServerMessage(data);
        if (!parsed.ok) {
          this.log.warn('bad message from the server', { fault: parsed.fault });
          if (parsed.fault.fatal) {
            protocolFault = true;
            session.close(
              `protocol fault: ${parsed.fault.code}`,
              parsed.fault.code === 'too_large' ? CLOSE_CODES.tooLarge : CLOSE_CODES.protocolError,
            );
          }
          return;
        }
        if (parsed.message.type === 'welcome') welcomed = true;
        this.handle(parsed.message, session).catch((error: unknown) =>
          this.log.error('handling a server message failed', { type: parsed.message.type, error }),
        );
      },
    });
    this.session = session;
    this.sessionKind = kind;
    this.log.debug('connecting', { transport: kind });
    if (kind === 'poll' && this.config.transport === 'auto') {
      const retryMs = this.options.webSocketRetryMs ?? 10 * 60_000;
      retryHandle = this.timers.setTimeout(() => {
        this.reconnect.probeWebSocket();
        session.close('trying the WebSocket again');
      }, retryMs);
    }
    const end = await session.done;
    this.timers.clearTimeout(retryHandle);
    this.timers.clearTimeout(this.heartbeatHandle);
    if (this.session === session) {
      this.session = undefined;
      this.sessionKind = null;
      this.welcomed = false;
      this.connectedSince = undefined;
    }
    if (end.reason !== 'stopped') this.lastError = end.detail;
    return { end, welcomed, protocolFault };
  }

  private hello(): Hello {
    return message<Hello>({
      type: 'hello',
      agentVersion: AGENT_VERSION,
      platform: process.platform,
      hostname: os.hostname().slice(0, 255) || 'unknown',
      capabilities: CAPABILITIES,
    });
  }

  private send(m: AgentMessage): void {
    if (this.welcomed) this.session?.send([m]);
  }

  // --- server messages --------------------------------------------------------------------------------------

  private async handle(m: ServerMessage, session: Session): Promise<void> {
    switch (m.type) {
      case 'welcome':
        return this.onWelcome(m.agentId, m.heartbeatSeconds, session);
      case 'task':
        return this.onTask(m.task);
      case 'policy':
        this.log.info('policy received', { revision: m.policy.revision });
        if (m.policy.inventoryIntervalMinutes) {
          this.inventoryIntervalMs = m.policy.inventoryIntervalMinutes * 60_000;
          this.scheduleInventory(this.inventoryIntervalMs);
        }
        return;
      case 'checkin':
        session.send([message({ type: 'heartbeat' })]);
        if (m.inventory) await this.reportInventory('full');
        return;
      case 'received':
        await this.outbox?.remove(m.ids);
        return;
      case 'error':
        (m.fatal ? this.log.error : this.log.warn)('the server reported an error', {
          code: m.code,
          message: m.message,
          about: m.about,
        });
        return;
    }
  }

  private async onWelcome(agentId: string, heartbeatSeconds: number, session: Session): Promise<void> {
    if (session !== this.session) return;
    if (agentId !== this.config.agentId)
      this.log.warn('the server welcomed a different agent id', {
        expected: this.config.agentId,
        got: agentId,
      });
    this.welcomed = true;
    this.connectedSince = this.now();
    this.lastError = undefined;
    this.reconnect.welcomed(this.sessionKind);
    this.log.info('connected', { transport: this.sessionKind, heartbeatSeconds });
    const intervalMs = heartbeatSeconds * 1000;
    const beat = () => {
      if (this.session !== session) return;
      session.send([message({ type: 'heartbeat' })]);
      this.heartbeatHandle = this.timers.setTimeout(beat, intervalMs);
    };
    this.timers.clearTimeout(this.heartbeatHandle);
    this.heartbeatHandle = this.timers.setTimeout(beat, intervalMs);
    session.keepalive(intervalMs);
    // Everything still waiting for `received` goes again; the server deduplicates by id.
    const queued = (await this.outbox?.list()) ?? [];
    if (queued.length > 0) {
      this.log.info('re-sending queued results and reports', { count: queued.length });
      session.send(queued.map((e) => e.message));
    }
  }

  /** Durable: kept in the outbox until the server says `received`, and sent now if connected. */
  private async enqueue(m: OutboxMessage): Promise<void> {
    if (!this.outbox) return;
    await this.outbox.add(m);
    this.send(m);
  }

  // --- tasks ------------------------------------------------------------------------------------------------

  private onTask(task: Task): Promise<void> {
    if (!this.runner) return Promise.resolve();
    return this.runner.take(task);
  }

  private taskContext(task: Task): TaskContext {
    return {
      config: this.config,
      adapter: this.adapter,
      collectInventory: this.collect,
      reportInventory: (inventory) => this.reportInventory('full', inventory),
      progress: (text, percent) =>
        this.send(
          message({
            type: 'task.progress',
            taskId: task.id,
            message: text.slice(0, 2000),
            ...(percent !== undefined ? { percent } : {}),
          }),
        ),
      signal: this.stopping.signal,
      log: this.log.child({ taskId: task.id }),
    };
  }

  // --- inventory --------------------------------------------------------------------------------------------

  private scheduleInventory(delayMs: number): void {
    this.timers.clearTimeout(this.inventoryHandle);
    if (this.stopping.signal.aborted) return;
    this.inventoryHandle = this.timers.setTimeout(() => {
      this.inventoryInFlight ??= this.reportInventory('auto')
        .catch((error: unknown) => this.log.error('inventory collection failed', { error }))
        .finally(() => {
          this.inventoryInFlight = undefined;
        });
      this.scheduleInventory(this.inventoryIntervalMs);
    }, delayMs);
  }

  /** Full on the first report, on request, and once a day; otherwise only the sections that changed. */
  private async reportInventory(mode: 'auto' | 'full', known?: Inventory): Promise<void> {
    const inventory = known ?? (await this.collect());
    const now = this.now();
    const change =
      mode === 'full' ? ({ kind: 'full' } as const) : inventoryDelta(this.lastReported, inventory);
    if (change.kind === 'unchanged') return;
    const fullDue = now - this.lastFullAt >= (this.options.fullInventoryEveryMs ?? 24 * 3600_000);
    const observedAt = new Date(now).toISOString();
    const id = `inv-${randomUUID()}`;
    const report: InventoryReport =
      change.kind === 'full' || fullDue
        ? message<InventoryReport>({ type: 'inventory', id, mode: 'full', observedAt, inventory })
        : message<InventoryReport>({
            type: 'inventory',
            id,
            mode: 'delta',
            observedAt,
            inventory: change.delta,
          });
    if (report.mode === 'full') this.lastFullAt = now;
    this.lastReported = inventory;
    this.log.info('inventory queued', {
      id,
      mode: report.mode,
      ...(report.mode === 'delta' && change.kind === 'delta' ? { sections: change.sections } : {}),
    });
    await this.enqueue(report);
  }
}

/** Build an agent from a config (validated here). Nothing happens until `start()`. */
export function createAgent(config: AgentConfigInput | AgentConfig, options: AgentOptions = {}): Agent {
  return new StewardAgent(parseConfig(config), options);
}
