import { message, type TaskPush } from '@steward/protocol';
import type { Kysely } from 'kysely';
import { fromJson, iso, type Clock, type DB } from '../../../platform/db/index.js';

/** Tasks handed out per read; more follow when the agent acknowledges or polls again. */
const DELIVERY_BATCH = 100;

/**
 * The tasks an agent should have now: everything for its asset not finished and not past its deadline.
 * Tasks already delivered are sent again (the agent may have restarted); its task journal keeps them from
 * running twice. Queued ones are marked delivered.
 */
export async function pendingTasks(
  deps: { db: Kysely<DB>; clock: Clock },
  agent: { id: string; tenantId: string; assetId: string | null },
): Promise<TaskPush[]> {
  if (!agent.assetId) return [];
  const now = iso(deps.clock.now());
  const rows = await deps.db
    .selectFrom('agent_tasks')
    .select(['id', 'type', 'parameters', 'deadline_at', 'status'])
    .where('tenant_id', '=', agent.tenantId)
    .where('asset_id', '=', agent.assetId)
    .where('status', 'in', ['queued', 'delivered', 'running'])
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
  return rows.map((r) =>
    message<TaskPush>({
      type: 'task',
      task: {
        id: r.id,
        type: r.type,
        parameters: fromJson<Record<string, unknown>>(r.parameters) ?? {},
        deadline: new Date(r.deadline_at).toISOString(),
      },
    }),
  );
}
