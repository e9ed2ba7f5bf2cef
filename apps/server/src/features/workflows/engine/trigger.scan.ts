// Entity triggers, reading the audit log as their outbox. Each change is an audit event written in the
// change's own transaction, so a crash loses none; a scan re-reads a window behind its position, since a
// transaction may commit after a later one, and a run's trigger key (the event id, unique per workflow)
// keeps a re-read event from starting a second run.
import { isStewardError } from '@steward/domain';
import { z } from 'zod';
import { systemContext } from '../../../platform/auth/index.js';
import { fromJson, inTransaction, iso } from '../../../platform/db/index.js';
import { newId } from '../../../platform/ids/index.js';
import { withOnDead, type JobHandler } from '../../../platform/jobs/index.js';
import type { ConnectorDeps } from '../../connectors/index.js';
import { storedDefinition } from '../definition.check.js';
import { startWorkflowRun } from '../runs.service.js';
import { loadEntity } from './context.js';
import { changeKind, fires, type Change } from './trigger.match.js';

export const TRIGGER_SCAN_JOB = 'workflows.trigger-scan';
export const ENTITY_TRIGGERS: readonly string[] = ['entity_created', 'entity_changed'];
/** How far behind its position a scan re-reads, for transactions that committed late. */
const REREAD_MS = 30_000;
/** Scans are at most this often (changes nudge one at once); without changes, one per POLL_MS. */
const INTERVAL_MS = 1000;
const POLL_MS = 15_000;
const BATCH = 500;
/** Finished scans are deleted after this: one tenant's chain must not grow the jobs table forever. */
const KEEP_DONE_MS = 10 * 60_000;

const payloadSchema = z.object({ tenantId: z.string() });

/**
 * Queues a scan of the tenant `delayMs` from now. Polls have a key per second, so a poll finds an earlier
 * one in the same second instead of queueing twice. Nudges are rate-limited where they are made, and each
 * has its own key: one keyed by the second would find a scan of that second that already ran, and the
 * change would wait for the next poll.
 */
export async function scheduleTriggerScan(
  deps: Pick<ConnectorDeps, 'queue' | 'clock'>,
  tenantId: string,
  options: { delayMs?: number; kind?: 'poll' | 'nudge' } = {},
): Promise<void> {
  const at = new Date(deps.clock.now().getTime() + (options.delayMs ?? 0));
  const bucket = Math.floor(at.getTime() / INTERVAL_MS);
  await deps.queue.enqueue({
    type: TRIGGER_SCAN_JOB,
    tenantId,
    payload: { tenantId },
    runAt: at,
    idempotencyKey:
      options.kind === 'nudge'
        ? `${TRIGGER_SCAN_JOB}:${tenantId}:nudge:${newId()}`
        : `${TRIGGER_SCAN_JOB}:${tenantId}:poll:${bucket}`,
    maxAttempts: 3,
  });
}

async function enabledWorkflows(deps: ConnectorDeps, tenantId: string) {
  const rows = await deps.db
    .selectFrom('workflows')
    .innerJoin('workflow_versions', (j) =>
      j
        .onRef('workflow_versions.workflow_id', '=', 'workflows.id')
        .onRef('workflow_versions.version', '=', 'workflows.current_version'),
    )
    .select(['workflows.id', 'workflow_versions.definition'])
    .where('workflows.tenant_id', '=', tenantId)
    .where('workflows.enabled', '=', 1)
    .where('workflows.trigger_type', 'in', [...ENTITY_TRIGGERS])
    .execute();
  return rows.map((r) => ({ id: r.id, definition: storedDefinition(r.definition) }));
}

