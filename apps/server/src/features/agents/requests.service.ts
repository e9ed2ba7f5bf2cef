// An admin's request for many devices at once ("inventory now" on one device, a saved view, or everything):
// one task per asset, all under one request whose progress can be followed and whose deadline expires them.
import { errors } from '@steward/domain';
import { type TaskType } from '@steward/protocol';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { Bus } from '../../platform/bus/index.js';
import {
  afterCommit,
  fromJson,
  inTransaction,
  iso,
  toJson,
  type AgentTaskRequestsTable,
  type Clock,
  type DB,
} from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import { assetQuerySchema, queryAssets } from '../assets/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { viewQuery } from '../views/index.js';
import { AGENT_TASK_EXPIRE_JOB, checkTaskParameters } from './tasks.service.js';

export interface RequestDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: Bus;
  queue: Pick<JobQueue, 'enqueue'>;
}

export const MAX_TARGET_ASSETS = 10_000;
const INSERT_CHUNK = 500;

export type TaskTarget = { assetIds: string[] } | { viewId: string } | { all: true };

export interface TaskRequestView {
  id: string;
  type: string;
  parameters: Record<string, unknown>;
  target: TaskTarget;
  taskCount: number;
  createdBy: string;
  createdAt: string;
  /** Tasks by status, now. */
  counts: Record<string, number>;
}

type RequestRow = Selectable<AgentTaskRequestsTable>;

async function agentAssets(db: Kysely<DB>, tenantId: string, assetIds?: string[]): Promise<Set<string>> {
  let q = db
    .selectFrom('agents')
    .select('asset_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('asset_id', 'is not', null);
  if (assetIds) q = q.where('asset_id', 'in', assetIds.length ? assetIds : ['']);
  return new Set((await q.execute()).map((r) => r.asset_id as string));
}

async function viewAssets(deps: RequestDeps, ctx: RequestContext, viewId: string): Promise<string[]> {
  const base = assetQuerySchema.parse({ ...(await viewQuery(deps, ctx, viewId)), limit: 1000 });
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await queryAssets(deps.db, ctx.principal.tenantId, {
      ...base,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...page.items.map((a) => a.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/**
 * Which assets get a task. Named assets get one whether or not an agent has reported for them yet (it waits
 * in the offline queue); a view or "everything" means the assets with an enrolled agent.
 */
async function resolveTarget(
  deps: RequestDeps,
  ctx: RequestContext,
  target: TaskTarget,
): Promise<{ assetIds: string[]; withoutAgent: number }> {
  const tenantId = ctx.principal.tenantId;
  if ('assetIds' in target) {
    const ids = [...new Set(target.assetIds)];
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await deps.db
        .selectFrom('assets')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute();
      for (const r of rows) found.add(r.id);
    }
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length)
      throw errors.validation(
        `${unknown.length} of the assets do not exist.`,
        unknown
          .slice(0, 20)
          .map((id) => ({ path: `body.target.assetIds[${ids.indexOf(id)}]`, reason: 'no such asset' })),
      );
    const withAgent = await agentAssets(deps.db, tenantId, ids);
    return { assetIds: ids, withoutAgent: ids.filter((id) => !withAgent.has(id)).length };
  }
  if ('viewId' in target) {
    const inView = await viewAssets(deps, ctx, target.viewId);
    const withAgent = await agentAssets(deps.db, tenantId);
    const ids = inView.filter((id) => withAgent.has(id));
    return { assetIds: ids, withoutAgent: inView.length - ids.length };
  }
  return { assetIds: [...(await agentAssets(deps.db, tenantId))], withoutAgent: 0 };
}

export const taskTargetSchema = z.union([
  z.strictObject({ assetIds: z.array(z.string().min(1).max(64)).min(1).max(MAX_TARGET_ASSETS) }),
  z.strictObject({ viewId: z.string().min(1).max(64) }),
  z.strictObject({ all: z.literal(true) }),
]);

export async function createTaskRequest(
  deps: RequestDeps,
  ctx: RequestContext,
  input: { type: TaskType; parameters: Record<string, unknown>; target: TaskTarget; deadlineMinutes: number },
): Promise<TaskRequestView & { withoutAgent: number }> {
  const { tenantId, actor } = authorize(ctx.principal, 'operator');
  const parameters = checkTaskParameters(input.type, input.parameters, 'body.parameters');
  const { assetIds, withoutAgent } = await resolveTarget(deps, ctx, input.target);
  const now = deps.clock.now();
  const deadline = new Date(now.getTime() + input.deadlineMinutes * 60_000);
  const row: RequestRow = {
    id: newId(),
    tenant_id: tenantId,
    type: input.type,
    parameters: toJson(parameters),
    target: toJson(input.target),
    task_count: assetIds.length,
    created_by: `${actor.type}:${actor.id}`,
    created_at: iso(now),
  };
  await inTransaction(deps.db, async (trx) => {
    await trx.insertInto('agent_task_requests').values(row).execute();
    const origin = toJson({ type: 'request', requestId: row.id, actor });
    for (let i = 0; i < assetIds.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('agent_tasks')
        .values(
          assetIds.slice(i, i + INSERT_CHUNK).map((assetId) => ({
            id: newId(),
            tenant_id: tenantId,
            asset_id: assetId,
            type: input.type,
            parameters: row.parameters,
            status: 'queued',
            idempotency_key: `request:${row.id}:${assetId}`,
            origin,
            deadline_at: iso(deadline),
            result: null,
            error: null,
            created_at: row.created_at,
            updated_at: row.created_at,
            finished_at: null,
            agent_id: null,
            request_id: row.id,
            delivered_at: null,
            acknowledged_at: null,
            progress: null,
          })),
        )
        .execute();
    }
    await deps.queue.enqueue(
      {
        type: AGENT_TASK_EXPIRE_JOB,
        tenantId,
        payload: { tenantId, requestId: row.id },
        runAt: deadline,
        idempotencyKey: `${AGENT_TASK_EXPIRE_JOB}:request:${row.id}`,
      },
      trx,
    );
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'agent.task_request.created',
        target: { type: 'agent_task_request', id: row.id },
        after: { type: input.type, parameters, target: input.target, taskCount: assetIds.length },
      }),
      deps.clock,
    );
    await afterCommit(trx, () =>
      deps.bus.publish(`tenant.${tenantId}.agent.request.created`, { requestId: row.id }),
    );
  });
  return { ...(await requestView(deps.db, row)), withoutAgent };
}

async function requestView(db: Kysely<DB>, row: RequestRow): Promise<TaskRequestView> {
  const counts = await db
    .selectFrom('agent_tasks')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', row.tenant_id)
    .where('request_id', '=', row.id)
    .groupBy('status')
    .execute();
  return {
    id: row.id,
    type: row.type,
    parameters: fromJson<Record<string, unknown>>(row.parameters) ?? {},
    target: fromJson<TaskTarget>(row.target) ?? { all: true },
    taskCount: Number(row.task_count),
    createdBy: row.created_by,
    createdAt: row.created_at,
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
  };
}

export async function getTaskRequest(
  deps: RequestDeps,
  ctx: RequestContext,
  id: string,
): Promise<TaskRequestView> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const row = await deps.db
    .selectFrom('agent_task_requests')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Task request ${id}`);
  return requestView(deps.db, row);
}
