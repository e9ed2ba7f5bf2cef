// Finishing many tasks at once (results arriving together): each ends once, with its own outcome, announced once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeClock } from '../../test/clock.js';
import { createTestStore, describeEachDialect, type TestStore } from '../../test/stores.js';
import { createMemoryBus, type BusMessage } from '../../platform/bus/index.js';
import { finishAgentTasks } from './tasks.service.js';
import { seedTask, seedTenants } from './tasks.seed.js';

describeEachDialect('agents: finishing many tasks in one write', (dialect) => {
  const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'));
  const bus = createMemoryBus();
  const heard: BusMessage[] = [];
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    await seedTenants(t.store.db, clock, ['f1', 'f2']);
    await bus.subscribe('tenant.*.agent.tasks.finished', (m) => void heard.push(m));
  });
  afterAll(() => t.cleanup());

  const row = (id: string) =>
    t.store.db
      .selectFrom('agent_tasks')
      .select(['status', 'result', 'error', 'finished_at', 'delivered_at', 'acknowledged_at', 'agent_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('writes each outcome to its own task, keeps a first outcome, and announces only what changed', async () => {
    const workflow = { type: 'workflow', runId: 'run-1', path: 'steps.scan' };
    const ok = await seedTask(t.store.db, clock, {
      tenantId: 'f1',
      assetId: 'a',
      status: 'running',
      origin: workflow,
    });
    const bad = await seedTask(t.store.db, clock, { tenantId: 'f1', assetId: 'b', status: 'delivered' });
    const done = await seedTask(t.store.db, clock, { tenantId: 'f1', assetId: 'c', status: 'succeeded' });
    const other = await seedTask(t.store.db, clock, { tenantId: 'f2', assetId: 'a' });
    const many = [];
    for (let i = 0; i < 260; i++)
      many.push(await seedTask(t.store.db, clock, { tenantId: 'f2', assetId: `m${i}` }));

    await finishAgentTasks({ db: t.store.db, clock, bus }, [
      { tenantId: 'f1', id: ok, outcome: { status: 'succeeded', result: { disks: 2 } }, agentId: 'ag-1' },
      { tenantId: 'f1', id: bad, outcome: { status: 'failed', error: 'exit 3' } },
      { tenantId: 'f1', id: ok, outcome: { status: 'failed', error: 'a second report' } },
      { tenantId: 'f1', id: done, outcome: { status: 'failed', error: 'too late' } },
      // The right id under the wrong tenant changes nothing.
      { tenantId: 'f1', id: other, outcome: { status: 'failed', error: 'not yours' } },
      { tenantId: 'f2', id: other, outcome: { status: 'expired', error: 'past its deadline' } },
      ...many.map((id, i) => ({
        tenantId: 'f2',
        id,
        outcome: { status: 'succeeded' as const, result: { i } },
      })),
    ]);
    await bus.flush();
    await new Promise((r) => setTimeout(r, 20));

    expect(await row(ok)).toMatchObject({ status: 'succeeded', result: '{"disks":2}', error: null });
    // Reported by its agent: delivered to it and acknowledged, in the same write.
    const now = clock.now().toISOString();
    expect(await row(ok)).toMatchObject({
      finished_at: now,
      delivered_at: now,
      acknowledged_at: now,
      agent_id: 'ag-1',
    });
    expect(await row(other)).toMatchObject({ delivered_at: null, acknowledged_at: null, agent_id: null });
    expect(await row(bad)).toMatchObject({ status: 'failed', result: null, error: 'exit 3' });
    expect(await row(done)).toMatchObject({ status: 'succeeded', error: null });
    expect(await row(other)).toMatchObject({ status: 'expired', error: 'past its deadline' });
    expect(await row(many[259] as string)).toMatchObject({ status: 'succeeded', result: '{"i":259}' });

    type Told = { taskId: string; status: string; origin: unknown };
    const told = heard.flatMap((m) => (m.data as { tasks: Told[] }).tasks);
    expect(told).toHaveLength(3 + 260);
    expect(new Set(told.map((d) => d.taskId)).size).toBe(263);
    // A message per tenant and statement, not per task.
    expect(heard.map((m) => m.subject).sort()).toEqual([
      'tenant.f1.agent.tasks.finished',
      'tenant.f2.agent.tasks.finished',
    ]);
    expect(told.find((d) => d.taskId === ok)).toEqual({ taskId: ok, status: 'succeeded', origin: workflow });
    const f2 = heard.find((m) => m.subject === 'tenant.f2.agent.tasks.finished');
    expect((f2?.data as { tasks: Told[] }).tasks.some((d) => d.taskId === other)).toBe(true);
    expect(told.some((d) => d.taskId === done)).toBe(false);
  });
});
