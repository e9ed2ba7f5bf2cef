import { message, type TaskPush } from '@steward/protocol';
import { sql, type Kysely } from 'kysely';
import {
  fromJson,
  iso,
  valuesChunk,
  valuesColumn,
  valuesTable,
  type Clock,
  type DB,
} from '../../../platform/db/index.js';

/** Tasks handed out per read; more follow when the agent acknowledges or polls again. */
const DELIVERY_BATCH = 100;
const OPEN_STATUSES = ['queued', 'delivered', 'running'] as const;

type AgentRef = { id: string; tenantId: string; assetId: string | null };
type PendingRow = { id: string; type: string; parameters: string; deadline_at: string; status: string };

const toPush = (r: PendingRow): TaskPush =>
  taskPush(r.id, r.type, fromJson<Record<string, unknown>>(r.parameters) ?? {}, r.deadline_at);

/**
 * The tasks an agent should have now: everything for its asset not finished and not past its deadline.
 * Tasks already delivered are sent again (the agent may have restarted); its task journal keeps them from
 * running twice. Queued ones are marked delivered.
 */
export async function pendingTasks(
  deps: { db: Kysely<DB>; clock: Clock },
  agent: AgentRef,
): Promise<TaskPush[]> {
  if (!agent.assetId) return [];
  const now = iso(deps.clock.now());
  const rows = await deps.db
    .selectFrom('agent_tasks')
    .select(['id', 'type', 'parameters', 'deadline_at', 'status'])
    .where('tenant_id', '=', agent.tenantId)
    .where('asset_id', '=', agent.assetId)
    .where('status', 'in', [...OPEN_STATUSES])
    .where('deadline_at', '>', now)
    .orderBy('created_at')
    .limit(DELIVERY_BATCH)
    .execute();
  await markDelivered(
    deps,
    rows.filter((r) => r.status === 'queued').map((r) => ({ taskId: r.id, agentId: agent.id })),
  );
  return rows.map(toPush);
}

/**
 * pendingTasks for many agents at once (a reconnect storm): one read per tenant instead of one per agent.
 * The read is bounded; a tenant whose agents have more waiting than that are served one by one.
 */
export async function pendingTasksMany(
  deps: { db: Kysely<DB>; clock: Clock },
  agents: AgentRef[],
): Promise<TaskPush[][]> {
  const now = iso(deps.clock.now());
  const key = (tenantId: string, assetId: string | null) => `${tenantId}/${assetId ?? ''}`;
  const assetsOf = new Map<string, Set<string>>();
  for (const a of agents)
    if (a.assetId) assetsOf.set(a.tenantId, (assetsOf.get(a.tenantId) ?? new Set()).add(a.assetId));
  const found = new Map<string, PendingRow[]>();
  const oneByOne = new Set<string>();
  for (const [tenantId, assetIds] of assetsOf) {
    const limit = assetIds.size * 2 + DELIVERY_BATCH;
    const rows = await deps.db
      .selectFrom('agent_tasks')
      .select(['id', 'asset_id', 'type', 'parameters', 'deadline_at', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('asset_id', 'in', [...assetIds])
      .where('status', 'in', [...OPEN_STATUSES])
      .where('deadline_at', '>', now)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    if (rows.length >= limit) oneByOne.add(tenantId);
    else
      for (const r of rows) {
        const k = key(tenantId, r.asset_id);
        const list = found.get(k) ?? [];
        list.push(r);
        found.set(k, list);
      }
  }
  const queued: { taskId: string; agentId: string }[] = [];
  const marking = new Set<string>();
  const out: TaskPush[][] = [];
  for (const a of agents) {
    if (oneByOne.has(a.tenantId)) {
      out.push(await pendingTasks(deps, a));
      continue;
    }
    const rows = (found.get(key(a.tenantId, a.assetId)) ?? []).slice(0, DELIVERY_BATCH);
    for (const r of rows)
      if (r.status === 'queued' && !marking.has(r.id)) {
        marking.add(r.id);
        queued.push({ taskId: r.id, agentId: a.id });
      }
    out.push(rows.map(toPush));
  }
  await markDelivered(deps, queued);
  return out;
}

export function taskPush(
  id: string,
  type: string,
  parameters: Record<string, unknown>,
  deadline: string,
): TaskPush {
  return message<TaskPush>({
    type: 'task',
    task: { id, type, parameters, deadline: new Date(deadline).toISOString() },
  });
}

const MARK_CHUNK = valuesChunk(2);

/** Tasks pushed over sockets: queued → delivered (and to which agent), in batches of one statement each. */
export async function markDelivered(
  deps: { db: Kysely<DB>; clock: Clock },
  pushes: { taskId: string; agentId: string }[],
): Promise<void> {
  const now = iso(deps.clock.now());
  for (let i = 0; i < pushes.length; i += MARK_CHUNK) {
    const rows = pushes.slice(i, i + MARK_CHUNK).map((p) => [p.taskId, p.agentId]);
    await sql`UPDATE agent_tasks SET status = 'delivered', delivered_at = ${now}, updated_at = ${now},
        agent_id = ${valuesColumn(2, 'text')}
      FROM ${valuesTable(rows)}
      WHERE agent_tasks.id = v.column1 AND agent_tasks.status = 'queued'`.execute(deps.db);
  }
}

/**
 * Acknowledgements of tasks this process pushed: → running, with acknowledged_at — and delivered_at and the
 * agent, when the push was not written yet — one statement per batch. A result may have overtaken its
 * acknowledgement: the task keeps its status, and the acknowledgement is still recorded.
 */
export async function markAcknowledged(
  deps: { db: Kysely<DB>; clock: Clock },
  acks: { taskId: string; agentId: string }[],
): Promise<void> {
  const now = iso(deps.clock.now());
  for (let i = 0; i < acks.length; i += MARK_CHUNK) {
    const rows = acks.slice(i, i + MARK_CHUNK).map((a) => [a.taskId, a.agentId]);
    await sql`UPDATE agent_tasks SET
        status = CASE WHEN status IN ('queued', 'delivered') THEN 'running' ELSE status END,
        acknowledged_at = ${now}, delivered_at = coalesce(delivered_at, ${now}),
        agent_id = coalesce(agent_id, ${valuesColumn(2, 'text')}), updated_at = ${now}
      FROM ${valuesTable(rows)}
      WHERE agent_tasks.id = v.column1 AND agent_tasks.acknowledged_at IS NULL`.execute(deps.db);
  }
}
