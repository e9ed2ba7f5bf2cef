import { message, type TaskPush } from '@steward/protocol';
import { sql, type Kysely } from 'kysely';
import { caseById, fromJson, iso, type Clock, type DB } from '../../../platform/db/index.js';

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
  const queued = rows.filter((r) => r.status === 'queued').map((r) => r.id);
  if (queued.length)
    await deps.db
      .updateTable('agent_tasks')
      .set({ status: 'delivered', delivered_at: now, agent_id: agent.id, updated_at: now })
      .where('id', 'in', queued)
      .where('status', '=', 'queued')
      .execute();
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
      for (const r of rows)
        found.set(key(tenantId, r.asset_id), [...(found.get(key(tenantId, r.asset_id)) ?? []), r]);
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

const MARK_CHUNK = 500;

/** Tasks pushed over sockets: queued → delivered (and to which agent), in batches of one statement each. */
export async function markDelivered(
  deps: { db: Kysely<DB>; clock: Clock },
  pushes: { taskId: string; agentId: string }[],
): Promise<void> {
  const now = iso(deps.clock.now());
  for (let i = 0; i < pushes.length; i += MARK_CHUNK) {
    const chunk = pushes.slice(i, i + MARK_CHUNK);
    const agentOf = caseById(
      chunk,
      (p) => p.taskId,
      (p) => p.agentId,
    );
    await deps.db
      .updateTable('agent_tasks')
      .set({ status: 'delivered', delivered_at: now, updated_at: now, agent_id: agentOf })
      .where(
        'id',
        'in',
        chunk.map((p) => p.taskId),
      )
      .where('status', '=', 'queued')
      .execute();
  }
}

/** Acknowledgements of tasks this process pushed: → running, acknowledged_at set, one statement per batch. */
export async function markAcknowledged(
  deps: { db: Kysely<DB>; clock: Clock },
  taskIds: string[],
): Promise<void> {
  const now = iso(deps.clock.now());
  for (let i = 0; i < taskIds.length; i += MARK_CHUNK)
    await deps.db
      .updateTable('agent_tasks')
      .set({
        // The result may already have been written (it can overtake the batch): it keeps its status, and
        // the acknowledgement is still recorded.
        status: sql<string>`case when ${sql.ref('status')} in ('queued', 'delivered') then 'running' else ${sql.ref('status')} end`,
        acknowledged_at: sql<string>`coalesce(${sql.ref('acknowledged_at')}, ${now})`,
        updated_at: now,
      })
      .where('id', 'in', taskIds.slice(i, i + MARK_CHUNK))
      .where('acknowledged_at', 'is', null)
      .execute();
}
