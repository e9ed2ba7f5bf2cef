import { z } from 'zod';
import { iso } from '../../platform/db/index.js';
import type { JobHandler } from '../../platform/jobs/index.js';
import { FINISHED_TASK_STATUSES, finishAgentTask, type AgentTaskDeps } from './tasks.service.js';

const payloadSchema = z.union([
  z.object({ tenantId: z.string(), taskId: z.string() }),
  z.object({ tenantId: z.string(), requestId: z.string() }),
]);

const BATCH = 500;

/** At a deadline: the task (or every task of a request) not finished by then is expired, each announced. */
export function expireHandler(deps: AgentTaskDeps): JobHandler {
  return async (job) => {
    const p = payloadSchema.parse(job.payload);
    let expired = 0;
    for (;;) {
      let q = deps.db
        .selectFrom('agent_tasks')
        .select(['id', 'deadline_at'])
        .where('tenant_id', '=', p.tenantId)
        .where('status', 'not in', [...FINISHED_TASK_STATUSES])
        .where('deadline_at', '<=', iso(deps.clock.now()));
      q = 'taskId' in p ? q.where('id', '=', p.taskId) : q.where('request_id', '=', p.requestId);
      const rows = await q.limit(BATCH).execute();
      for (const row of rows) {
        await finishAgentTask(deps, p.tenantId, row.id, {
          status: 'expired',
          error: `the device did not finish it by ${row.deadline_at}`,
        });
      }
      expired += rows.length;
      if (rows.length < BATCH) return { expired };
    }
  };
}
