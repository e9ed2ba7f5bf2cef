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
import { loadEntity } from './context.js';
import { createRuns, type RunStart } from './start.js';
import { fires, listenedChanges, listensTo, type Change } from './trigger.match.js';

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

/** Where a pass that read a full batch goes on: after this event, in the same pass (its own id). */
const pageSchema = z.object({ at: z.string(), id: z.string(), pass: z.string().default('') });
const payloadSchema = z.object({
  tenantId: z.string(),
  kind: z.enum(['poll', 'nudge', 'page']).optional(),
  page: pageSchema.optional(),
});
type Page = z.output<typeof pageSchema>;

/**
 * Queues a scan of the tenant. Polls run on a grid every POLL_MS, keyed by their grid time, so however many
 * were asked for, one runs per tick: the chain never multiplies. A nudge (rate-limited where it is made)
 * runs now under its own key: one keyed by the second could find a scan of that second already run. A page
 * continues a scan whose batch was full, after the last event it read.
 */
export async function scheduleTriggerScan(
  deps: Pick<ConnectorDeps, 'queue' | 'clock'>,
  tenantId: string,
  options: { kind?: 'poll' | 'nudge' } | { kind: 'page'; page: Page } = {},
): Promise<void> {
  const now = deps.clock.now().getTime();
  const kind = options.kind ?? 'poll';
  const tick = Math.ceil((now + 1) / POLL_MS) * POLL_MS;
  const key =
    options.kind === 'page'
      ? `page:${options.page.pass}:${options.page.id}`
      : kind === 'nudge'
        ? `nudge:${newId()}`
        : `poll:${tick}`;
  await deps.queue.enqueue({
    type: TRIGGER_SCAN_JOB,
    tenantId,
    payload: { tenantId, kind, ...(options.kind === 'page' ? { page: options.page } : {}) },
    runAt: new Date(kind === 'poll' ? tick : now),
    idempotencyKey: `${TRIGGER_SCAN_JOB}:${tenantId}:${key}`,
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

/** Of these events, the (workflow, event) pairs that already started a run: a re-read skips them cheaply. */
async function alreadyStarted(deps: ConnectorDeps, workflowIds: string[], eventIds: string[]) {
  if (workflowIds.length === 0 || eventIds.length === 0) return new Set<string>();
  const rows = await deps.db
    .selectFrom('workflow_runs')
    .select(['workflow_id', 'trigger_key'])
    .where('workflow_id', 'in', workflowIds)
    .where('trigger_key', 'in', eventIds)
    .execute();
  return new Set(rows.map((r) => `${r.workflow_id}:${r.trigger_key}`));
}

/**
 * One pass: every entity change since the last position (minus the re-read window), or after `page` when
 * continuing a pass whose batch was full, against every trigger. The position moves only when a pass has
 * read to the end: a burst of more than a batch is paged through by (time, id), never re-read from its
 * start forever.
 */
export async function scanTriggers(
  deps: ConnectorDeps,
  tenantId: string,
  page?: Page,
  batch = BATCH,
): Promise<{ started: number; more: boolean; page?: Page }> {
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
  const scannedTo = iso(deps.clock.now());
  const events = await deps.db
    .selectFrom('audit_events')
    .select(['id', 'at', 'action', 'target_id', 'changes'])
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      page
        ? eb.or([eb('at', '>', page.at), eb.and([eb('at', '=', page.at), eb('id', '>', page.id)])])
        : eb('at', '>', iso(since)),
    )
    .where((eb) =>
      eb.or(
        listenedChanges(workflows.map((w) => w.definition.trigger)).map(({ kind, created }) =>
          created
            ? eb('action', '=', `${kind}.created`)
            : eb.and([eb('action', 'like', `${kind}.%`), eb('action', '!=', `${kind}.created`)]),
        ),
      ),
    )
    .orderBy('at')
    .orderBy('id')
    .limit(batch)
    .execute();
  const done = await alreadyStarted(
    deps,
    workflows.map((w) => w.id),
    events.map((e) => e.id),
  );
  const ctx = systemContext(tenantId, 'workflow trigger');
  // An entity changed several times in the batch is read once; each event is checked against its view now.
  const entities = new Map<string, Awaited<ReturnType<typeof loadEntity>>>();
  const starts = new Map<string, RunStart[]>();
  for (const event of events) {
    if (!event.target_id) continue;
    const pending = workflows.filter(
      (w) => !done.has(`${w.id}:${event.id}`) && listensTo(w.definition.trigger, event.action),
    );
    if (pending.length === 0) continue;
    if (!entities.has(event.target_id))
      entities.set(event.target_id, await loadEntity(deps, ctx, event.target_id));
    const entity = entities.get(event.target_id);
    if (!entity) continue;
    const diff = fromJson<Change>(event.changes) ?? {};
    for (const w of pending) {
      const change = { action: event.action, current: entity.view, diff };
      if (!(await fires(w.definition.trigger, change).catch(() => false))) continue;
      const list = starts.get(w.id) ?? [];
      list.push({
        entityId: event.target_id,
        input: {},
        trigger: { type: w.definition.trigger.type, eventId: event.id, action: event.action, diff },
        triggerKey: event.id,
      });
      starts.set(w.id, list);
    }
  }
  let started = 0;
  for (const [workflowId, list] of starts) {
    try {
      started += (await createRuns(deps, ctx, workflowId, list)).length;
    } catch (e) {
      // The workflow cannot run yet (a step type the engine lacks), or was just deleted: nothing to start.
      if (!(isStewardError(e) && (e.status === 409 || e.status === 404))) throw e;
    }
  }
  const last = events[events.length - 1];
  // A page is keyed by its pass: a later pass re-reading the same events pages on under its own keys.
  if (last && events.length === batch)
    return { started, more: true, page: { at: last.at, id: last.id, pass: page?.pass || newId() } };
  await inTransaction(deps.db, async (trx) => {
    const updated = await trx
      .updateTable('workflow_trigger_cursors')
      .set({ scanned_until: scannedTo })
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      await trx
        .insertInto('workflow_trigger_cursors')
        .values({ tenant_id: tenantId, scanned_until: scannedTo })
        .execute();
  });
  return { started, more: false };
}

async function hasEntityTrigger(deps: ConnectorDeps, tenantId: string): Promise<boolean> {
  const active = await deps.db
    .selectFrom('workflows')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('enabled', '=', 1)
    .where('trigger_type', 'in', [...ENTITY_TRIGGERS])
    .executeTakeFirst();
  return active !== undefined;
}

/**
 * Scans; a full batch goes on at once after its last event; a poll queues the next tick while the tenant
 * has an enabled entity trigger (nudges and pages do not, so the poll chain stays one).
 */
export function triggerScanHandler(deps: ConnectorDeps): JobHandler {
  const nextPoll = async (tenantId: string) => {
    if (await hasEntityTrigger(deps, tenantId)) await scheduleTriggerScan(deps, tenantId, { kind: 'poll' });
  };
  return withOnDead(
    async (job) => {
      const p = payloadSchema.parse(job.payload);
      const result = await scanTriggers(deps, p.tenantId, p.page);
      if (result.page) await scheduleTriggerScan(deps, p.tenantId, { kind: 'page', page: result.page });
      if ((p.kind ?? 'poll') === 'poll') await nextPoll(p.tenantId);
      deps.wake?.();
      await deps.db
        .deleteFrom('jobs')
        .where('type', '=', TRIGGER_SCAN_JOB)
        .where('tenant_id', '=', p.tenantId)
        .where('status', '=', 'succeeded')
        .where('completed_at', '<', iso(new Date(deps.clock.now().getTime() - KEEP_DONE_MS)))
        .execute();
      return { started: result.started, more: result.more };
    },
    // A scan that kept failing must not end the chain: the next tick tries again.
    async (job) => {
      const p = payloadSchema.safeParse(job.payload);
      if (p.success) await nextPoll(p.data.tenantId);
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
    if (!(await hasEntityTrigger(deps, tenantId))) return;
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
