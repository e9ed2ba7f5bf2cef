import { z } from 'zod';
import { redact, type BatchOutcome, type Json, type TransportEvent } from '@steward/sdk';
import { systemContext, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, inTransaction, iso, toJson } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import type { Job, JobHandler } from '../../platform/jobs/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { completeSync, ingestObservations, startSync } from '../ingestion/index.js';
import type { ConnectorDeps } from './deps.js';
import { openInstance } from './instance.open.js';
import {
  sourceKeyOf,
  streamsOf,
  toRunView,
  type InstanceRow,
  type RunRow,
  type StreamState,
} from './instances.repo.js';

const payloadSchema = z.object({ tenantId: z.string(), runId: z.string() });
/** Per-record errors kept per run; the count goes on past it. */
const MAX_STORED_ERRORS = 5_000;

type Counts = Record<string, number>;

function add(into: Counts, from: Counts): Counts {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  return into;
}

interface RunEnv {
  deps: ConnectorDeps;
  ctx: RequestContext;
  run: RunRow;
  instance: InstanceRow;
  sourceKey: string;
  secretValues: string[];
  streams: Record<string, StreamState>;
  counts: Counts;
  storedErrors: number;
}

/** Stores one batch: observations through the pipeline, errors kept, checkpoint saved — then the next. */
async function storeBatch(env: RunEnv, stream: string, outcome: BatchOutcome): Promise<void> {
  const { deps, run } = env;
  const observations = outcome.observations.map((o) => ({ ...o, source: env.sourceKey }));
  const result = observations.length
    ? await ingestObservations(deps, env.ctx, observations, { syncId: run.sync_id })
    : undefined;
  const rejected = (result?.items ?? []).filter((i) => i.status === 'rejected');
  const errors = [
    ...outcome.errors.map((e) => ({ recordKey: e.recordKey, message: e.message, field: e.field ?? null })),
    ...rejected.map((i) => ({
      recordKey: observations[i.index]?.sourceKey ?? `#${i.index}`,
      message: (i.errors ?? []).map((d) => `${d.path}: ${d.reason}`).join('; ') || 'rejected',
      field: i.errors?.[0]?.path ?? null,
    })),
  ];
  const batchCounts: Counts = {
    read: outcome.read,
    failed: outcome.errors.length + rejected.length,
    observations: observations.length,
  };
  for (const [status, n] of Object.entries(result?.counts ?? {}))
    if (status !== 'rejected' && n) batchCounts[status] = n;
  const state = env.streams[stream] ?? { done: false, counts: {} };
  env.streams[stream] = {
    checkpoint: outcome.checkpoint,
    done: false,
    counts: add({ ...state.counts }, batchCounts),
  };
  add(env.counts, batchCounts);
  const now = iso(deps.clock.now());
  const keep = errors.slice(0, Math.max(0, MAX_STORED_ERRORS - env.storedErrors));
  env.storedErrors += keep.length;
  await inTransaction(deps.db, async (trx) => {
    if (keep.length > 0)
      await trx
        .insertInto('connector_run_errors')
        .values(
          keep.map((e) => ({
            id: newId(),
            tenant_id: run.tenant_id,
            run_id: run.id,
            stream,
            record_key: e.recordKey.slice(0, 500),
            message: redact(e.message, env.secretValues).slice(0, 2000),
            field: e.field,
            created_at: now,
          })),
        )
        .execute();
    await trx
      .updateTable('connector_runs')
      .set({ streams: toJson(env.streams), counts: toJson(env.counts) })
      .where('id', '=', run.id)
      .execute();
  });
}

async function begin(deps: ConnectorDeps, ctx: RequestContext, run: RunRow, sourceKey: string, job: Job) {
  const started = run.started_at ?? iso(deps.clock.now());
  // One ingestion sync run per connector run: its full-sync semantics (missing records) need every stream.
  const syncId = run.sync_id ?? (await startSync(deps, ctx, sourceKey, 'full')).id;
  await deps.db
    .updateTable('connector_runs')
    .set({ status: 'running', started_at: started, sync_id: syncId, attempts: job.attempts })
    .where('id', '=', run.id)
    .execute();
  return { ...run, status: 'running', started_at: started, sync_id: syncId, attempts: job.attempts };
}

