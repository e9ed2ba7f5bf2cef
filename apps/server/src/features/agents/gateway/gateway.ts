import os from 'node:os';
import {
  CLOSE_CODES,
  message,
  parseAgentMessage,
  type AgentMessage,
  type ServerMessage,
  type TaskPush,
} from '@steward/protocol';
import type { Subscription } from '../../../platform/bus/index.js';
import { fromJson } from '../../../platform/db/index.js';
import { newId } from '../../../platform/ids/index.js';
import { findAgents, type AgentRow } from '../agents.repo.js';
import { policyMessage } from '../policy.service.js';
import { finishAgentTasks } from '../tasks.service.js';
import { TaskWrites } from './task-writes.js';
import { converse } from './conversation.js';
import { Gather } from './gather.js';
import { markAcknowledged, markDelivered, pendingTasks, pendingTasksMany, taskPush } from './delivery.js';
import type { GatewayDeps } from './deps.js';
import { PollLink, type Link } from './link.js';
import { Presence } from './presence.js';

type Payload = Record<string, unknown>;
/** How long acknowledgements and results are gathered before one write. */
const BATCH_MS = 20;
/** A push waits this long for its acknowledgement, so a task answered at once is written once, not twice. */
const DELIVERED_GRACE_MS = 1_000;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * This process's side of the real-time channel: the agents connected here, by agent and by asset. Tasks and
 * signals for an agent connected to another process reach it over the bus, which every gateway listens to.
 */
export class Gateway {
  readonly nodeId = newId();
  private readonly links = new Map<string, Link>();
  private readonly byAsset = new Map<string, Set<Link>>();
  private readonly subs: Subscription[] = [];
  private readonly presence: Presence;
  private stopping = false;
  private readonly policies = new Map<string, Promise<ServerMessage | null>>();
  /** Pushes, acknowledgements and results of tasks handed out here, gathered so each task is written once. */
  private readonly taskWrites = new TaskWrites(
    {
      write: async (plan) => {
        await finishAgentTasks(
          this.deps,
          plan.finished.map((f) => ({
            tenantId: f.link.tenantId,
            id: f.taskId,
            outcome: f.outcome,
            agentId: f.agentId,
          })),
        );
        for (const f of plan.finished) f.link.send(message({ type: 'received', ids: [f.taskId] }));
        await markAcknowledged(this.deps, plan.acknowledged);
        await markDelivered(this.deps, plan.delivered);
      },
      onError: (e) =>
        this.deps.log.warn({ err: e }, 'agent task updates not recorded; agents send results again'),
    },
    BATCH_MS,
    DELIVERED_GRACE_MS,
  );

  /** Agent rows for credentials being checked, read together under a connection storm. */
  readonly findAgent = (agentId: string) => this.agentRows.call(agentId);
  private readonly agentRows = new Gather<string, AgentRow | undefined>((ids) =>
    findAgents(this.deps.db, ids),
  );
  /** New connections: presence written and the cluster told (older connections elsewhere close), together. */
  private readonly opened = new Gather<Link, void>(async (links) => {
    await this.presence.online(links);
    const byTenant = new Map<string, Link[]>();
    for (const l of links) {
      const list = byTenant.get(l.tenantId) ?? [];
      list.push(l);
      byTenant.set(l.tenantId, list);
    }
    for (const [tenantId, ls] of byTenant)
      await this.deps.bus.publish(`tenant.${tenantId}.agent.connected`, {
        connections: ls.map((l) => ({ agentId: l.agentId, connectionId: l.id })),
      });
    return links.map(() => undefined);
  });

  /** Ended connections: presence written together when many end at once. */
  private readonly ended = new Gather<Link, void>(async (links) => {
    await this.presence.offline(links);
    return links.map(() => undefined);
  });
  /** What waits for agents saying hello, read together when many connect at once. */
  private readonly waiting = new Gather<Link, TaskPush[]>((links) =>
    pendingTasksMany(this.deps, links.map(refOf)),
  );

  constructor(readonly deps: GatewayDeps) {
    this.presence = new Presence(
      deps,
      this.nodeId,
      `${os.hostname()}:${process.pid}`,
      () => [...this.links.values()],
      (link) => {
        link.close(CLOSE_CODES.goingAway, 'no heartbeat');
        void this.closed(link);
      },
    );
  }

