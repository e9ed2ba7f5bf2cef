import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { SYNC_ATTEMPTS, SYNC_JOB } from './runs.service.js';
import { syncHandler } from './sync.job.js';
import {
  createJamfInstance,
  startConnectorWorld,
  syncNow,
  waitForRun,
  type ConnectorWorld,
  type RunBody,
} from './connectors.fixture.js';

// Runs whose sync job ends in the dead letters without the handler closing them. The server's worker is
// stopped while a test sets the scene, so it cannot take the job first.
describeEachDialect('connector syncs that are given up', (dialect) => {
  let w: ConnectorWorld;
  const events: string[] = [];
  beforeAll(async () => {
    w = await startConnectorWorld(dialect, 12);
    await w.server.steward.bus.subscribe(`tenant.${w.tenant.id}.connector.run.>`, (m) => {
      events.push(`${m.subject} ${(m.data as { runId: string }).runId}`);
    });
  });
  afterAll(async () => w?.close());
  beforeEach(() => w.jamf.server.faults.clear());

  const db = () => w.server.steward.store.db;
  const jobOf = (runId: string) =>
    db()
      .selectFrom('jobs')
      .selectAll()
      .where('idempotency_key', '=', `${SYNC_JOB}:${runId}`)
      .executeTakeFirstOrThrow();

  /** A synced instance (so its source has records), then a second sync queued while no worker runs. */
  async function queuedAfterOneSync(name: string): Promise<{ instanceId: string; run: RunBody }> {
    const instance = await createJamfInstance(w, { name, sourceKey: name.toLowerCase().replace(/ /g, '-') });
    expect((await waitForRun(w, (await syncNow(w, instance.id)).id)).status).toBe('succeeded');
    await w.server.steward.worker.stop();
    return { instanceId: instance.id, run: await syncNow(w, instance.id) };
  }

  /** What a failed run must leave behind: its sync run failed, no record marked missing, audit and event. */
  async function expectClosedAsFailed(instanceId: string, run: RunBody) {
    expect(run.status).toBe('failed');
    expect(run.finishedAt).not.toBeNull();
    const sync = await db()
      .selectFrom('sync_runs')
      .selectAll()
      .where('id', '=', run.syncId as string)
      .executeTakeFirstOrThrow();
    expect(sync.status).toBe('failed');
    expect(sync.completed_at).not.toBeNull();
    const source = await db()
      .selectFrom('sync_runs')
      .select(['status'])
      .where('source_id', '=', sync.source_id)
      .execute();
    expect(source.map((s) => s.status).sort()).toEqual(['completed', 'failed']);
    const missing = await db()
      .selectFrom('source_records')
      .select('id')
      .where('source_id', '=', sync.source_id)
      .where('missing_since', 'is not', null)
      .execute();
    expect(missing).toEqual([]);
    const audits = await db()
      .selectFrom('audit_events')
      .select(['action'])
      .where('target_id', '=', instanceId)
      .where('action', '=', 'connector.sync.failed')
      .execute();
    expect(audits).toHaveLength(1);
    await expect.poll(() => events).toContain(`tenant.${w.tenant.id}.connector.run.failed ${run.id}`);
  }

  it('fails the run when the sync’s worker dies on the final attempt', async () => {
    const { instanceId, run: queued } = await queuedAfterOneSync('Jamf dies');
    // Jamf hangs, so the last attempt is stuck mid-sync when its worker dies.
    w.jamf.server.faults.inject({ type: 'delay', times: 1000, ms: 5_000 });
    const job = await jobOf(queued.id);
    await db()
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: SYNC_ATTEMPTS,
        lease_owner: 'doomed-worker',
        lease_until: new Date(Date.now() + 400).toISOString(),
      })
      .where('id', '=', job.id)
      .execute();
    const claimed = await w.server.steward.queue.get(job.id);
    const dying = new AbortController();
    const attempt = syncHandler(w.server.steward.connectors)(claimed!, {
      signal: dying.signal,
      workerId: 'doomed-worker',
    }).catch(() => undefined);
    await waitForRun(w, queued.id, (r) => r.status === 'running' && r.syncId !== null);
    // The process dies: its handler stops, and nothing reports the job or renews its lease.
    dying.abort(new Error('process killed'));
    await attempt;
    expect((await jobOf(queued.id)).status).toBe('running');

    w.server.steward.worker.start();
    const run = await waitForRun(w, queued.id);
    expect(run.error).toMatch(/^the sync's worker stopped responding on its last attempt \(5 of 5 used\)/);
    await expectClosedAsFailed(instanceId, run);
    expect(await jobOf(queued.id)).toMatchObject({ status: 'dead' });
  });

  it('fails the run when its final attempt is aborted and dead-lettered', async () => {
    const { instanceId, run: queued } = await queuedAfterOneSync('Jamf stops');
    w.jamf.server.faults.inject({ type: 'delay', times: 1000, ms: 5_000 });
    await db()
      .updateTable('jobs')
      .set({ attempts: SYNC_ATTEMPTS - 1 })
      .where('idempotency_key', '=', `${SYNC_JOB}:${queued.id}`)
      .execute();
    w.server.steward.worker.start();
    await waitForRun(w, queued.id, (r) => r.status === 'running' && r.syncId !== null);
    // Shutting down aborts the attempt; it was the last one, so the job is dead-lettered.
    await w.server.steward.worker.stop(50);
    w.server.steward.worker.start();
    const run = await waitForRun(w, queued.id);
    expect(run.error).toMatch(/^the sync stopped on its last attempt \(5 of 5\)/);
    await expectClosedAsFailed(instanceId, run);
    expect(await jobOf(queued.id)).toMatchObject({ status: 'dead' });
  });

  it('leaves no ingestion sync run running when the final attempt fails', async () => {
    const { instanceId, run: queued } = await queuedAfterOneSync('Jamf refuses');
    w.jamf.server.faults.inject({ type: 'server_error', times: 1000, status: 500, after: 1 });
    await db()
      .updateTable('jobs')
      .set({ attempts: SYNC_ATTEMPTS - 1 })
      .where('idempotency_key', '=', `${SYNC_JOB}:${queued.id}`)
      .execute();
    w.server.steward.worker.start();
    const run = await waitForRun(w, queued.id, undefined, 60_000);
    expect(run.error).toMatch(/500/);
    await expectClosedAsFailed(instanceId, run);
    expect(await jobOf(queued.id)).toMatchObject({ status: 'succeeded' });
  });
});
