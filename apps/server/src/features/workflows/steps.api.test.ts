// Step types that act on Steward itself and on vendors, on a real server with a controllable clock: entity
// updates and lifecycle transitions through the same services as an admin's edit, a for-each over a
// person's devices, e-mail and its dry run, a step's own retry backoff, and winding back a failed run.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { until } from '../../test/until.js';
import { useStepsWorld, type StepView } from './steps.fixture.js';

describeEachDialect('workflow steps', (dialect) => {
  const w = useStepsWorld(dialect, 'steps');
  const { clock, call, asset, create, start, run, ended, stepOf } = w;

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
    expect(w.mail().state.messages).toHaveLength(0);
    expect((await call('GET', `/api/v1/assets/${id}`)).body.lifecycleState).toBe('deployed');
    expect((await call('GET', `/api/v1/workflows/${workflow}/runs`)).body.items).toEqual([]);

    const r = await ended((await start(workflow, { entityId: id })).id);
    expect(r.status).toBe('succeeded');
    expect(w.mail().state.messages.map((m) => [m.envelope.to, m.subject, m.text?.trim()])).toEqual([
      [['owner@example.com'], 'About mail-me', 'Hello Olive Owner'],
    ]);
    expect(w.mail().state.messages[0]?.idempotencyKey).toBe(`wf:${r.id}:mail`);
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
      config: { ...w.mail().config, advanced: { backoffBaseMs: 5, backoffMaxMs: 20, maxRetries: 1 } },
      secrets: w.mail().secrets,
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
    w.mail().state.inject({ type: 'temporary', times: 1000 });
    const { id } = await start(workflow);
    await until('the first failed attempt', async () => {
      const step = stepOf(await run(id), 'mail') as (StepView & { error: string | null }) | undefined;
      return step?.error ? step : undefined;
    });
    // Ten minutes ±20 %: nothing at seven, the second attempt by thirteen.
    clock.advance(7 * 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(stepOf(await run(id), 'mail')?.attempts).toBe(1);
    w.mail().state.clearFaults();
    clock.advance(6 * 60_000);
    const r = await ended(id);
    expect(r.status).toBe('succeeded');
    expect(stepOf(r, 'mail')?.attempts).toBe(2);
    expect(w.mail().state.messages.filter((m) => m.subject === 'Retried')).toHaveLength(1);
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
});