/** One pass: every entity change since the last position (minus the re-read window) against every trigger. */
export async function scanTriggers(
  deps: ConnectorDeps,
  tenantId: string,
): Promise<{ started: number; more: boolean }> {
  const workflows = await enabledWorkflows(deps, tenantId);
  if (workflows.length === 0) return { started: 0, more: false };
  const cursor = await deps.db
    .selectFrom('workflow_trigger_cursors')
    .select('scanned_until')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  // A first scan looks back only the re-read window: enabling a workflow does not replay history.
  const since = cursor
    ? new Date(Date.parse(cursor.scanned_until) - REREAD_MS)
    : new Date(deps.clock.now().getTime() - REREAD_MS);
  const events = await deps.db
    .selectFrom('audit_events')
    .select(['id', 'at', 'action', 'target_id', 'changes'])
    .where('tenant_id', '=', tenantId)
    .where('at', '>', iso(since))
    .where((eb) => eb.or([eb('action', 'like', 'asset.%'), eb('action', 'like', 'person.%')]))
    .orderBy('at')
    .orderBy('id')
    .limit(BATCH)
    .execute();
  const ctx = systemContext(tenantId, 'workflow trigger');
  let started = 0;
  for (const event of events) {
    if (!event.target_id || !changeKind(event.action)) continue;
    const entity = await loadEntity(deps, ctx, event.target_id);
    if (!entity) continue;
    const diff = fromJson<Change>(event.changes) ?? {};
    for (const w of workflows) {
      if (
        !(await fires(w.definition.trigger, { action: event.action, current: entity.view, diff }).catch(
          () => false,
        ))
      )
        continue;
      try {
        await startWorkflowRun(
          deps,
          ctx,
          w.id,
          { entityId: event.target_id, input: {} },
          {
            trigger: { type: w.definition.trigger.type, eventId: event.id, action: event.action, diff },
            triggerKey: event.id,
          },
        );
        started++;
      } catch (e) {
        // Already started for this event (a re-read), or the workflow cannot run yet: nothing to do.
        if (!(isStewardError(e) && e.status === 409)) throw e;
      }
    }
  }
  const last = events[events.length - 1];
  const until = last && events.length === BATCH ? last.at : iso(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    const updated = await trx
      .updateTable('workflow_trigger_cursors')
      .set({ scanned_until: until })
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      await trx
        .insertInto('workflow_trigger_cursors')
        .values({ tenant_id: tenantId, scanned_until: until })
        .execute();
  });
  return { started, more: events.length === BATCH };
}

/** Scans, then queues the next scan while the tenant has an enabled entity trigger. */
export function triggerScanHandler(deps: ConnectorDeps): JobHandler {
  const next = async (tenantId: string, delayMs: number) => {
    const active = await deps.db
      .selectFrom('workflows')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('enabled', '=', 1)
      .where('trigger_type', 'in', [...ENTITY_TRIGGERS])
      .executeTakeFirst();
    if (active) await scheduleTriggerScan(deps, tenantId, { delayMs });
  };
  return withOnDead(
    async (job) => {
      const { tenantId } = payloadSchema.parse(job.payload);
      const result = await scanTriggers(deps, tenantId);
      await next(tenantId, result.more ? 0 : POLL_MS);
      await deps.db
        .deleteFrom('jobs')
        .where('type', '=', TRIGGER_SCAN_JOB)
        .where('tenant_id', '=', tenantId)
        .where('status', '=', 'succeeded')
        .where('completed_at', '<', iso(new Date(deps.clock.now().getTime() - KEEP_DONE_MS)))
        .execute();
      return result;
    },
    // A scan that kept failing must not end the chain: the next one tries again.
    async (job) => {
      const p = payloadSchema.safeParse(job.payload);
      if (p.success) await next(p.data.tenantId, POLL_MS);
    },
  );
}

/**
 * Entity changes on the bus nudge a scan at once instead of at the next poll. At most one nudge per tenant
 * a second, and only for a tenant with an enabled entity trigger, so a bulk import costs nothing extra.
 */
export async function nudgeTriggerScans(deps: ConnectorDeps): Promise<() => Promise<void>> {
  const last = new Map<string, number>();
  const pending = new Set<string>();
  const nudge = async (tenantId: string): Promise<void> => {
    const wait = INTERVAL_MS - (Date.now() - (last.get(tenantId) ?? 0));
    if (wait > 0) {
      // Changes in the same second: one more scan just after it, so the last of them is not missed.
      if (pending.has(tenantId)) return;
      pending.add(tenantId);
      setTimeout(() => {
        pending.delete(tenantId);
        void nudge(tenantId).catch(() => undefined);
      }, wait).unref();
      return;
    }
    last.set(tenantId, Date.now());
    const active = await deps.db
      .selectFrom('workflows')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('enabled', '=', 1)
      .where('trigger_type', 'in', [...ENTITY_TRIGGERS])
      .executeTakeFirst();
    if (!active) return;
    await scheduleTriggerScan(deps, tenantId, { kind: 'nudge' });
    deps.wake?.();
  };
  const subs = await Promise.all(
    ['tenant.*.asset.*', 'tenant.*.person.*'].map((pattern) =>
      // Subjects are tenant.<id>.<kind>.<event>.
      deps.bus.subscribe(pattern, (m) => nudge(m.subject.split('.')[1] ?? '')),
    ),
  );
  return async () => {
    await Promise.all(subs.map((s) => s.unsubscribe()));
  };
}
