// Tasks for endpoint agents: created by a workflow step or an admin, kept durably until the device's agent
// takes and finishes them or their deadline passes. The real-time channel (the gateway) delivers them and
// reports back through finishAgentTask; until it exists, a task simply waits for its deadline.
import { errors } from '@steward/domain';
import type { Kysely, Selectable } from 'kysely';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { Bus } from '../../platform/bus/index.js';
import {
  afterCommit,
  fromJson,
  inTransaction,
  isUniqueViolation,
  iso,
  toJson,
  type AgentTasksTable,
  type Clock,
  type DB,
} from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';

export interface AgentTaskDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: Bus;
}

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
  };
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
    parameters: toJson(input.parameters),
    status: 'queued',
    idempotency_key: input.idempotencyKey,
    origin: toJson(input.origin),
    deadline_at: iso(input.deadline),
    result: null,
    error: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  };
  try {
    await inTransaction(deps.db, async (trx) => {
      await trx.insertInto('agent_tasks').values(row).execute();
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

export async function getAgentTask(deps: AgentTaskDeps, tenantId: string, id: string): Promise<AgentTaskRow> {
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
 * first. A task already finished keeps its first outcome. Publishes `agent.task.finished`.
 */
export async function finishAgentTask(
  deps: AgentTaskDeps,
  tenantId: string,
  id: string,
  outcome: AgentTaskOutcome | { status: 'expired' | 'cancelled'; error: string },
): Promise<AgentTaskRow> {
  const now = iso(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    const done = await trx
      .updateTable('agent_tasks')
      .set({
        status: outcome.status,
        result: outcome.status === 'succeeded' ? toJson(outcome.result ?? null) : null,
        error: outcome.status === 'succeeded' ? null : outcome.error.slice(0, 2000),
        updated_at: now,
        finished_at: now,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', 'not in', [...FINISHED_TASK_STATUSES])
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 1)
      await afterCommit(trx, () =>
        deps.bus.publish(`tenant.${tenantId}.agent.task.finished`, { taskId: id, status: outcome.status }),
      );
  });
  return getAgentTask(deps, tenantId, id);
}
