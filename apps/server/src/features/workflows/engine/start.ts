// Creating runs: by hand, by a trigger or by another run's call_workflow step. A workflow runs at most
// `concurrency` runs at once; more wait as `queued` and the end of a run starts the oldest of them.
import { errors } from '@steward/domain';
import type { Kysely, Transaction } from 'kysely';
import type { RequestContext } from '../../../platform/auth/index.js';
import { afterCommit, inTransaction, iso, toJson, type DB } from '../../../platform/db/index.js';
import { LruCache } from '../../../platform/cache/index.js';
import { newId } from '../../../platform/ids/index.js';
import { auditFrom, recordAuditEvents } from '../../audit/index.js';
import type { ConnectorDeps } from '../../connectors/index.js';
import { storedDefinition } from '../definition.check.js';
import type { WorkflowDefinition } from '../definition.schemas.js';
import { enqueueStep, enqueueSteps, type RunRow } from './run.repo.js';
import { RUNNABLE_STEPS } from './steps.js';

export interface RunStart {
  entityId?: string;
  input: Record<string, unknown>;
  trigger?: Record<string, unknown>;
  /** Unique per workflow: a second start with the same key is refused (one run per event). */
  triggerKey?: string;
  parent?: { runId: string; path: string };
}

export async function currentDefinition(
  deps: Pick<ConnectorDeps, 'db'>,
  tenantId: string,
  workflowId: string,
) {
  const workflow = await deps.db
    .selectFrom('workflows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', workflowId)
    .executeTakeFirst();
  if (!workflow) throw errors.notFound(`Workflow ${workflowId}`);
  const stored = await deps.db
    .selectFrom('workflow_versions')
    .select('definition')
    .where('workflow_id', '=', workflowId)
    .where('version', '=', workflow.current_version)
    .executeTakeFirstOrThrow();
  return { workflow, definition: storedDefinition(stored.definition) };
}

/** A version's definition never changes once saved: each step's job need not read and parse it again. */
const versions = new LruCache<WorkflowDefinition>(1_000);

/** The definition version a run keeps. */
export async function definitionOfRun(
  db: Kysely<DB> | Transaction<DB>,
  run: Pick<RunRow, 'workflow_id' | 'version'>,
): Promise<WorkflowDefinition> {
  const key = `${run.workflow_id}:${run.version}`;
  const known = versions.get(key);
  if (known) return known;
  const v = await db
    .selectFrom('workflow_versions')
    .select('definition')
    .where('workflow_id', '=', run.workflow_id)
    .where('version', '=', run.version)
    .executeTakeFirstOrThrow();
  const definition = storedDefinition(v.definition);
  versions.set(key, definition);
  return definition;
}

