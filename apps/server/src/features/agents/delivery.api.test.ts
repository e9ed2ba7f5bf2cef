// Tasks that wait: for an agent that is offline, on the polling fallback, past their deadline, cancelled.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeClock } from '../../test/clock.js';
import { api } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { finished, runTask, startAgentWorld, type AgentWorld } from './agents.fixture.js';

describeEachDialect('agents: the offline queue, polling, deadlines', (dialect) => {
  const clock = new FakeClock(Date.now());
  let world: AgentWorld;
  beforeAll(async () => {
    world = await startAgentWorld(dialect, {}, clock);
  });
  afterAll(() => world.stop());

  const taskRow = (id: string) =>
    api(world.url, 'GET', `/api/v1/agent-tasks/${id}`, { token: world.tenant.tokens.viewer }).then(
      (r) => r.body,
    );

  it('runs tasks over the polling fallback with the same results as over the WebSocket', async () => {
    const a = await world.startAgent({ transport: 'poll' });
    const assetId = await a.assetId();
    const agent = await api(world.url, 'GET', `/api/v1/agents/${a.agentId}`, {
      token: world.tenant.tokens.viewer,
    });
    expect(agent.body).toMatchObject({ online: true, transport: 'poll' });
    const task = await finished(world, await runTask(world, assetId, 'script', { name: 'hello' }));
    expect(task.status).toBe('succeeded');
    expect(JSON.stringify(task.result)).toContain('hello from');
  });

  it('keeps a task for an offline device until it connects, then delivers it', async () => {
    const a = await world.startAgent();
    const assetId = await a.assetId();
    await a.offline();
    const taskId = await runTask(world, assetId, 'restart', { delaySeconds: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await taskRow(taskId)).status).toBe('queued');

    await a.restart();
    const task = await finished(world, taskId);
    expect(task.status).toBe('succeeded');
    // Dry run: the platform command is reported, not run.
    expect(JSON.stringify(task.result)).toMatch(/shutdown|reboot|restart/i);
  });

  it('expires a task the device did not take by its deadline; it is never delivered afterwards', async () => {
    const a = await world.startAgent();
    const assetId = await a.assetId();
    await a.offline();
    const taskId = await runTask(world, assetId, 'restart', {}, 5);
    clock.advance(6 * 60_000);
    world.server.steward.worker.wake();
    const task = await finished(world, taskId);
    expect(task).toMatchObject({ status: 'expired', deliveredAt: null });
    expect(task.error).toMatch(/did not finish it by/);

    await a.restart();
    const fresh = await finished(world, await runTask(world, assetId, 'script', { name: 'hello' }));
    expect(fresh.status).toBe('succeeded');
    expect((await taskRow(taskId)).status).toBe('expired');
  });

  it('cancels a queued task once; a second cancel is a conflict', async () => {
    const a = await world.startAgent();
    const assetId = await a.assetId();
    await a.offline();
    const taskId = await runTask(world, assetId, 'lock');
    const cancel = () =>
      api(world.url, 'POST', `/api/v1/agent-tasks/${taskId}/cancel`, { token: world.tenant.tokens.operator });
    const first = await cancel();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'cancelled' });
    expect((await cancel()).status).toBe(409);
    await a.restart();
    await a.assetId();
    await new Promise((r) => setTimeout(r, 300));
    expect((await taskRow(taskId)).deliveredAt).toBeNull();
  });
});
