// A burst of changes larger than a scan's batch is paged through by (time, id): every change starts its
// run, the scan position moves only once the end is read, and a re-read starts nothing again. No job
// worker runs here, so the test drives each pass itself.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { scanTriggers } from './engine/trigger.scan.js';

describeEachDialect('workflow trigger scan paging', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  beforeAll(async () => {
    s = await startTestServer(dialect, { jobs: { workers: 0 } });
    t = await seedTenant(s.steward, 'paging');
  });
  afterAll(async () => s?.stop());

  const call = (method: string, path: string, body?: unknown) =>
    api(s.url, method, path, { token: t.tokens.admin, body });

  async function scanToEnd(batch: number) {
    let started = 0;
    let passes = 0;
    let page: Parameters<typeof scanTriggers>[2];
    do {
      const pass = await scanTriggers(s.steward.connectors, t.id, page, batch);
      started += pass.started;
      passes++;
      page = pass.page;
      if (page) expect(await cursor()).toBe(before);
    } while (page && passes < 50);
    return { started, passes };
  }
  let before: string | undefined;
  const cursor = async () =>
    (
      await s.steward.store.db
        .selectFrom('workflow_trigger_cursors')
        .select('scanned_until')
        .where('tenant_id', '=', t.id)
        .executeTakeFirst()
    )?.scanned_until;

  it('starts a run for every change of a burst bigger than its batch, once', async () => {
    const workflow = await call('POST', '/api/v1/workflows', {
      name: 'Renamed',
      trigger: { type: 'entity_changed', kind: 'asset', filter: 'after.name != before.name' },
      start: 'note',
      steps: [{ id: 'note', type: 'set_variable', variable: 'name', value: 'subject.name' }],
    });
    expect((await call('PATCH', `/api/v1/workflows/${workflow.body.id}`, { enabled: true })).status).toBe(
      200,
    );
    for (let i = 0; i < 7; i++) {
      const asset = await call('POST', '/api/v1/assets', {
        kind: 'device',
        name: `burst-${i}`,
        serialNumber: `BURST${i}`,
      });
      await call('PATCH', `/api/v1/assets/${asset.body.id}`, { name: `burst-${i}-renamed` });
    }
    before = await cursor();
    const first = await scanToEnd(4);
    expect(first.started).toBe(7);
    // Seven renames in batches of four (the creations are not read: no trigger here listens to them).
    expect(first.passes).toBe(2);
    expect(await cursor()).not.toBe(before);

    before = await cursor();
    expect((await scanToEnd(4)).started).toBe(0);
    const runs = await call('GET', `/api/v1/workflows/${workflow.body.id}/runs?limit=50`);
    expect(runs.body.items).toHaveLength(7);
  });

  it('starts a batch of events together, within the workflow’s concurrency, one run per event', async () => {
    // Only this test's workflow listens.
    for (const other of (await call('GET', '/api/v1/workflows')).body.items)
      await call('PATCH', `/api/v1/workflows/${other.id}`, { enabled: false });
    const workflow = await call('POST', '/api/v1/workflows', {
      name: 'Tagged',
      trigger: { type: 'entity_changed', kind: 'asset', filter: "$contains(after.name, 'tagged')" },
      start: 'note',
      concurrency: 3,
      steps: [{ id: 'note', type: 'set_variable', variable: 'name', value: 'subject.name' }],
    });
    await call('PATCH', `/api/v1/workflows/${workflow.body.id}`, { enabled: true });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const asset = await call('POST', '/api/v1/assets', {
        kind: 'device',
        name: `b-${i}`,
        serialNumber: `BT${i}`,
      });
      ids.push(asset.body.id);
      await call('PATCH', `/api/v1/assets/${asset.body.id}`, { name: `b-${i} tagged` });
    }
    // The first rename of one asset and its second, in the same batch: two events, two runs.
    await call('PATCH', `/api/v1/assets/${ids[0]}`, { name: 'b-0 tagged again' });
    expect((await scanToEnd(100)).started).toBe(6);
    const runs = await s.steward.store.db
      .selectFrom('workflow_runs')
      .select(['id', 'status', 'subject_id', 'trigger_key'])
      .where('workflow_id', '=', workflow.body.id)
      .execute();
    expect(runs.map((r) => r.status).sort()).toEqual([
      'queued',
      'queued',
      'queued',
      'running',
      'running',
      'running',
    ]);
    expect(new Set(runs.map((r) => r.trigger_key)).size).toBe(6);
    expect(runs.filter((r) => r.subject_id === ids[0])).toHaveLength(2);
    const jobs = await s.steward.store.db
      .selectFrom('jobs')
      .select('idempotency_key')
      .where('type', '=', 'workflows.step')
      .where('status', '=', 'queued')
      .execute();
    const running = runs.filter((r) => r.status === 'running').map((r) => `workflows.step:${r.id}:note`);
    expect(jobs.map((j) => j.idempotency_key).filter((k) => running.includes(String(k)))).toHaveLength(3);
    const audit = await call('GET', `/api/v1/audit?targetId=${workflow.body.id}`);
    expect(
      audit.body.items.filter((e: { action: string }) => e.action === 'workflow.run.started'),
    ).toHaveLength(6);
    expect((await scanToEnd(100)).started).toBe(0);
  });
});