/** Runs of the workflow now running; on PostgreSQL the workflow row is locked so two starts count in turn. */
async function runningCount(deps: Pick<ConnectorDeps, 'dialect'>, trx: Transaction<DB>, workflowId: string) {
  if (deps.dialect === 'postgres')
    await trx.selectFrom('workflows').select('id').where('id', '=', workflowId).forUpdate().execute();
  const row = await trx
    .selectFrom('workflow_runs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workflow_id', '=', workflowId)
    .where('status', '=', 'running')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Creates a run of the workflow's current version, which it keeps to its end. No authorization here. */
export async function createRun(
  deps: ConnectorDeps,
  ctx: RequestContext,
  workflowId: string,
  start: RunStart,
): Promise<RunRow> {
  const [run] = await createRuns(deps, ctx, workflowId, [start]);
  if (!run)
    throw errors.conflict('A run was already started for this event.', [
      { path: 'triggerKey', reason: 'already started' },
    ]);
  return run;
}

/** Starts at most this many runs per transaction. */
const STARTS_PER_TRANSACTION = 200;

/**
 * Creates runs of the workflow's current version in a few transactions (a trigger scan's batch of
 * events). A start whose trigger key already has a run is left out: the runs created are returned.
 */
export async function createRuns(
  deps: ConnectorDeps,
  ctx: RequestContext,
  workflowId: string,
  starts: readonly RunStart[],
): Promise<RunRow[]> {
  const tenantId = ctx.principal.tenantId;
  const { workflow, definition } = await currentDefinition(deps, tenantId, workflowId);
  const waiting = definition.steps.filter((s) => !RUNNABLE_STEPS.has(s.type));
  if (waiting.length > 0)
    throw errors.conflict(
      `This workflow uses steps the engine does not run yet: ${[...new Set(waiting.map((s) => s.type))].join(', ')}.`,
      waiting.map((s) => ({ path: `definition.steps.${s.id}`, reason: `${s.type} does not run yet` })),
    );
  const created: RunRow[] = [];
  for (let i = 0; i < starts.length; i += STARTS_PER_TRANSACTION) {
    const now = iso(deps.clock.now());
    const runs = starts.slice(i, i + STARTS_PER_TRANSACTION).map((start): RunRow => ({
      id: newId(),
      tenant_id: tenantId,
      workflow_id: workflowId,
      version: workflow.current_version,
      status: 'running',
      trigger: toJson(start.trigger ?? { type: 'manual' }),
      subject_id: start.entityId ?? null,
      trigger_key: start.triggerKey ?? null,
      parent_run_id: start.parent?.runId ?? null,
      parent_path: start.parent?.path ?? null,
      input: toJson(start.input),
      vars: toJson({}),
      error: null,
      created_by: toJson(ctx.principal.actor),
      created_at: now,
      updated_at: now,
      finished_at: null,
    }));
    await inTransaction(deps.db, async (trx) => {
      const fresh = await withoutStartedKeys(trx, workflowId, runs);
      let running = await runningCount(deps, trx, workflowId);
      for (const run of fresh) run.status = running++ < definition.concurrency ? 'running' : 'queued';
      const inserted = new Set<string>();
      for (let j = 0; j < fresh.length; j += 100) {
        const rows = await trx
          .insertInto('workflow_runs')
          .values(fresh.slice(j, j + 100))
          .onConflict((oc) => oc.columns(['workflow_id', 'trigger_key']).doNothing())
          .returning('id')
          .execute();
        for (const r of rows) inserted.add(r.id);
      }
      const made = fresh.filter((r) => inserted.has(r.id));
      await enqueueSteps(
        deps,
        trx,
        made.filter((r) => r.status === 'running').map((run) => ({ run, path: definition.start })),
      );
      await recordAuditEvents(
        trx,
        made.map((run) =>
          auditFrom(ctx, {
            action: 'workflow.run.started',
            target: { type: 'workflow', id: workflowId },
            after: { runId: run.id, version: run.version, subjectId: run.subject_id, status: run.status },
          }),
        ),
        deps.clock,
      );
      created.push(...made);
    });
  }
  if (created.length > 0) deps.wake?.();
  return created;
}

/** The runs whose trigger keys have no run yet (nor come twice here): a re-read event starts nothing. */
async function withoutStartedKeys(trx: Transaction<DB>, workflowId: string, runs: RunRow[]) {
  const keys = runs.flatMap((r) => (r.trigger_key === null ? [] : [r.trigger_key]));
  const taken = new Set<string>();
  if (keys.length > 0)
    for (const r of await trx
      .selectFrom('workflow_runs')
      .select('trigger_key')
      .where('workflow_id', '=', workflowId)
      .where('trigger_key', 'in', keys)
      .execute())
      if (r.trigger_key !== null) taken.add(r.trigger_key);
  return runs.filter((r) => {
    if (r.trigger_key === null) return true;
    if (taken.has(r.trigger_key)) return false;
    taken.add(r.trigger_key);
    return true;
  });
}

/** A run of the workflow ended: the oldest queued one starts, in the same transaction. */
export async function startQueued(
  deps: Pick<ConnectorDeps, 'queue' | 'clock'>,
  trx: Transaction<DB>,
  workflowId: string,
): Promise<void> {
  const next = await trx
    .selectFrom('workflow_runs')
    .select(['id', 'tenant_id', 'workflow_id', 'version'])
    .where('workflow_id', '=', workflowId)
    .where('status', '=', 'queued')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!next) return;
  const started = await trx
    .updateTable('workflow_runs')
    .set({ status: 'running', updated_at: iso(deps.clock.now()) })
    .where('id', '=', next.id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  if (Number(started.numUpdatedRows) === 0) return;
  await enqueueStep(deps, trx, next, (await definitionOfRun(trx, next)).start);
}

/**
 * What follows the end of a run (succeeded, failed or cancelled), in the transaction that ended it: its
 * open approval requests close, a queued run of the workflow starts, and a calling run's step wakes.
 */
export async function runEnded(
  deps: Pick<ConnectorDeps, 'queue' | 'clock'>,
  trx: Transaction<DB>,
  run: Pick<RunRow, 'id' | 'tenant_id' | 'workflow_id' | 'parent_run_id' | 'parent_path'>,
  wasRunning: boolean,
): Promise<void> {
  await trx
    .updateTable('workflow_approvals')
    .set({ status: 'cancelled', decided_at: iso(deps.clock.now()) })
    .where('run_id', '=', run.id)
    .where('status', '=', 'pending')
    .execute();
  if (wasRunning) await startQueued(deps, trx, run.workflow_id);
  if (run.parent_run_id && run.parent_path)
    await enqueueStep(deps, trx, { id: run.parent_run_id, tenant_id: run.tenant_id }, run.parent_path, {
      suffix: `:child:${run.id}`,
      wake: true,
    });
}

/** Ends a run (from running, or from compensating once its undo steps ran) and says so on the bus. */
export async function finishRun(
  deps: Pick<ConnectorDeps, 'queue' | 'clock' | 'bus'>,
  trx: Transaction<DB>,
  run: Pick<RunRow, 'id' | 'tenant_id' | 'workflow_id' | 'parent_run_id' | 'parent_path'>,
  status: 'succeeded' | 'failed',
  error: string | null,
  from: 'running' | 'compensating' = 'running',
): Promise<void> {
  const now = iso(deps.clock.now());
  const ended = await trx
    .updateTable('workflow_runs')
    .set({ status, error, updated_at: now, finished_at: now })
    .where('id', '=', run.id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(ended.numUpdatedRows) === 0) return;
  await runEnded(deps, trx, run, true);
  const subject = `tenant.${run.tenant_id}.workflow.run.${status}`;
  await afterCommit(trx, () =>
    deps.bus.publish(subject, { runId: run.id, workflowId: run.workflow_id, error }),
  );
}
