// Schedule triggers: a durable timer per enabled workflow, a job on the queue at its next fire time. The
// job's idempotency key is the fire time, so arming twice (a save, then an enable) queues it once; the run's
// trigger key is the fire time too, unique per workflow, so a job that runs twice starts one run.
import type { Kysely, Transaction } from 'kysely';
import { isStewardError } from '@steward/domain';
import { z } from 'zod';
import { systemContext } from '../../../platform/auth/index.js';
import { iso, type DB } from '../../../platform/db/index.js';
import type { JobHandler } from '../../../platform/jobs/index.js';
import type { ConnectorDeps } from '../../connectors/index.js';
import { storedDefinition } from '../definition.check.js';
import type { Trigger, WorkflowDefinition } from '../definition.schemas.js';
import { startWorkflowRun } from '../runs.service.js';
import { firesAt, latestFire, nextFire } from './trigger.check.js';

export const SCHEDULE_JOB = 'workflows.schedule';

const payloadSchema = z.object({ tenantId: z.string(), workflowId: z.string(), at: z.string() });

/** A workflow's enabled flag and current definition, or null when there is no such workflow. */
export async function currentWorkflow(
  db: Kysely<DB> | Transaction<DB>,
  tenantId: string,
  workflowId: string,
): Promise<{ enabled: boolean; definition: WorkflowDefinition } | null> {
  const row = await db
    .selectFrom('workflows')
    .innerJoin('workflow_versions', (j) =>
      j
        .onRef('workflow_versions.workflow_id', '=', 'workflows.id')
        .onRef('workflow_versions.version', '=', 'workflows.current_version'),
    )
    .select(['workflows.enabled', 'workflow_versions.definition'])
    .where('workflows.tenant_id', '=', tenantId)
    .where('workflows.id', '=', workflowId)
    .executeTakeFirst();
  return row ? { enabled: Number(row.enabled) === 1, definition: storedDefinition(row.definition) } : null;
}

/**
 * Queues the timer for the schedule's first fire time after `after`; returns it (null for a trigger that
 * is not a schedule or never fires again). A timer left from an older cron finds it no longer fires then.
 */
export async function armSchedule(
  deps: Pick<ConnectorDeps, 'queue'>,
  tenantId: string,
  workflowId: string,
  trigger: Trigger,
  after: Date,
): Promise<Date | null> {
  if (trigger.type !== 'schedule') return null;
  const at = nextFire(trigger, after);
  if (!at) return null;
  await deps.queue.enqueue({
    type: SCHEDULE_JOB,
    tenantId,
    runAt: at,
    payload: { tenantId, workflowId, at: iso(at) },
    idempotencyKey: `${SCHEDULE_JOB}:${workflowId}:${iso(at)}`,
  });
  return at;
}

/**
 * Starts the run for the timer's fire time and arms the next one. A timer whose workflow was disabled,
 * deleted, or saved with a cron that does not fire then does nothing (and arms nothing: enabling or saving
 * arms afresh).
 */
export function scheduleHandler(deps: ConnectorDeps): JobHandler {
  return async (job) => {
    const p = payloadSchema.parse(job.payload);
    const at = new Date(p.at);
    const workflow = await currentWorkflow(deps.db, p.tenantId, p.workflowId);
    const trigger = workflow?.definition.trigger;
    if (!workflow?.enabled || trigger?.type !== 'schedule' || !firesAt(trigger, at))
      return { skipped: 'the workflow is disabled or its schedule changed' };

    // After the server was down across several fire times, the timer of the first runs late. It starts one
    // run, for the latest fire time that has passed, not one per missed time: a schedule says "do this
    // regularly", and N back-to-back runs of a daily report or sweep would do the same work N times.
    const now = deps.clock.now();
    const latest = latestFire(trigger, now);
    const fireAt = latest && latest.getTime() > at.getTime() ? latest : at;

    // The next timer first: if starting the run fails and this job is retried, the chain is still there.
    const next = await armSchedule(
      deps,
      p.tenantId,
      p.workflowId,
      trigger,
      new Date(Math.max(fireAt.getTime(), now.getTime())),
    );
    try {
      const run = await startWorkflowRun(
        deps,
        systemContext(p.tenantId, 'workflow schedule'),
        p.workflowId,
        { input: {} },
        {
          trigger: {
            type: 'schedule',
            cron: trigger.cron,
            timeZone: trigger.timeZone,
            firedAt: iso(fireAt),
            ...(fireAt.getTime() !== at.getTime() ? { missedSince: p.at } : {}),
          },
          triggerKey: `schedule:${iso(fireAt)}`,
        },
      );
      return { runId: run.id, firedAt: iso(fireAt), next: next ? iso(next) : null };
    } catch (e) {
      // Already started for this fire time (the job ran twice), or the workflow cannot run: nothing to do.
      if (!(isStewardError(e) && e.status === 409)) throw e;
      return { skipped: e.message, next: next ? iso(next) : null };
    }
  };
}