async function finish(env: RunEnv, status: 'succeeded' | 'failed', error: string | null): Promise<void> {
  const { deps, run, instance } = env;
  const now = iso(deps.clock.now());
  const deltaState = fromJson<Record<string, Json>>(instance.stream_state) ?? {};
  const connector = deps.catalog.get(instance.connector_id);
  for (const [name, s] of Object.entries(env.streams))
    if (status === 'succeeded' && connector?.streams[name]?.mode === 'delta')
      deltaState[name] = s.checkpoint as Json;
  await inTransaction(deps.db, async (trx) => {
    await trx
      .updateTable('connector_runs')
      .set({ status, finished_at: now, error, counts: toJson(env.counts), streams: toJson(env.streams) })
      .where('id', '=', run.id)
      .execute();
    if (status === 'succeeded')
      await trx
        .updateTable('connector_instances')
        .set({ stream_state: toJson(deltaState) })
        .where('id', '=', instance.id)
        .execute();
    const view = toRunView({
      ...run,
      status,
      finished_at: now,
      error,
      counts: toJson(env.counts),
      streams: toJson(env.streams),
    });
    await recordAudit(
      trx,
      auditFrom(env.ctx, {
        action: status === 'succeeded' ? 'connector.sync.succeeded' : 'connector.sync.failed',
        target: { type: 'connector_instance', id: instance.id },
        after: view,
      }),
      deps.clock,
    );
  });
  await deps.bus
    .publish(`tenant.${run.tenant_id}.connector.run.${status}`, { instanceId: instance.id, runId: run.id })
    .catch(() => undefined);
}

/**
 * Runs (or resumes) one sync: each stream from its last stored checkpoint, batch by batch into the
 * ingestion pipeline. A failure leaves the checkpoints in place and the job is retried with backoff; the
 * last attempt reports the run failed. A killed process is the same: the job's lease runs out and another
 * worker resumes from the checkpoints.
 */
export function syncHandler(deps: ConnectorDeps): JobHandler {
  return async (job, { signal }) => {
    const p = payloadSchema.parse(job.payload);
    const stored = await deps.db
      .selectFrom('connector_runs')
      .selectAll()
      .where('tenant_id', '=', p.tenantId)
      .where('id', '=', p.runId)
      .executeTakeFirst();
    if (!stored || stored.status === 'succeeded' || stored.status === 'failed') return { skipped: true };
    const instance = await deps.db
      .selectFrom('connector_instances')
      .selectAll()
      .where('id', '=', stored.instance_id)
      .executeTakeFirstOrThrow();
    const ctx = systemContext(p.tenantId, `connector ${instance.name}`);
    const sourceKey = await sourceKeyOf(deps.db, instance.source_id);
    const run = await begin(deps, ctx, stored, sourceKey, job);
    const env: RunEnv = {
      deps,
      ctx,
      run,
      instance,
      sourceKey,
      secretValues: [],
      streams: streamsOf(run),
      counts: fromJson<Counts>(run.counts) ?? {},
      storedErrors: 0,
    };
    const transportCounts = (e: TransportEvent) => {
      if (e.type === 'retry' || e.type === 'throttled' || e.type === 'reauthenticated')
        env.counts[`${e.type}`] = (env.counts[`${e.type}`] ?? 0) + 1;
    };
    try {
      const opened = await openInstance(deps, instance, transportCounts);
      env.secretValues = opened.secretValues;
      const deltaState = fromJson<Record<string, Json>>(instance.stream_state) ?? {};
      for (const [name, stream] of Object.entries(opened.instance.definition.streams)) {
        const state = env.streams[name];
        if (state?.done) continue;
        const checkpoint = (state?.checkpoint ?? (stream.mode === 'delta' ? deltaState[name] : undefined)) as
          Json | undefined;
        env.streams[name] = state ?? { done: false, counts: {} };
        await opened.instance.runStream(name, {
          checkpoint,
          signal,
          onBatch: (outcome) => storeBatch(env, name, outcome),
        });
        env.streams[name] = { ...(env.streams[name] as StreamState), done: true };
        await deps.db
          .updateTable('connector_runs')
          .set({ streams: toJson(env.streams) })
          .where('id', '=', run.id)
          .execute();
      }
      const sync = await completeSync(deps, ctx, sourceKey, run.sync_id as string);
      env.counts.markedMissing = sync.counts.markedMissing ?? 0;
      await finish(env, 'succeeded', null);
      return { runId: run.id, counts: env.counts };
    } catch (e) {
      const message = redact(e instanceof Error ? e.message : String(e), env.secretValues);
      if (signal.aborted) throw e;
      if (job.attempts < job.maxAttempts) {
        await deps.db
          .updateTable('connector_runs')
          .set({ error: message })
          .where('id', '=', run.id)
          .execute();
        throw new Error(message);
      }
      await finish(env, 'failed', message);
      return { runId: run.id, failed: message };
    }
  };
}
