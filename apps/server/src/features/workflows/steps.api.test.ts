// Step types that act on Steward itself or on time, on a real server with a controllable clock: entity
// updates and lifecycle transitions through the same services as an admin's edit, a 30-day wait, a wait
// for a condition, calling another workflow, and the per-workflow limit on runs at once.
import { startSmtpSimulator, type SmtpSimulator } from '@steward/connector-smtp/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeClock } from '../../test/clock.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { finishAgentTask } from '../agents/index.js';
import { until } from '../../test/until.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface StepView {
  stepId: string;
  status: string;
  output: Record<string, unknown> | null;
  attempts: number;
}

describeEachDialect('workflow steps', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  const clock = new FakeClock(Date.now());
  let serial = 1000;
  let mail: SmtpSimulator;

  const call = (method: string, path: string, body?: unknown) =>
    api(s.url, method, path, { token: t.tokens.admin, body });

  beforeAll(async () => {
    s = await startTestServer(dialect, { jobs: { workers: 2, leaseSeconds: 30, pollMs: 50 } }, { clock });
    t = await seedTenant(s.steward, 'steps');
    mail = await startSmtpSimulator();
    const smtp = await call('POST', '/api/v1/connector-instances', {
      connectorId: 'smtp',
      name: 'Mail',
      config: mail.config,
      secrets: mail.secrets,
    });
    if (smtp.status !== 201) throw new Error(JSON.stringify(smtp.body));
  });
  afterAll(async () => {
    await mail?.close();
    await s?.stop();
  });

  async function asset(name: string): Promise<string> {
    const res = await call('POST', '/api/v1/assets', {
      kind: 'device',
      name,
      serialNumber: `STEP${serial++}`,
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  }

  async function create(definition: Record<string, unknown>): Promise<string> {
    const res = await call('POST', '/api/v1/workflows', { trigger: { type: 'manual' }, ...definition });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  }

  async function start(workflowId: string, body: Record<string, unknown> = {}) {
    const res = await call('POST', `/api/v1/workflows/${workflowId}/runs`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body as { id: string; status: string };
  }

  const run = async (id: string) => (await call('GET', `/api/v1/workflow-runs/${id}`)).body;
  const ended = (id: string) =>
    until(`run ${id} to end`, async () => {
      const r = await run(id);
      return ['running', 'queued', 'compensating'].includes(r.status) ? undefined : r;
    });
  const waitingAt = (id: string, stepId: string) =>
    until(`${stepId} of ${id} to wait`, async () => {
      const r = await run(id);
      return r.steps.find((st: StepView) => st.stepId === stepId && st.status === 'waiting');
    });
  const stepOf = (r: { steps: StepView[] }, stepId: string) => r.steps.find((st) => st.stepId === stepId);

  it('updates the subject and moves it through its lifecycle like an admin would, and stops at a legal hold', async () => {
    const id = await asset('to-refresh');
    const workflow = await create({
      name: 'Retire and dispose',
      start: 'rename',
      steps: [
        {
          id: 'rename',
          type: 'update_entity',
          attributes: { name: '"retired-" & subject.serialNumber', legalHold: 'true' },
          next: 'retire',
        },
        {
          id: 'retire',
          type: 'transition',
          to: 'retired',
          reason: 'Refresh of {{ subject.name }}',
          next: 'dispose',
        },
        { id: 'dispose', type: 'transition', to: 'disposed', disposalMethod: 'recycled' },
      ],
    });
    const r = await ended((await start(workflow, { entityId: id })).id);
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/Step dispose failed: .*legal hold/i);
    expect(stepOf(r, 'rename')?.output).toEqual({ entity: id, changed: ['name', 'legalHold'] });
    expect(stepOf(r, 'retire')?.output).toMatchObject({ from: 'in_stock', to: 'retired' });
    const after = (await call('GET', `/api/v1/assets/${id}`)).body;
    expect(after).toMatchObject({
      name: expect.stringMatching(/^retired-STEP/),
      legalHold: true,
      lifecycleState: 'retired',
    });
    const history = await call('GET', `/api/v1/audit?targetId=${id}`);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['asset.updated', 'asset.legal_hold_set', 'asset.lifecycle_changed']),
    );

    const bad = await create({
      name: 'Bad attribute',
      start: 'set',
      steps: [{ id: 'set', type: 'update_entity', attributes: { colour: '"red"' } }],
    });
    const failed = await ended((await start(bad, { entityId: id })).id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/attributes/);
    expect(stepOf(failed, 'set')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('goes over every device assigned to the person the run is about, and sees their manager', async () => {
    const boss = await call('POST', '/api/v1/people', { email: 'boss@example.com', name: 'The Boss' });
    const person = await call('POST', '/api/v1/people', {
      email: 'held@example.com',
      name: 'Held Person',
      managerId: boss.body.id,
    });
    const devices = [await asset('held-1'), await asset('held-2')];
    for (const d of devices) await call('POST', `/api/v1/assets/${d}/assign`, { personId: person.body.id });
    const untouched = await asset('not-theirs');
    const workflow = await create({
      name: 'Hold everything',
      start: 'each',
      steps: [
        { id: 'each', type: 'for_each', items: 'subject.assets', as: 'device', body: 'hold', next: 'who' },
        { id: 'hold', type: 'update_entity', entity: 'device.id', attributes: { legalHold: 'true' } },
        { id: 'who', type: 'set_variable', variable: 'manager', value: 'subject.manager.name' },
      ],
    });
    const r = await ended((await start(workflow, { entityId: person.body.id })).id);
    expect(r.status).toBe('succeeded');
    expect(r.vars).toEqual({ manager: 'The Boss' });
    for (const d of devices) expect((await call('GET', `/api/v1/assets/${d}`)).body.legalHold).toBe(true);
    expect((await call('GET', `/api/v1/assets/${untouched}`)).body.legalHold).toBe(false);
  });

  it('e-mails the assignee through the tenant’s SMTP instance, and shows it all in a dry run first', async () => {
    const person = await call('POST', '/api/v1/people', { email: 'owner@example.com', name: 'Olive Owner' });
    const id = await asset('mail-me');
    await call('POST', `/api/v1/assets/${id}/assign`, { personId: person.body.id });
    const workflow = await create({
      name: 'Tell the owner',
      start: 'check',
      steps: [
        { id: 'check', type: 'condition', if: 'subject.assignee != null', then: 'mail', else: null },
        {
          id: 'mail',
          type: 'notify_email',
          to: 'subject.assignee.email',
          subject: 'About {{ subject.name }}',
          body: 'Hello {{ subject.assignee.name }}',
          next: 'retire',
        },
        { id: 'retire', type: 'transition', to: 'retired' },
      ],
    });
    const dry = await call('POST', `/api/v1/workflows/${workflow}/dry-run`, { entityId: id });
    expect(dry.status).toBe(200);
    expect(dry.body.steps).toEqual([
      expect.objectContaining({ stepId: 'check', would: { holds: true }, next: 'mail' }),
      expect.objectContaining({
        stepId: 'mail',
        would: { to: 'owner@example.com', subject: 'About mail-me', body: 'Hello Olive Owner' },
      }),
      expect.objectContaining({
        stepId: 'retire',
        would: expect.objectContaining({ from: 'deployed', to: 'retired' }),
      }),
    ]);
    expect(mail.state.messages).toHaveLength(0);
    expect((await call('GET', `/api/v1/assets/${id}`)).body.lifecycleState).toBe('deployed');
    expect((await call('GET', `/api/v1/workflows/${workflow}/runs`)).body.items).toEqual([]);

    const r = await ended((await start(workflow, { entityId: id })).id);
    expect(r.status).toBe('succeeded');
    expect(mail.state.messages.map((m) => [m.envelope.to, m.subject, m.text?.trim()])).toEqual([
      [['owner@example.com'], 'About mail-me', 'Hello Olive Owner'],
    ]);
    expect(mail.state.messages[0]?.idempotencyKey).toBe(`wf:${r.id}:mail`);
    expect((stepOf(r, 'mail') as StepView & { input: unknown }).input).toEqual({
      to: ['owner@example.com'],
      subject: 'About mail-me',
      text: 'Hello Olive Owner',
    });

    // What a step acted with is kept, before it acts, with secret fields redacted.
    const leaky = await create({
      name: 'Leaky',
      start: 'send',
      steps: [
        {
          id: 'send',
          type: 'connector_action',
          instance: 'Mail',
          action: 'sendEmail',
          input: { to: '["x@example.com"]', subject: '"s"', text: '"t"', password: '"hunter2"' },
        },
      ],
    });
    const refused = await ended((await start(leaky)).id);
    expect(refused.status).toBe('failed');
    expect((stepOf(refused, 'send') as StepView & { input: unknown }).input).toEqual({
      to: ['x@example.com'],
      subject: 's',
      text: 't',
      password: '[redacted]',
    });
    expect(JSON.stringify(refused)).not.toContain('hunter2');
    expect((await call('GET', `/api/v1/assets/${id}`)).body.lifecycleState).toBe('retired');
  });

  it('retries a failing step on its own backoff, not the queue’s, and goes on once the vendor recovers', async () => {
    const flaky = await call('POST', '/api/v1/connector-instances', {
      connectorId: 'smtp',
      name: 'Flaky mail',
      config: { ...mail.config, advanced: { backoffBaseMs: 5, backoffMaxMs: 20, maxRetries: 1 } },
      secrets: mail.secrets,
    });
    expect(flaky.status).toBe(201);
    const workflow = await create({
      name: 'Retry slowly',
      start: 'mail',
      steps: [
        {
          id: 'mail',
          type: 'notify_email',
          instance: 'Flaky mail',
          to: '"it@example.com"',
          subject: 'Retried',
          body: 'Sent in the end',
          retry: { maxAttempts: 3, backoffSeconds: 600 },
        },
      ],
    });
    mail.state.inject({ type: 'temporary', times: 1000 });
    const { id } = await start(workflow);
    await until('the first failed attempt', async () => {
      const step = stepOf(await run(id), 'mail') as (StepView & { error: string | null }) | undefined;
      return step?.error ? step : undefined;
    });
    // Ten minutes ±20 %: nothing at seven, the second attempt by thirteen.
    clock.advance(7 * 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(stepOf(await run(id), 'mail')?.attempts).toBe(1);
    mail.state.clearFaults();
    clock.advance(6 * 60_000);
    const r = await ended(id);
    expect(r.status).toBe('succeeded');
    expect(stepOf(r, 'mail')?.attempts).toBe(2);
    expect(mail.state.messages.filter((m) => m.subject === 'Retried')).toHaveLength(1);
  });

  it('undoes what a failed run did, newest first, through the steps that declare how', async () => {
    const id = await asset('keep-my-name');
    const workflow = await create({
      name: 'Winds back',
      start: 'remember',
      steps: [
        { id: 'remember', type: 'set_variable', variable: 'old', value: 'subject.name', next: 'rename' },
        {
          id: 'rename',
          type: 'update_entity',
          attributes: { name: '"being-reimaged"' },
          compensate: 'restore',
          next: 'hold',
        },
        {
          id: 'hold',
          type: 'update_entity',
          attributes: { legalHold: 'true' },
          compensate: 'release',
          next: 'break',
        },
        { id: 'break', type: 'update_entity', attributes: { colour: '"red"' } },
        { id: 'restore', type: 'update_entity', attributes: { name: 'vars.old' } },
        { id: 'release', type: 'update_entity', attributes: { legalHold: 'false' } },
      ],
    });
    const r = await ended((await start(workflow, { entityId: id })).id);
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/^Step break failed: .*\(undone: 2 steps\)$/);
    const undo = r.steps.filter((st: StepView & { path: string }) => st.path.startsWith('undo:'));
    expect(undo.map((st: StepView & { path: string }) => [st.path, st.status])).toEqual([
      ['undo:hold', 'succeeded'],
      ['undo:rename', 'succeeded'],
    ]);
    const after = (await call('GET', `/api/v1/assets/${id}`)).body;
    expect(after).toMatchObject({ name: 'keep-my-name', legalHold: false });

    const refused = await call('POST', '/api/v1/workflows', {
      trigger: { type: 'manual' },
      name: 'Bad undo',
      start: 'a',
      steps: [
        { id: 'a', type: 'set_variable', variable: 'x', value: '1', compensate: 'later' },
        { id: 'later', type: 'wait', for: 'PT1H' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toContainEqual(
      expect.objectContaining({
        path: 'body.steps[0].compensate',
        reason: expect.stringMatching(/must finish at once/),
      }),
    );
  });

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
          task: 'inventory',
          parameters: { full: 'true' },
          timeout: 'PT10M',
          next: 'keep',
        },
        { id: 'keep', type: 'set_variable', variable: 'disks', value: 'steps.inv.result.disks' },
      ],
    });
    const taskOf = (runId: string) =>
      until('the agent task', async () =>
        s.steward.store.db
          .selectFrom('agent_tasks')
          .selectAll()
          .where('tenant_id', '=', t.id)
          .where('origin', 'like', `%${runId}%`)
          .executeTakeFirst(),
      );
    const first = await start(workflow, { entityId: id });
    const task = await taskOf(first.id);
    expect(task).toMatchObject({ asset_id: id, type: 'inventory', status: 'queued' });
    expect(JSON.parse(task.parameters)).toEqual({ full: true });
    await waitingAt(first.id, 'inv');
    await finishAgentTask(s.steward.connectors, t.id, task.id, { status: 'succeeded', result: { disks: 2 } });
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
    const expired = await s.steward.store.db
      .selectFrom('agent_tasks')
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
