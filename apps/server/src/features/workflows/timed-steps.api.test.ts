// Steps that take time, on a real server with a controllable clock: an agent task and its deadline, a
// 30-day wait, a wait for a condition, calling another workflow, and the per-workflow limit on runs.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { until } from '../../test/until.js';
import { finishAgentTask } from '../agents/index.js';
import { DAY, HOUR, useStepsWorld } from './steps.fixture.js';

describeEachDialect('workflow steps over time', (dialect) => {
  const w = useStepsWorld(dialect, 'timed');
  const { clock, call, asset, create, start, run, ended, waitingAt, stepOf } = w;

  it('queues a task for the device’s agent, waits for its result, and fails at the task’s deadline', async () => {
    const id = await asset('agent-mac');
    const workflow = await create({
      name: 'Inventory now',
      start: 'inv',
      steps: [
        {
          id: 'inv',
          type: 'agent_task',
          device: 'subject.id',
          task: 'script',
          parameters: { name: '"disk-report"', timeoutSeconds: '30' },
          timeout: 'PT10M',
          next: 'keep',
        },
        { id: 'keep', type: 'set_variable', variable: 'disks', value: 'steps.inv.result.disks' },
      ],
    });
    const taskOf = (runId: string) =>
      until('the agent task', async () =>
        w
          .server()
          .steward.store.db.selectFrom('agent_tasks')
          .selectAll()
          .where('tenant_id', '=', w.tenant().id)
          .where('origin', 'like', `%${runId}%`)
          .executeTakeFirst(),
      );
    const first = await start(workflow, { entityId: id });
    const task = await taskOf(first.id);
    expect(task).toMatchObject({ asset_id: id, type: 'script', status: 'queued' });
    // Evaluated, then checked against the task type's schema, defaults filled in.
    expect(JSON.parse(task.parameters)).toEqual({ name: 'disk-report', args: [], timeoutSeconds: 30 });
    await waitingAt(first.id, 'inv');
    await finishAgentTask(w.server().steward.connectors, w.tenant().id, task.id, {
      status: 'succeeded',
      result: { disks: 2 },
    });
    const done = await ended(first.id);
    expect(done.status).toBe('succeeded');
    expect(done.vars).toEqual({ disks: 2 });

    const second = await start(workflow, { entityId: id });
    const late = await taskOf(second.id);
    await waitingAt(second.id, 'inv');
    clock.advance(11 * 60_000);
    const failed = await ended(second.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/agent task expired: the device did not finish it/);
    const expired = await w
      .server()
      .steward.store.db.selectFrom('agent_tasks')
      .select('status')
      .where('id', '=', late.id)
      .executeTakeFirstOrThrow();
    expect(expired.status).toBe('expired');
  });

  it('waits 30 days on the database clock, not a moment less', async () => {
    const workflow = await create({
      name: 'Thirty days',
      start: 'later',
      steps: [
        { id: 'later', type: 'wait', for: 'P30D', next: 'done' },
        { id: 'done', type: 'set_variable', variable: 'done', value: 'true' },
      ],
    });
    const { id } = await start(workflow);
    const waiting = await waitingAt(id, 'later');
    expect(Date.parse(waiting.wakeAt) - clock.now().getTime()).toBeGreaterThan(29 * DAY);
    clock.advance(29 * DAY);
    await new Promise((r) => setTimeout(r, 500));
    expect((await run(id)).status).toBe('running');
    clock.advance(DAY + 1000);
    const r = await ended(id);
    expect(r.status).toBe('succeeded');
    expect(r.vars).toEqual({ done: true });
  });

  it('waits until a condition holds, checking on its schedule, and reports a timeout', async () => {
    const id = await asset('not-ready');
    const workflow = await create({
      name: 'Until ready',
      start: 'ready',
      steps: [
        {
          id: 'ready',
          type: 'wait',
          condition: 'subject.name = "ready"',
          checkEvery: 'PT1H',
          timeout: 'P1D',
        },
      ],
    });
    const first = await start(workflow, { entityId: id });
    await waitingAt(first.id, 'ready');
    expect((await call('PATCH', `/api/v1/assets/${id}`, { name: 'ready' })).status).toBe(200);
    clock.advance(HOUR + 1000);
    const held = await ended(first.id);
    expect(held.status).toBe('succeeded');
    expect(stepOf(held, 'ready')?.output).toMatchObject({ held: true });

    const other = await asset('never-ready');
    const second = await start(workflow, { entityId: other });
    await waitingAt(second.id, 'ready');
    clock.advance(DAY + HOUR);
    const timedOut = await ended(second.id);
    expect(timedOut.status).toBe('succeeded');
    expect(stepOf(timedOut, 'ready')?.output).toEqual({ held: false, timedOut: true });
  });

  it('calls another workflow about the same subject, waits for it and takes its variables', async () => {
    const id = await asset('called-about');
    await create({
      name: 'Double it',
      start: 'double',
      steps: [{ id: 'double', type: 'set_variable', variable: 'x', value: 'input.n * 2' }],
    });
    const caller = await create({
      name: 'Caller',
      start: 'call',
      steps: [
        { id: 'call', type: 'call_workflow', workflow: 'Double it', input: { n: '21' }, next: 'keep' },
        { id: 'keep', type: 'set_variable', variable: 'got', value: 'steps.call.vars.x' },
      ],
    });
    const r = await ended((await start(caller, { entityId: id })).id);
    expect(r.status).toBe('succeeded');
    expect(r.vars).toEqual({ got: 42 });
    const child = await run(stepOf(r, 'call')?.output?.runId as string);
    expect(child).toMatchObject({ status: 'succeeded', subjectId: id, input: { n: 21 } });

    await create({
      name: 'Breaks',
      start: 'bad',
      steps: [{ id: 'bad', type: 'update_entity', attributes: { colour: '"red"' } }],
    });
    const failing = await create({
      name: 'Calls a failure',
      start: 'call',
      steps: [{ id: 'call', type: 'call_workflow', workflow: 'breaks' }],
    });
    const failed = await ended((await start(failing, { entityId: id })).id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/called workflow’s run .* failed/);
  });

  it('runs at most `concurrency` runs of a workflow at once; the rest queue and start in order', async () => {
    const workflow = await create({
      name: 'One at a time',
      concurrency: 1,
      start: 'hold',
      steps: [{ id: 'hold', type: 'wait', for: 'PT1H' }],
    });
    const first = await start(workflow);
    const second = await start(workflow);
    const third = await start(workflow);
    expect([first.status, second.status, third.status]).toEqual(['running', 'queued', 'queued']);
    expect((await call('POST', `/api/v1/workflow-runs/${third.id}/cancel`)).body.status).toBe('cancelled');
    await waitingAt(first.id, 'hold');
    clock.advance(HOUR + 1000);
    expect((await ended(first.id)).status).toBe('succeeded');
    await waitingAt(second.id, 'hold');
    clock.advance(HOUR + 1000);
    expect((await ended(second.id)).status).toBe('succeeded');
    expect((await run(third.id)).steps).toEqual([]);
  });
});
