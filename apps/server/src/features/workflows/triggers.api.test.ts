// Entity triggers end to end: a change made through the API starts the workflow once, about the changed
// asset, with the change in its trigger; other changes start nothing, and a re-read starts nothing again.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { iso } from '../../platform/db/index.js';
import { scanTriggers, TRIGGER_SCAN_JOB, triggerScanHandler } from './engine/trigger.scan.js';

const lostWorkflow = {
  name: 'Lost devices',
  trigger: {
    type: 'entity_changed',
    kind: 'asset',
    filter: "after.lifecycleState = 'lost' and before.lifecycleState != 'lost'",
  },
  start: 'note',
  steps: [{ id: 'note', type: 'set_variable', variable: 'serial', value: 'subject.serialNumber' }],
};

describeEachDialect('workflow entity triggers', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  beforeAll(async () => {
    s = await startTestServer(dialect, { jobs: { workers: 2, leaseSeconds: 30, pollMs: 50 } });
    t = await seedTenant(s.steward, 'trig');
  });
  afterAll(async () => s?.stop());

  const call = (method: string, path: string, body?: unknown) =>
    api(s.url, method, path, { token: t.tokens.admin, body });

  // Less than the 15 s poll: a change must nudge a scan at once, or these waits run out.
  async function runsOf(workflowId: string, atLeast: number, timeoutMs = 8_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const runs = (await call('GET', `/api/v1/workflows/${workflowId}/runs`)).body.items;
      if (runs.length >= atLeast || Date.now() > until) return runs;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('starts a run once per matching change, about the changed asset', async () => {
    const workflow = await call('POST', '/api/v1/workflows', lostWorkflow);
    expect((await call('PATCH', `/api/v1/workflows/${workflow.body.id}`, { enabled: true })).status).toBe(
      200,
    );
    const asset = await call('POST', '/api/v1/assets', {
      kind: 'device',
      deviceType: 'laptop',
      name: 'MBP',
      serialNumber: 'C02TRIG001',
    });
    await call('POST', `/api/v1/assets/${asset.body.id}/transition`, { to: 'deployed', reason: 'issued' });
    await call('PATCH', `/api/v1/assets/${asset.body.id}`, { name: 'MBP renamed', version: 2 });
    await call('POST', `/api/v1/assets/${asset.body.id}/transition`, {
      to: 'lost',
      reason: 'left in a taxi',
    });

    const runs = await runsOf(workflow.body.id, 1);
    expect(runs).toHaveLength(1);
    const run = runs[0];
    expect(run).toMatchObject({
      subjectId: asset.body.id,
      trigger: {
        type: 'entity_changed',
        action: 'asset.lifecycle_changed',
        diff: { lifecycleState: { before: 'deployed', after: 'lost' } },
      },
    });
    for (const until = Date.now() + 10_000; Date.now() < until;) {
      const done = await call('GET', `/api/v1/workflow-runs/${run.id}`);
      if (done.body.status === 'succeeded') {
        expect(done.body.vars).toEqual({ serial: 'C02TRIG001' });
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }

    // A re-read of the same events (the scan looks back a window) starts nothing again.
    const again = await scanTriggers(s.steward.connectors, t.id);
    expect(again.started).toBe(0);
    expect(await runsOf(workflow.body.id, 2, 1500)).toHaveLength(1);
  });

  it('starts nothing for a disabled workflow', async () => {
    const workflow = await call('POST', '/api/v1/workflows', { ...lostWorkflow, name: 'Lost (disabled)' });
    const asset = await call('POST', '/api/v1/assets', {
      kind: 'device',
      deviceType: 'laptop',
      name: 'MBA',
      serialNumber: 'C02TRIG002',
    });
    await call('POST', `/api/v1/assets/${asset.body.id}/transition`, { to: 'deployed', reason: 'issued' });
    await call('POST', `/api/v1/assets/${asset.body.id}/transition`, { to: 'lost', reason: 'gone' });
    await scanTriggers(s.steward.connectors, t.id);
    expect(await runsOf(workflow.body.id, 1, 1500)).toHaveLength(0);
  });

  it('deletes its finished scans after ten minutes, so a tenant’s polling never grows the jobs table', async () => {
    const { db } = s.steward.store;
    const finished = async (key: string, agoMs: number) => {
      const { job } = await s.steward.queue.enqueue({
        type: TRIGGER_SCAN_JOB,
        tenantId: t.id,
        payload: { tenantId: t.id },
        idempotencyKey: key,
        runAt: new Date(Date.now() + 3_600_000),
      });
      await db
        .updateTable('jobs')
        .set({ status: 'succeeded', completed_at: iso(new Date(Date.now() - agoMs)) })
        .where('id', '=', job.id)
        .execute();
      return job;
    };
    const old = await finished('scan-an-hour-ago', 3_600_000);
    const recent = await finished('scan-a-minute-ago', 60_000);
    await triggerScanHandler(s.steward.connectors)(old, {
      signal: new AbortController().signal,
      workerId: 'test',
    });
    const left = await db.selectFrom('jobs').select('id').where('id', 'in', [old.id, recent.id]).execute();
    expect(left.map((j) => j.id)).toEqual([recent.id]);
  });

  it('keeps finding new changes while more than a batch of older ones sit in the re-read window', async () => {
    // 1,100 devices from a source, then a sync renaming them all (changes the trigger reads but that do
    // not fire it): every later pass pages through them under its own keys and reaches what is new.
    await call('POST', '/api/v1/sources', { key: 'bulk-mdm', name: 'Bulk MDM', type: 'mdm' });
    const observe = (name: (i: number) => string) =>
      call(
        'POST',
        '/api/v1/observations',
        Array.from({ length: 1100 }, (_, i) => ({
          source: 'bulk-mdm',
          sourceKey: `b${i}`,
          kind: 'device',
          observedAt: new Date().toISOString(),
          identifiers: { serialNumber: `BULK${i}` },
          attributes: { name: name(i), deviceType: 'laptop' },
        })),
      );
    const created = await observe((i) => `bulk ${i}`);
    expect(created.body.counts.created).toBe(1100);
    const workflow = await call('POST', '/api/v1/workflows', {
      ...lostWorkflow,
      name: 'Go devices',
      trigger: { type: 'entity_changed', kind: 'asset', filter: "$contains(after.name, 'go')" },
    });
    expect(workflow.status, JSON.stringify(workflow.body)).toBe(201);
    await call('PATCH', `/api/v1/workflows/${workflow.body.id}`, { enabled: true });
    expect((await observe((i) => `bulk ${i} renamed`)).body.counts.updated).toBe(1100);
    const ids: string[] = created.body.items.map((r: { entityId: string }) => r.entityId);
    for (const [n, id] of ids.slice(0, 3).entries()) {
      await call('PATCH', `/api/v1/assets/${id}`, { name: `go ${n}` });
      const runs = await runsOf(workflow.body.id, n + 1, 15_000);
      expect(runs.map((r: { subjectId: string }) => r.subjectId)).toContain(id);
    }
  });
});
