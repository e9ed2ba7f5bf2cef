// Reading what waits for many agents at once must hand each exactly what reading one by one would.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeClock } from '../../../test/clock.js';
import { createTestStore, describeEachDialect, type TestStore } from '../../../test/stores.js';
import { seedTask, seedTenants } from '../tasks.seed.js';
import { pendingTasks, pendingTasksMany } from './delivery.js';

describeEachDialect('agents: pending tasks read for many agents at once', (dialect) => {
  const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'));
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await seedTenants(t.store.db, clock, ['t1', 't2']);
  });
  afterAll(() => t.cleanup());

  const addTask = (tenantId: string, assetId: string, status = 'queued', minutesLeft = 10) =>
    seedTask(t.store.db, clock, { tenantId, assetId, status, minutesLeft });
  const statusOf = async (id: string) =>
    (
      await t.store.db
        .selectFrom('agent_tasks')
        .select(['status', 'agent_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;

  it('hands each agent its own asset’s open tasks in order and marks the queued ones delivered', async () => {
    const a1 = await seedTask(t.store.db, clock, {
      tenantId: 't1',
      assetId: 'asset-a',
      parameters: { x: 'a1' },
    });
    const a2 = await addTask('t1', 'asset-a', 'delivered');
    const b1 = await addTask('t1', 'asset-b');
    await addTask('t1', 'asset-b', 'succeeded');
    await addTask('t1', 'asset-b', 'queued', -1); // past its deadline
    const c1 = await addTask('t2', 'asset-a'); // same asset id, other tenant

    const agents = [
      { id: 'ag-a', tenantId: 't1', assetId: 'asset-a' },
      { id: 'ag-none', tenantId: 't1', assetId: null },
      { id: 'ag-b', tenantId: 't1', assetId: 'asset-b' },
      { id: 'ag-c', tenantId: 't2', assetId: 'asset-a' },
      { id: 'ag-empty', tenantId: 't2', assetId: 'asset-z' },
    ];
    const got = await pendingTasksMany({ db: t.store.db, clock }, agents);
    expect(got.map((pushes) => pushes.map((p) => p.task.id))).toEqual([[a1, a2], [], [b1], [c1], []]);
    expect(got[0]?.[0]?.task.parameters).toEqual({ x: 'a1' });
    for (const id of [a1, a2, b1, c1]) expect(await statusOf(id)).toBe('delivered');
    const agentOf = await t.store.db
      .selectFrom('agent_tasks')
      .select(['id', 'agent_id'])
      .where('id', 'in', [a1, b1, c1])
      .orderBy('id')
      .execute();
    expect(Object.fromEntries(agentOf.map((r) => [r.id, r.agent_id]))).toEqual({
      [a1]: 'ag-a',
      [b1]: 'ag-b',
      [c1]: 'ag-c',
    });
  });

  it('answers the same as one-by-one when a tenant has more waiting than one bounded read holds', async () => {
    const many: string[] = [];
    for (let i = 0; i < 110; i++) many.push(await addTask('t2', 'asset-busy'));
    const quiet = await addTask('t2', 'asset-quiet');
    const agents = [
      { id: 'ag-busy', tenantId: 't2', assetId: 'asset-busy' },
      { id: 'ag-quiet', tenantId: 't2', assetId: 'asset-quiet' },
    ];
    const got = await pendingTasksMany({ db: t.store.db, clock }, agents);
    expect(got[0]?.map((p) => p.task.id)).toEqual(many.slice(0, 100));
    expect(got[1]?.map((p) => p.task.id)).toEqual([quiet]);
    expect(await statusOf(many[100] as string)).toBe('queued');

    const again = await pendingTasks({ db: t.store.db, clock }, agents[0] as (typeof agents)[0]);
    expect(again.map((p) => p.task.id)).toEqual(many.slice(0, 100));
  });
});