  /** Each tenant's policy message, read once and dropped when the policy changes (heard on the bus). */
  private policyOf(tenantId: string): Promise<ServerMessage | null> {
    let policy = this.policies.get(tenantId);
    if (!policy) {
      policy = policyMessage(this.deps.db, tenantId);
      this.policies.set(tenantId, policy);
      policy.catch(() => this.policies.delete(tenantId));
    }
    return policy;
  }

  get size(): number {
    return this.links.size;
  }

  isFull(): boolean {
    return this.links.size >= this.deps.maxConnections;
  }

  linkOf(agentId: string): Link | undefined {
    return this.links.get(agentId);
  }

  async start(): Promise<void> {
    await this.presence.start();
    // The tenant is the subject's second token: tenant.<id>.agent.<event>.
    const on = async (event: string, handle: (data: Payload, tenantId: string) => Promise<void> | void) =>
      this.subs.push(
        await this.deps.bus.subscribe(`tenant.*.agent.${event}`, (m) =>
          handle((m.data ?? {}) as Payload, m.subject.split('.')[1] ?? ''),
        ),
      );
    await on('task.created', (d, tenantId) => this.deliverToAsset(tenantId, str(d.assetId)));
    await on('request.created', (d, tenantId) => this.deliverRequest(tenantId, str(d.requestId)));
    await on('policy', async (_d, tenantId) => {
      this.policies.delete(tenantId);
      const links = [...this.links.values()].filter((l) => l.tenantId === tenantId);
      const policy = links.length ? await this.policyOf(tenantId) : null;
      if (policy) for (const link of links) link.send(policy);
    });
    await on('revoked', (d) =>
      this.linkOf(str(d.agentId) ?? '')?.close(CLOSE_CODES.policyViolation, 'revoked'),
    );
    await on('checkin', (d) =>
      this.linkOf(str(d.agentId) ?? '')?.send(message({ type: 'checkin', inventory: d.inventory === true })),
    );
    await on('connected', (d) => {
      for (const c of Array.isArray(d.connections) ? (d.connections as Payload[]) : []) {
        const link = this.linkOf(str(c.agentId) ?? '');
        if (link && link.id !== c.connectionId)
          this.drop(link, CLOSE_CODES.replaced, 'connected again elsewhere');
      }
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.subs.map((s) => s.unsubscribe()));
    for (const link of [...this.links.values()]) link.close(CLOSE_CODES.goingAway, 'server shutting down');
    await this.taskWrites.flush();
    await this.presence.stop();
  }

  /** A new connection: it replaces the agent's older one anywhere in the cluster, then gets its tasks. */
  async open(link: Link): Promise<void> {
    const older = this.links.get(link.agentId);
    if (older && older !== link) this.drop(older, CLOSE_CODES.replaced, 'connected again');
    this.links.set(link.agentId, link);
    this.index(link);
    await this.opened.call(link);
  }

  /** The transport went away. */
  async closed(link: Link): Promise<void> {
    link.closed = true;
    // A connection replaced by a newer one still has its traffic to count; presence keeps the newer one.
    if (this.links.get(link.agentId) === link) {
      this.links.delete(link.agentId);
      this.unindex(link);
    }
    if (!this.stopping) await this.ended.call(link);
  }

  private drop(link: Link, code: number, reason: string): void {
    link.close(code, reason);
    if (this.links.get(link.agentId) === link) {
      this.links.delete(link.agentId);
      this.unindex(link);
    }
  }

  /** A polling agent's link, kept between its requests; made on its first. */
  async pollLink(agent: AgentRow): Promise<PollLink | null> {
    const existing = this.links.get(agent.id);
    if (existing instanceof PollLink && !existing.closed) return existing;
    if (!existing && this.isFull()) return null;
    const link = new PollLink(agent);
    await this.open(link);
    return link;
  }

  private assetKey(tenantId: string, assetId: string): string {
    return `${tenantId}/${assetId}`;
  }

  private index(link: Link): void {
    const assetId = link.agent.asset_id;
    if (!assetId) return;
    const key = this.assetKey(link.tenantId, assetId);
    const set = this.byAsset.get(key) ?? new Set();
    set.add(link);
    this.byAsset.set(key, set);
  }

  private unindex(link: Link): void {
    const assetId = link.agent.asset_id;
    if (!assetId) return;
    const key = this.assetKey(link.tenantId, assetId);
    const set = this.byAsset.get(key);
    set?.delete(link);
    if (set?.size === 0) this.byAsset.delete(key);
  }

  /** One message from an agent, in order with its others; the replies go back over its transport. */
  async receive(link: Link, raw: Buffer | string): Promise<void> {
    link.touch(typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length);
    const parsed = parseAgentMessage(raw);
    if (!parsed.ok) {
      link.send(message({ type: 'error', ...parsed.fault }));
      if (parsed.fault.fatal) link.close(CLOSE_CODES.protocolError, parsed.fault.code);
      return;
    }
    for (const reply of await this.handle(link, parsed.message)) link.send(reply);
  }

  /** Handles a parsed message and returns what to answer: after a hello, the tasks waiting for the agent. */
  async handle(link: Link, m: AgentMessage): Promise<ServerMessage[]> {
    let assetChanged = false;
    try {
      const replies = await converse(this.deps, link, m, {
        acknowledge: (l, taskId) => this.taskWrites.add({ kind: 'acknowledged', taskId, agentId: l.agentId }),
        finish: (l, taskId, outcome) =>
          this.taskWrites.add({ kind: 'finished', taskId, agentId: l.agentId, link: l, outcome }),
        assetChanged: (l, assetId) => {
          assetChanged = true;
          this.unindex(l);
          l.agent = { ...l.agent, asset_id: assetId };
          if (this.links.get(l.agentId) === l) this.index(l);
        },
      });
      if (m.type !== 'hello' && !assetChanged) return replies;
      const policy = m.type === 'hello' ? await this.policyOf(link.tenantId) : null;
      const pushes =
        m.type === 'hello' ? handOut(link, await this.waiting.call(link)) : await this.tasksFor(link);
      return [...replies, ...(policy ? [policy] : []), ...pushes];
    } catch (e) {
      this.deps.log.error({ err: e, agentId: link.agentId, type: m.type }, 'agent message failed');
      return [
        message({
          type: 'error',
          code: 'internal',
          message: 'the server could not handle it; send it again later',
          fatal: false,
          about: m.type,
        }),
      ];
    }
  }

  async tasksFor(link: Link): Promise<ServerMessage[]> {
    return handOut(link, await pendingTasks(this.deps, refOf(link)));
  }

  /** Push what the database holds for this agent (WebSocket), or wake its poll. */
  async deliver(link: Link): Promise<void> {
    if (link.closed) return;
    if (link instanceof PollLink) return link.notify();
    for (const push of await this.tasksFor(link)) link.send(push);
  }

  private async deliverToAsset(tenantId: string, assetId: string | undefined): Promise<void> {
    if (!assetId) return;
    const set = this.byAsset.get(this.assetKey(tenantId, assetId));
    for (const link of set ?? []) await this.deliver(link);
  }

  /**
   * Many tasks at once ("inventory now" on everything): one read of the request's queued tasks, pushed to the
   * agents held here, then marked delivered in batches — not a query per device.
   */
  private async deliverRequest(tenantId: string, requestId: string | undefined): Promise<void> {
    if (!requestId || this.byAsset.size === 0) return;
    const rows = await this.deps.db
      .selectFrom('agent_tasks')
      .select(['id', 'asset_id', 'type', 'parameters', 'deadline_at'])
      .where('tenant_id', '=', tenantId)
      .where('request_id', '=', requestId)
      .where('status', '=', 'queued')
      .execute();
    const parameters = new Map<string, Record<string, unknown>>();
    for (const row of rows) {
      for (const link of this.byAsset.get(this.assetKey(tenantId, row.asset_id)) ?? []) {
        if (link.closed) continue;
        if (link instanceof PollLink) {
          link.notify();
          continue;
        }
        const params =
          parameters.get(row.parameters) ?? fromJson<Record<string, unknown>>(row.parameters) ?? {};
        parameters.set(row.parameters, params);
        link.send(taskPush(row.id, row.type, params, row.deadline_at));
        link.handed.add(row.id);
        this.taskWrites.add({ kind: 'delivered', taskId: row.id, agentId: link.agentId });
      }
    }
  }
}

const refOf = (link: Link) => ({ id: link.agentId, tenantId: link.tenantId, assetId: link.agent.asset_id });

/** Tasks about to be sent on a link: remembered, so its acknowledgements need no ownership read. */
function handOut(link: Link, pushes: TaskPush[]): TaskPush[] {
  for (const p of pushes) link.handed.add(p.task.id);
  return pushes;
}
