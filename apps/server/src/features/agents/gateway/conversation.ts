// What the server does with each message from an agent, the same over a WebSocket and over polling: the
// replies are returned and the transport carries them.
import { isStewardError } from '@steward/domain';
import {
  message,
  type AgentMessage,
  type Hello,
  type InventoryReport,
  type ProtocolErrorMessage,
  type ServerMessage,
  type TaskResult,
} from '@steward/protocol';
import { iso, toJson } from '../../../platform/db/index.js';
import type { AgentRow } from '../agents.repo.js';
import { recordInventory } from '../inventory.ingest.js';
import { FINISHED_TASK_STATUSES, finishAgentTask, type AgentTaskOutcome } from '../tasks.service.js';
import type { GatewayDeps } from './deps.js';
import type { Link } from './link.js';

export interface ConversationHooks {
  /** The agent's inventory identified (another) asset: its tasks are now addressed there. */
  assetChanged(link: Link, assetId: string): void;
  /** Record an acknowledgement of a task this connection was handed (written in a batch). */
  acknowledge(link: Link, taskId: string): void;
  /** Record a WebSocket agent's result for a task it was handed; `received` follows once it is stored. */
  finish(link: Link, taskId: string, outcome: AgentTaskOutcome): void;
}

const error = (code: ProtocolErrorMessage['code'], text: string, about?: string): ServerMessage =>
  message<ProtocolErrorMessage>({
    type: 'error',
    code,
    message: text,
    fatal: false,
    ...(about ? { about } : {}),
  });

const received = (id: string): ServerMessage => message({ type: 'received', ids: [id] });

async function hello(deps: GatewayDeps, link: Link, m: Hello): Promise<ServerMessage[]> {
  const now = iso(deps.clock.now());
  const a = link.agent;
  const capabilities = toJson(m.capabilities);
  // A reconnect usually says what the row already holds: no write then.
  const same =
    a.hostname === m.hostname &&
    a.platform === m.platform &&
    a.agent_version === m.agentVersion &&
    a.capabilities === capabilities;
  if (!same)
    await deps.db
      .updateTable('agents')
      .set({
        hostname: m.hostname,
        platform: m.platform,
        agent_version: m.agentVersion,
        capabilities,
        updated_at: now,
      })
      .where('id', '=', link.agentId)
      .execute();
  link.agent = {
    ...link.agent,
    hostname: m.hostname,
    platform: m.platform,
    agent_version: m.agentVersion,
    capabilities,
  } satisfies AgentRow;
  return [
    message({
      type: 'welcome',
      agentId: link.agentId,
      heartbeatSeconds: deps.heartbeatSeconds,
      serverTime: deps.clock.now().toISOString(),
    }),
  ];
}

async function inventory(
  deps: GatewayDeps,
  link: Link,
  m: InventoryReport,
  hooks: ConversationHooks,
): Promise<ServerMessage[]> {
  try {
    const outcome = await recordInventory(deps, link.agent, m);
    if (outcome.assetId && outcome.assetId !== link.agent.asset_id) hooks.assetChanged(link, outcome.assetId);
    if (outcome.status === 'rejected')
      return [
        error('bad_message', `inventory rejected: ${outcome.reasons.join('; ')}`, 'inventory'),
        received(m.id),
      ];
    return [received(m.id)];
  } catch (e) {
    if (isStewardError(e) && e.code === 'full_inventory_needed')
      return [
        error('bad_message', e.message, 'inventory'),
        message({ type: 'checkin', inventory: true }),
        received(m.id),
      ];
    throw e;
  }
}

/** A task is the agent's to report on only if it was addressed to its asset or handed to it. */
async function taskOf(deps: GatewayDeps, link: Link, taskId: string) {
  const row = await deps.db
    .selectFrom('agent_tasks')
    .select(['id', 'status', 'asset_id', 'agent_id'])
    .where('tenant_id', '=', link.tenantId)
    .where('id', '=', taskId)
    .executeTakeFirst();
  if (!row) return undefined;
  const mine =
    row.agent_id === link.agentId || (link.agent.asset_id !== null && row.asset_id === link.agent.asset_id);
  return mine ? row : undefined;
}

async function result(
  deps: GatewayDeps,
  link: Link,
  m: TaskResult,
  hooks: ConversationHooks,
): Promise<ServerMessage[]> {
  const outcome: AgentTaskOutcome =
    m.status === 'succeeded'
      ? { status: 'succeeded', result: m.result }
      : { status: 'failed', error: m.error };
  if (link.transport === 'websocket' && (link.acked.delete(m.taskId) || link.handed.delete(m.taskId))) {
    hooks.finish(link, m.taskId, outcome);
    return [];
  }
  const task = await taskOf(deps, link, m.taskId);
  if (!task)
    return [error('unknown_task', `task ${m.taskId} is not this agent's`, 'task.result'), received(m.taskId)];
  if (!(FINISHED_TASK_STATUSES as readonly string[]).includes(task.status))
    await finishAgentTask(deps, link.tenantId, m.taskId, outcome);
  // A result for a task already finished (expired, cancelled, or this one sent twice) is still received:
  // the first outcome stands, and the agent may forget it.
  return [received(m.taskId)];
}

export async function converse(
  deps: GatewayDeps,
  link: Link,
  m: AgentMessage,
  hooks: ConversationHooks,
): Promise<ServerMessage[]> {
  switch (m.type) {
    case 'hello':
      return hello(deps, link, m);
    case 'heartbeat':
      return [];
    case 'inventory':
      return inventory(deps, link, m, hooks);
    case 'task.ack': {
      if (link.handed.delete(m.taskId)) {
        link.acked.add(m.taskId);
        hooks.acknowledge(link, m.taskId);
        return [];
      }
      const task = await taskOf(deps, link, m.taskId);
      if (!task) return [error('unknown_task', `task ${m.taskId} is not this agent's`, 'task.ack')];
      const now = iso(deps.clock.now());
      await deps.db
        .updateTable('agent_tasks')
        .set({ status: 'running', acknowledged_at: now, agent_id: link.agentId, updated_at: now })
        .where('id', '=', m.taskId)
        .where('status', 'in', ['queued', 'delivered'])
        .execute();
      return [];
    }
    case 'task.progress': {
      const task = await taskOf(deps, link, m.taskId);
      if (!task) return [error('unknown_task', `task ${m.taskId} is not this agent's`, 'task.progress')];
      const now = iso(deps.clock.now());
      await deps.db
        .updateTable('agent_tasks')
        .set({
          progress: toJson({
            message: m.message,
            ...(m.percent !== undefined ? { percent: m.percent } : {}),
            at: now,
          }),
          updated_at: now,
        })
        .where('id', '=', m.taskId)
        .where('status', 'not in', [...FINISHED_TASK_STATUSES])
        .execute();
      return [];
    }
    case 'task.result':
      return result(deps, link, m, hooks);
  }
}
