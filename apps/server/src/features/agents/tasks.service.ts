// Tasks for endpoint agents: created by a workflow step or an admin, kept durably until the device's agent
// takes and finishes them or their deadline passes. The real-time channel (the gateway) delivers them and
// reports back through finishAgentTask; until it exists, a task simply waits for its deadline.
import { errors } from '@steward/domain';
import { isTaskType, taskParameterSchemas, TASK_TYPES } from '@steward/protocol';
import { sql, type Kysely, type Selectable } from 'kysely';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { Bus } from '../../platform/bus/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import {
  afterCommit,
  fromJson,
  inTransaction,
  isUniqueViolation,
  iso,
  toJson,
  valuesChunk,
  valuesColumn,
  valuesTable,
  type AgentTasksTable,
  type Clock,
  type DB,
} from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';

export interface AgentTaskDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: Bus;
  queue: Pick<JobQueue, 'enqueue'>;
}

/** Expires a task (or every unfinished task of a request) at its deadline. */
export const AGENT_TASK_EXPIRE_JOB = 'agents.task.expire';

export type AgentTaskRow = Selectable<AgentTasksTable>;
export const FINISHED_TASK_STATUSES = ['succeeded', 'failed', 'expired', 'cancelled'] as const;
export type AgentTaskOutcome = { status: 'succeeded'; result: unknown } | { status: 'failed'; error: string };

export interface AgentTaskView {
  id: string;
  assetId: string;
  type: string;
  parameters: Record<string, unknown>;
  status: string;
  deadlineAt: string;
  result: unknown;
  error: string | null;
  origin: unknown;
  createdAt: string;
  finishedAt: string | null;
  agentId: string | null;
  requestId: string | null;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  progress: { message: string; percent?: number; at: string } | null;
}

export function taskView(row: AgentTaskRow): AgentTaskView {
  return {
    id: row.id,
    assetId: row.asset_id,
    type: row.type,
    parameters: fromJson<Record<string, unknown>>(row.parameters) ?? {},
    status: row.status,
    deadlineAt: row.deadline_at,
    result: fromJson(row.result),
    error: row.error,
    origin: fromJson(row.origin),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    agentId: row.agent_id,
    requestId: row.request_id,
    deliveredAt: row.delivered_at,
    acknowledgedAt: row.acknowledged_at,
    progress: fromJson(row.progress),
  };
}

/** A task type the agent knows and parameters its schema accepts (defaults filled in); else a 400 naming them. */
export function checkTaskParameters(
  type: string,
  parameters: unknown,
  path: string,
): Record<string, unknown> {
  if (!isTaskType(type))
    throw errors.validation(`Agents do not run "${type}" tasks.`, [
      { path: path.replace(/parameters$/, 'type'), reason: `one of ${TASK_TYPES.join(', ')}` },
    ]);
  const parsed = taskParameterSchemas[type].safeParse(parameters ?? {});
  if (!parsed.success)
    throw errors.validation(
      'The task parameters are not valid.',
      parsed.error.issues.map((i) => ({
        path: [path, ...i.path.map(String)].join('.'),
        reason: i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message,
      })),
    );
  return parsed.data as Record<string, unknown>;
}

