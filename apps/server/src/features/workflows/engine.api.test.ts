// The engine end to end on a real server: a manual run about a Mac branches, runs three side effects in
// parallel against the Jamf, Slack and ServiceNow simulators, joins, waits, and finishes — each effect
// exactly once, each step recorded with its output.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServiceNowSimulator, type ServiceNowSimulator } from '@steward/connector-servicenow/simulator';
import { startSlackSimulator, type SlackSimulator } from '@steward/connector-slack/simulator';
import { describeEachDialect } from '../../test/stores.js';
import { api } from '../../test/server.js';
import {
  createJamfInstance,
  startConnectorWorld,
  syncNow,
  waitForRun,
  type ConnectorWorld,
} from '../../test/connector-world.js';

const respond = (overrides: Record<string, unknown> = {}) => ({
  name: 'Compromised (test)',
  trigger: { type: 'manual' },
  start: 'check',
  steps: [
    { id: 'check', type: 'condition', if: 'subject.serialNumber != null', then: 'respond', else: null },
    { id: 'respond', type: 'parallel', branches: ['lock', 'tell', 'ticket'], next: 'pause' },
    {
      id: 'lock',
      type: 'connector_action',
      instance: 'Jamf wf',
      action: 'lock',
      entity: 'subject.id',
      input: { pin: '"654321"' },
    },
    {
      id: 'tell',
      type: 'notify_slack',
      instance: 'Security',
      text: '{{ subject.serialNumber }} is compromised',
    },
    {
      id: 'ticket',
      type: 'create_ticket',
      instance: 'ServiceNow',
      shortDescription: 'Compromised {{ subject.serialNumber }}',
    },
    { id: 'pause', type: 'wait', for: 'PT1S', next: 'remember' },
    { id: 'remember', type: 'set_variable', variable: 'ticket', value: 'steps.ticket.externalId' },
  ],
  ...overrides,
});

