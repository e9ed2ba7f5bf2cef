import { redact, type BatchOutcome, type Json, type TransportEvent } from '@steward/sdk';
import { systemContext, type RequestContext } from '../../platform/auth/index.js';
import { fromJson, inTransaction, iso, toJson } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import { withOnDead, type Job, type JobHandler } from '../../platform/jobs/index.js';
import { completeSync, ingestObservations, startSync } from '../ingestion/index.js';
import type { ConnectorDeps } from './deps.js';
import { openInstance } from './instance.open.js';
import { sourceKeyOf, streamsOf, type RunRow, type StreamState } from './instances.repo.js';
import { finishRun, onSyncDead, syncPayloadSchema, type Counts, type FinishingRun } from './sync.finish.js';

/** Per-record errors kept per run; the count goes on past it. */
const MAX_STORED_ERRORS = 5_000;

function add(into: Counts, from: Counts): Counts {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  return into;
}

interface RunEnv extends FinishingRun {
  sourceKey: string;
  secretValues: string[];
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

/**
 * Runs (or resumes) one sync: each stream from its last stored checkpoint, batch by batch into the
 * ingestion pipeline. A failure leaves the checkpoints in place and the job is retried with backoff; the
 * last attempt reports the run failed. A killed process is the same: the job's lease runs out and another
 * worker resumes from the checkpoints — and when that was the last attempt, the job's dead-letter callback
 * reports the run failed.
 */
export function syncHandler(deps: ConnectorDeps): JobHandler {
  return withOnDead(async (job, { signal }) => {
    const p = syncPayloadSchema.parse(job.payload);
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
      await finishRun(env, 'succeeded', null);
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
      await finishRun(env, 'failed', message);
      return { runId: run.id, failed: message };
    }
  }, onSyncDead(deps));
}