async function byKey(deps: AgentTaskDeps, tenantId: string, key: string) {
  return deps.db
    .selectFrom('agent_tasks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** Queues a task for an asset's agent; the same key again returns the first task. Needs operator. */
export async function createAgentTask(
  deps: AgentTaskDeps,
  ctx: RequestContext,
  input: {
    assetId: string;
    type: string;
    parameters: Record<string, unknown>;
    deadline: Date;
    idempotencyKey: string;
    origin: Record<string, unknown>;
  },
): Promise<AgentTaskView> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const earlier = await byKey(deps, tenantId, input.idempotencyKey);
  if (earlier) return taskView(earlier);
  const parameters = checkTaskParameters(input.type, input.parameters, 'parameters');
  const asset = await deps.db
    .selectFrom('assets')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', input.assetId)
    .executeTakeFirst();
  if (!asset)
    throw errors.validation('An agent task needs an asset.', [{ path: 'device', reason: 'not an asset' }]);
  const now = iso(deps.clock.now());
  const row: AgentTaskRow = {
    id: newId(),
    tenant_id: tenantId,
    asset_id: input.assetId,
    type: input.type,
    parameters: toJson(parameters),
    status: 'queued',
    idempotency_key: input.idempotencyKey,
    origin: toJson(input.origin),
    deadline_at: iso(input.deadline),
    result: null,
    error: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
    agent_id: null,
    request_id: null,
    delivered_at: null,
    acknowledged_at: null,
    progress: null,
  };
  try {
    await inTransaction(deps.db, async (trx) => {
      await trx.insertInto('agent_tasks').values(row).execute();
      await deps.queue.enqueue(
        {
          type: AGENT_TASK_EXPIRE_JOB,
          tenantId,
          payload: { tenantId, taskId: row.id },
          runAt: input.deadline,
          idempotencyKey: `${AGENT_TASK_EXPIRE_JOB}:${row.id}`,
        },
        trx,
      );
      await afterCommit(trx, () =>
        deps.bus.publish(`tenant.${tenantId}.agent.task.created`, { taskId: row.id, assetId: row.asset_id }),
      );
    });
  } catch (e) {
    const raced = isUniqueViolation(e) ? await byKey(deps, tenantId, input.idempotencyKey) : undefined;
    if (raced) return taskView(raced);
    throw e;
  }
  return taskView(row);
}

export async function getAgentTask(
  deps: Pick<AgentTaskDeps, 'db'>,
  tenantId: string,
  id: string,
): Promise<AgentTaskRow> {
  const row = await deps.db
    .selectFrom('agent_tasks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Agent task ${id}`);
  return row;
}

/**
 * Records a task's end, once: reported by the device's agent, or `expired` when its deadline passed
 * first. A task already finished keeps its first outcome. Publishes `agent.tasks.finished`.
 */
export async function finishAgentTask(
  deps: AgentTaskDeps,
  tenantId: string,
  id: string,
  outcome: FinishOutcome,
): Promise<AgentTaskRow> {
  await finishAgentTasks(deps, [{ tenantId, id, outcome }]);
  return getAgentTask(deps, tenantId, id);
}

type FinishOutcome = AgentTaskOutcome | { status: 'expired' | 'cancelled'; error: string };

const FINISH_CHUNK = valuesChunk(5);

/** One task's end; `agentId` when the agent reported it (it then also had the task and acknowledged it). */
export interface TaskEnd {
  tenantId: string;
  id: string;
  outcome: FinishOutcome;
  agentId?: string;
}

/**
 * Many tasks' ends in one transaction (results arriving together from many agents), one UPDATE per tenant and
 * chunk; each task announced once, with its origin so a waiting workflow needs no read. A task already
 * finished, or named twice, keeps its first outcome. A result from an agent also records, where not yet
 * recorded, that the task was delivered to it and acknowledged: one write instead of three.
 */
export async function finishAgentTasks(
  deps: Pick<AgentTaskDeps, 'db' | 'clock' | 'bus'>,
  items: TaskEnd[],
): Promise<void> {
  if (items.length === 0) return;
  const now = iso(deps.clock.now());
  const byTenant = new Map<string, Map<string, TaskEnd>>();
  for (const item of items) {
    const ends = byTenant.get(item.tenantId) ?? new Map<string, TaskEnd>();
    if (!ends.has(item.id)) ends.set(item.id, item);
    byTenant.set(item.tenantId, ends);
  }
  await inTransaction(deps.db, async (trx) => {
    for (const [tenantId, ends] of byTenant) {
      const all = [...ends.values()];
      for (let i = 0; i < all.length; i += FINISH_CHUNK) {
        const chunk = all
          .slice(i, i + FINISH_CHUNK)
          .map(({ id, outcome: o, agentId }) => [
            id,
            o.status,
            o.status === 'succeeded' ? toJson(o.result ?? null) : null,
            o.status === 'succeeded' ? null : o.error.slice(0, 2000),
            agentId ?? null,
          ]);
        const fromAgent = sql`CASE WHEN v.column5 IS NULL THEN NULL ELSE ${now} END`;
        const done = await sql<{ id: string; status: string; origin: string }>`
          UPDATE agent_tasks SET
            status = ${valuesColumn(2, 'text')}, result = ${valuesColumn(3, 'text')},
            error = ${valuesColumn(4, 'text')}, updated_at = ${now}, finished_at = ${now},
            delivered_at = coalesce(delivered_at, ${fromAgent}),
            acknowledged_at = coalesce(acknowledged_at, ${fromAgent}),
            agent_id = coalesce(agent_id, ${valuesColumn(5, 'text')})
          FROM ${valuesTable(chunk)}
          WHERE agent_tasks.id = v.column1 AND agent_tasks.tenant_id = ${tenantId}
            AND agent_tasks.status NOT IN (${sql.join([...FINISHED_TASK_STATUSES])})
          RETURNING agent_tasks.id, agent_tasks.status, agent_tasks.origin`.execute(trx);
        const finished = done.rows.map((row) => ({
          taskId: row.id,
          status: row.status,
          origin: fromJson<Record<string, unknown>>(row.origin),
        }));
        // One message per statement, not per task: a task to 100K devices is not 100K bus messages.
        if (finished.length)
          await afterCommit(trx, () =>
            deps.bus.publish(`tenant.${tenantId}.agent.tasks.finished`, { tasks: finished }),
          );
      }
    }
  });
}

export interface TaskFilter {
  assetId?: string | undefined;
  requestId?: string | undefined;
  status?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Task history, newest first: per device (assetId) or per request. */
export async function listAgentTasks(
  deps: Pick<AgentTaskDeps, 'db'>,
  ctx: RequestContext,
  filter: TaskFilter,
): Promise<{ items: AgentTaskView[]; nextCursor: string | null }> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  let q = deps.db.selectFrom('agent_tasks').selectAll().where('tenant_id', '=', tenantId);
  if (filter.assetId) q = q.where('asset_id', '=', filter.assetId);
  if (filter.requestId) q = q.where('request_id', '=', filter.requestId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map(taskView),
    nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function readAgentTask(
  deps: Pick<AgentTaskDeps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<AgentTaskView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  return taskView(await getAgentTask(deps, tenantId, id));
}

/** A task not yet finished is cancelled (an agent already running it is not interrupted; its result is ignored). */
export async function cancelAgentTask(
  deps: AgentTaskDeps,
  ctx: RequestContext,
  id: string,
): Promise<AgentTaskView> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const row = await getAgentTask(deps, tenantId, id);
  if ((FINISHED_TASK_STATUSES as readonly string[]).includes(row.status))
    throw errors.conflict(`Task ${id} is already ${row.status}.`, [
      { path: 'id', reason: `task is ${row.status}` },
    ]);
  return taskView(
    await finishAgentTask(deps, tenantId, id, {
      status: 'cancelled',
      error: `Cancelled by ${ctx.principal.actor.name}.`,
    }),
  );
}