describeEachDialect('workflow engine', (dialect) => {
  let w: ConnectorWorld;
  let slack: SlackSimulator;
  let servicenow: ServiceNowSimulator;
  let assetId: string;
  let serial: string;
  beforeAll(async () => {
    w = await startConnectorWorld(dialect, 8);
    slack = await startSlackSimulator();
    servicenow = await startServiceNowSimulator();
    const jamf = await createJamfInstance(w, { name: 'Jamf wf' });
    await waitForRun(w, (await syncNow(w, jamf.id)).id);
    for (const [connectorId, name, config, secrets] of [
      ['slack', 'Security', { channel: '#sec' }, { webhookUrl: slack.webhookUrl }],
      ['servicenow', 'ServiceNow', servicenow.config, servicenow.secrets],
    ] as const) {
      const res = await call('POST', '/api/v1/connector-instances', { connectorId, name, config, secrets });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    }
    const mac = w.fleet.devices.find((d) => d.inJamf && d.platform === 'macOS');
    if (!mac) throw new Error('no Mac');
    serial = mac.serialNumber;
    const found = await call('GET', `/api/v1/assets?q=${serial}`);
    assetId = found.body.items[0].id as string;
  });
  afterAll(async () => {
    await slack?.close();
    await servicenow?.server.close();
    await w?.close();
  });

  function call(method: string, path: string, body?: unknown, token = w.tenant.tokens.admin) {
    return api(w.server.url, method, path, { token, body });
  }

  async function finished(runId: string) {
    for (const until = Date.now() + 30_000; Date.now() < until;) {
      const run = await call('GET', `/api/v1/workflow-runs/${runId}`);
      if (run.body.status !== 'running') return run.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} still running`);
  }

  async function create(definition: unknown) {
    const res = await call('POST', '/api/v1/workflows', definition);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  }

  it('branches, runs three effects in parallel, joins, waits and finishes, each effect once', async () => {
    const workflowId = await create(respond());
    const locksBefore = w.jamf.state.commands.filter((c) => c.commandType === 'DEVICE_LOCK').length;
    const started = await call(
      'POST',
      `/api/v1/workflows/${workflowId}/runs`,
      { entityId: assetId },
      w.tenant.tokens.operator,
    );
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', version: 1, subjectId: assetId });

    const run = await finished(started.body.id);
    expect(run.status, JSON.stringify(run)).toBe('succeeded');
    expect(run.steps.map((s: { path: string; status: string }) => [s.path, s.status]).sort()).toEqual(
      [
        ['check', 'succeeded'],
        ['pause', 'succeeded'],
        ['remember', 'succeeded'],
        ['respond', 'succeeded'],
        ['respond#0/lock', 'succeeded'],
        ['respond#1/tell', 'succeeded'],
        ['respond#2/ticket', 'succeeded'],
      ].sort(),
    );
    const steps = Object.fromEntries(run.steps.map((s: { stepId: string }) => [s.stepId, s]));
    expect(steps.pause.wakeAt).not.toBeNull();
    expect(Date.parse(steps.remember.startedAt) - Date.parse(steps.pause.startedAt)).toBeGreaterThanOrEqual(
      1000,
    );

    expect(w.jamf.state.commands.filter((c) => c.commandType === 'DEVICE_LOCK')).toHaveLength(
      locksBefore + 1,
    );
    expect(slack.state.messages.map((m) => m.text)).toEqual([`${serial} is compromised`]);
    expect(servicenow.state.incidents.rows).toHaveLength(1);
    const incident = servicenow.state.incidents.rows[0];
    expect(incident?.short_description).toBe(`Compromised ${serial}`);
    expect(run.vars).toEqual({ ticket: incident?.number });

    const history = await call('GET', `/api/v1/connector-actions?targetId=${assetId}`);
    expect(history.body.items).toContainEqual(
      expect.objectContaining({
        action: 'lock',
        idempotencyKey: `wf:${run.id}:respond#0/lock`,
        status: 'accepted',
      }),
    );
  });

  it('skips the branch a condition rules out, and fails a run whose step the vendor refuses, without retrying a bad input', async () => {
    const quiet = await create(
      respond({
        name: 'Quiet',
        steps: respond().steps.map((s) => (s.id === 'check' ? { ...s, if: 'false' } : s)),
      }),
    );
    const skipped = await finished(
      (await call('POST', `/api/v1/workflows/${quiet}/runs`, { entityId: assetId })).body.id,
    );
    expect(skipped.status).toBe('succeeded');
    expect(skipped.steps.map((s: { path: string }) => s.path)).toEqual(['check']);

    const bad = await create({
      name: 'Bad pin',
      trigger: { type: 'manual' },
      start: 'lock',
      steps: [
        {
          id: 'lock',
          type: 'connector_action',
          instance: 'Jamf wf',
          action: 'lock',
          entity: 'subject.id',
          input: { pin: '"12"' },
        },
      ],
    });
    const failed = await finished(
      (await call('POST', `/api/v1/workflows/${bad}/runs`, { entityId: assetId })).body.id,
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/Step lock failed: .*pin/);
    expect(failed.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('runs a for_each body once per item, a few at a time, then goes on', async () => {
    const id = await create({
      name: 'Each',
      trigger: { type: 'manual' },
      start: 'each',
      steps: [
        {
          id: 'each',
          type: 'for_each',
          items: '["alpha", "beta", "gamma"]',
          as: 'word',
          body: 'say',
          concurrency: 2,
          next: 'count',
        },
        { id: 'say', type: 'notify_slack', instance: 'Security', text: 'word {{ word }}' },
        { id: 'count', type: 'set_variable', variable: 'n', value: '$count(steps.each.items)' },
      ],
    });
    const run = await finished((await call('POST', `/api/v1/workflows/${id}/runs`, {})).body.id);
    expect(run.status, JSON.stringify(run)).toBe('succeeded');
    expect(run.vars).toEqual({ n: 3 });
    const said = slack.state.messages.map((m) => m.text).filter((t) => t?.startsWith('word '));
    expect(said.sort()).toEqual(['word alpha', 'word beta', 'word gamma']);
    expect(run.steps.map((s: { path: string }) => s.path).sort()).toEqual(
      ['count', 'each', 'each#0/say', 'each#1/say', 'each#2/say'].sort(),
    );
    // Two at a time: the third item starts only once one of the first two has finished.
    const at = (path: string, field: 'startedAt' | 'finishedAt') =>
      Date.parse(run.steps.find((s: { path: string }) => s.path === path)[field]);
    expect(at('each#2/say', 'startedAt')).toBeGreaterThanOrEqual(
      Math.min(at('each#0/say', 'finishedAt'), at('each#1/say', 'finishedAt')),
    );
  });

  it('keeps the version a run started with, and cancels a waiting run', async () => {
    const id = await create({
      name: 'Pinned',
      trigger: { type: 'manual' },
      start: 'pause',
      steps: [
        { id: 'pause', type: 'wait', for: 'PT1S', next: 'say' },
        { id: 'say', type: 'set_variable', variable: 'said', value: '"v1"' },
      ],
    });
    const started = await call('POST', `/api/v1/workflows/${id}/runs`, {});
    const v2 = await call('PUT', `/api/v1/workflows/${id}`, {
      name: 'Pinned',
      trigger: { type: 'manual' },
      start: 'pause',
      steps: [
        { id: 'pause', type: 'wait', for: 'PT1S', next: 'say' },
        { id: 'say', type: 'set_variable', variable: 'said', value: '"v2"' },
      ],
    });
    expect(v2.body.version).toBe(2);
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ status: 'succeeded', version: 1, vars: { said: 'v1' } });

    const long = await create({
      name: 'Long wait',
      trigger: { type: 'manual' },
      start: 'pause',
      steps: [{ id: 'pause', type: 'wait', for: 'P1D' }],
    });
    const waiting = await call('POST', `/api/v1/workflows/${long}/runs`, {});
    await new Promise((r) => setTimeout(r, 500));
    const cancelled = await call(
      'POST',
      `/api/v1/workflow-runs/${waiting.body.id}/cancel`,
      undefined,
      w.tenant.tokens.operator,
    );
    expect(cancelled.body.status).toBe('cancelled');
    expect((await call('POST', `/api/v1/workflow-runs/${waiting.body.id}/cancel`)).status).toBe(409);
  });

  it('skips an action on a device the instance does not manage only when told to', async () => {
    const stray = await call('POST', '/api/v1/assets', {
      kind: 'device',
      name: 'not-in-jamf',
      serialNumber: 'NOJAMF01',
    });
    const lock = (whenNotInSource?: string) => ({
      id: 'lock',
      type: 'connector_action',
      instance: 'Jamf wf',
      action: 'lock',
      entity: 'subject.id',
      input: { pin: '"654321"' },
      ...(whenNotInSource ? { whenNotInSource } : {}),
    });
    const strict = await create({
      name: 'Strict lock',
      trigger: { type: 'manual' },
      start: 'lock',
      steps: [lock()],
    });
    const lenient = await create({
      name: 'Lenient lock',
      trigger: { type: 'manual' },
      start: 'lock',
      steps: [lock('skip')],
    });
    const failed = await finished(
      (await call('POST', `/api/v1/workflows/${strict}/runs`, { entityId: stray.body.id })).body.id,
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/has no record of this asset/);
    const skipped = await finished(
      (await call('POST', `/api/v1/workflows/${lenient}/runs`, { entityId: stray.body.id })).body.id,
    );
    expect(skipped.status).toBe('succeeded');
    expect(skipped.steps[0].output).toEqual({
      skipped: expect.stringMatching(/has no record of this asset/),
    });
  });

  it('lets only operators start a run', async () => {
    const id = await create({
      name: 'Operators only',
      trigger: { type: 'manual' },
      start: 'ok',
      steps: [{ id: 'ok', type: 'set_variable', variable: 'ok', value: 'true' }],
    });
    expect((await call('POST', `/api/v1/workflows/${id}/runs`, {}, w.tenant.tokens.viewer)).status).toBe(403);
    expect((await call('POST', `/api/v1/workflows/${id}/runs`, {}, w.tenant.tokens.operator)).status).toBe(
      202,
    );
  });
});
