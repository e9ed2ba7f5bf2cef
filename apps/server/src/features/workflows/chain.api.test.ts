// Steps that follow one another run in the job of the first, on a real server: each is still recorded
// with its input and output, a later step sees an earlier step's change to the subject, and a step that
// fails inside a chain is run again as its own job, where its attempts and backoff count.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { until } from '../../test/until.js';
import { STEP_JOB } from './engine/run.repo.js';
import { useStepsWorld, type StepView } from './steps.fixture.js';

describeEachDialect('workflow step chains', (dialect) => {
  const w = useStepsWorld(dialect, 'chains');
  const { clock, asset, create, start, run, ended, stepOf } = w;

  /** The step jobs a run used, by the path each was queued for. */
  const stepJobs = async (runId: string) =>
    (
      await w
        .server()
        .steward.store.db.selectFrom('jobs')
        .select('idempotency_key')
        .where('type', '=', STEP_JOB)
        .where('idempotency_key', 'like', `${STEP_JOB}:${runId}:%`)
        .execute()
    )
      .map((j) => String(j.idempotency_key).slice(`${STEP_JOB}:${runId}:`.length))
      .sort();

  it('runs consecutive steps in one job, each recorded, a later one seeing an earlier change', async () => {
    const id = await asset('chain-me');
    const workflow = await create({
      name: 'One job',
      start: 'rename',
      steps: [
        { id: 'rename', type: 'update_entity', attributes: { name: '"chained-device"' }, next: 'mail' },
        {
          id: 'mail',
          type: 'notify_email',
          instance: 'Mail',
          to: '"it@example.com"',
          subject: 'Renamed to {{ subject.name }}',
          body: 'Done',
          next: 'label',
        },
        {
          id: 'label',
          type: 'set_variable',
          variable: 'label',
          value: "'was ' & subject.name",
          next: 'check',
        },
        { id: 'check', type: 'condition', if: "vars.label = 'was chained-device'", then: null, else: null },
      ],
    });
    const r = await ended((await start(workflow, { entityId: id })).id);
    expect(r.status, JSON.stringify(r)).toBe('succeeded');
    expect(r.steps.map((s: StepView) => [s.stepId, s.status, s.attempts])).toEqual([
      ['rename', 'succeeded', 1],
      ['mail', 'succeeded', 1],
      ['label', 'succeeded', 1],
      ['check', 'succeeded', 1],
    ]);
    expect(stepOf(r, 'check')?.output).toEqual({ holds: true });
    expect((stepOf(r, 'mail') as StepView & { input: unknown }).input).toMatchObject({
      to: ['it@example.com'],
      subject: 'Renamed to chained-device',
    });
    expect(r.vars).toEqual({ label: 'was chained-device' });
    expect(w.mail().state.messages.filter((m) => m.subject === 'Renamed to chained-device')).toHaveLength(1);
    expect(await stepJobs(r.id)).toEqual(['rename']);
  });

  it('runs a step that failed inside a chain again as its own job, where its retries count', async () => {
    const workflow = await create({
      name: 'Fails mid-chain',
      start: 'first',
      steps: [
        { id: 'first', type: 'set_variable', variable: 'who', value: '"it@example.com"', next: 'mail' },
        {
          id: 'mail',
          type: 'notify_email',
          instance: 'Mail',
          to: 'vars.who',
          subject: 'Mid-chain',
          body: 'Sent in the end',
          retry: { maxAttempts: 3, backoffSeconds: 600 },
        },
      ],
    });
    w.mail().state.inject({ type: 'temporary', times: 1000 });
    const { id } = await start(workflow);
    const failedOnce = await until('the first failed attempt', async () => {
      const step = stepOf(await run(id), 'mail') as (StepView & { error: string | null }) | undefined;
      return step?.error ? step : undefined;
    });
    expect(failedOnce).toMatchObject({ status: 'running', attempts: 1 });
    expect(stepOf(await run(id), 'first')).toMatchObject({
      status: 'succeeded',
      output: { who: 'it@example.com' },
    });
    expect(await stepJobs(id)).toEqual(['first', 'mail']);
    w.mail().state.clearFaults();
    clock.advance(13 * 60_000);
    const r = await ended(id);
    expect(r.status).toBe('succeeded');
    expect(stepOf(r, 'mail')?.attempts).toBe(2);
    expect(w.mail().state.messages.filter((m) => m.subject === 'Mid-chain')).toHaveLength(1);
  });
});
