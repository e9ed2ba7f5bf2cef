import os from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant } from '../../test/server.js';
import { until } from '../../test/until.js';
import { finished, laptop, runTask, startAgentWorld, type AgentWorld } from './agents.fixture.js';

describeEachDialect('agents: enrolment, inventory and tasks over the WebSocket', (dialect) => {
  let world: AgentWorld;
  beforeAll(async () => {
    world = await startAgentWorld(dialect);
  });
  afterAll(() => world.stop());

  it('enrols with the tenant secret, connects, and its inventory becomes an asset from the agent source', async () => {
    const a = await world.startAgent({ inventory: laptop('PF4XK2M9') });
    const assetId = await a.assetId();
    const { tokens } = world.tenant;

    const agent = await api(world.url, 'GET', `/api/v1/agents/${a.agentId}`, { token: tokens.viewer });
    expect(agent.body).toMatchObject({
      hostname: os.hostname(),
      assetId,
      platform: process.platform,
      status: 'active',
      online: true,
      transport: 'websocket',
    });
    expect(agent.body.capabilities).toEqual(expect.arrayContaining(['inventory', 'script']));

    const asset = await api(world.url, 'GET', `/api/v1/assets/${assetId}`, { token: tokens.viewer });
    expect(asset.body).toMatchObject({
      serialNumber: 'PF4XK2M9',
      hostname: 'host-pf4xk2m9',
      deviceType: 'laptop',
      osName: 'Ubuntu',
      osVersion: '24.04',
      diskEncrypted: true,
      memoryGb: 16,
    });
    const twin = await api(world.url, 'GET', `/api/v1/assets/${assetId}/twin`, { token: tokens.viewer });
    expect(JSON.stringify(twin.body)).toContain('"agent"');

    const inventory = await api(world.url, 'GET', `/api/v1/agents/${a.agentId}/inventory`, {
      token: tokens.viewer,
    });
    expect(inventory.body.inventory.software).toEqual(
      expect.arrayContaining([{ name: 'openssl', version: '3.0.13' }]),
    );

    // The secret itself is never listed, only its prefix and how often it was used.
    const secrets = await api(world.url, 'GET', '/api/v1/agent-enrollment-secrets', { token: tokens.admin });
    expect(secrets.body.items[0]).toMatchObject({ name: 'laptops', uses: 1 });
    expect(JSON.stringify(secrets.body)).not.toContain(world.secret);
    expect(world.secret.startsWith(secrets.body.items[0].prefix)).toBe(true);
  });

  it('refuses a wrong, revoked or missing enrolment secret with 401 and a clear body', async () => {
    const wrong = await api(world.url, 'POST', '/agent/v1/enroll', {
      body: { secret: 'sae_not-the-secret-at-all', hostname: 'x', platform: 'linux', agentVersion: '1.0.0' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthenticated');
    const missing = await api(world.url, 'POST', '/agent/v1/enroll', { body: { hostname: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.secret', 'body.platform']),
    );

    const other = await api(world.url, 'POST', '/api/v1/agent-enrollment-secrets', {
      token: world.tenant.tokens.admin,
      body: { name: 'to revoke' },
    });
    const body = { secret: other.body.secret, hostname: 'x', platform: 'linux', agentVersion: '1.0.0' };
    expect((await api(world.url, 'POST', '/agent/v1/enroll', { body })).status).toBe(201);
    await api(world.url, 'POST', `/api/v1/agent-enrollment-secrets/${other.body.id}/revoke`, {
      token: world.tenant.tokens.admin,
    });
    expect((await api(world.url, 'POST', '/agent/v1/enroll', { body })).status).toBe(401);
    // Only admins manage secrets.
    const denied = await api(world.url, 'POST', '/api/v1/agent-enrollment-secrets', {
      token: world.tenant.tokens.operator,
      body: { name: 'nope' },
    });
    expect(denied.status).toBe(403);
  });

  it('runs an allow-listed script pushed over the WebSocket and records the result in the device history', async () => {
    const a = await world.startAgent();
    const assetId = await a.assetId();
    const taskId = await runTask(world, assetId, 'script', { name: 'hello' });
    const task = await finished(world, taskId);
    expect(task).toMatchObject({ status: 'succeeded', type: 'script', agentId: a.agentId });
    expect(JSON.stringify(task.result)).toContain(`hello from ${process.platform}`);
    expect(task.deliveredAt).not.toBeNull();
    expect(task.acknowledgedAt).not.toBeNull();

    // A script the device does not allow fails there, with the reason.
    const refused = await finished(world, await runTask(world, assetId, 'script', { name: 'rm-rf' }));
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/rm-rf/);

    const history = await api(world.url, 'GET', `/api/v1/agent-tasks?assetId=${assetId}`, {
      token: world.tenant.tokens.viewer,
    });
    expect(history.body.items.map((t: { id: string }) => t.id)).toEqual([refused.id, taskId]);
  });

  it('checks task parameters against the task type before queueing anything', async () => {
    const a = await world.startAgent();
    const assetId = await a.assetId();
    const bad = await api(world.url, 'POST', '/api/v1/agent-task-requests', {
      token: world.tenant.tokens.operator,
      body: { type: 'script', parameters: { name: '', timeoutSeconds: 0 }, target: { assetIds: [assetId] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.parameters.name',
      'body.parameters.timeoutSeconds',
    ]);
    const unknownAsset = await api(world.url, 'POST', '/api/v1/agent-task-requests', {
      token: world.tenant.tokens.operator,
      body: { type: 'inventory', target: { assetIds: [assetId, 'no-such-asset'] } },
    });
    expect(unknownAsset.status).toBe(400);
    expect(unknownAsset.body.error.details).toEqual([
      { path: 'body.target.assetIds[1]', reason: 'no such asset' },
    ]);
    const viewer = await api(world.url, 'POST', '/api/v1/agent-task-requests', {
      token: world.tenant.tokens.viewer,
      body: { type: 'inventory', target: { all: true } },
    });
    expect(viewer.status).toBe(403);
    const none = await api(world.url, 'GET', `/api/v1/agent-tasks?assetId=${assetId}`, {
      token: world.tenant.tokens.viewer,
    });
    expect(none.body.items).toEqual([]);
  });

  it('"inventory now" on every device: each agent reports afresh and the request counts them', async () => {
    const a = await world.startAgent();
    await a.assetId();
    a.inventory.current = { ...a.inventory.current, os: { ...a.inventory.current.os, version: '24.10' } };
    const res = await api(world.url, 'POST', '/api/v1/agent-task-requests', {
      token: world.tenant.tokens.operator,
      body: { type: 'inventory', target: { all: true } },
    });
    expect(res.status).toBe(201);
    const online = await api(world.url, 'GET', '/api/v1/agents?online=true', {
      token: world.tenant.tokens.viewer,
    });
    expect(res.body.taskCount).toBeGreaterThanOrEqual(online.body.items.length);
    const done = await until('every inventory task finished', async () => {
      const r = await api(world.url, 'GET', `/api/v1/agent-task-requests/${res.body.id}`, {
        token: world.tenant.tokens.viewer,
      });
      return r.body.counts.succeeded === res.body.taskCount ? r.body : undefined;
    });
    expect(done.counts).toEqual({ succeeded: res.body.taskCount });
    const asset = await api(world.url, 'GET', `/api/v1/assets/${await a.assetId()}`, {
      token: world.tenant.tokens.viewer,
    });
    expect(asset.body.osVersion).toBe('24.10');
  });

  it('a workflow’s agent task step reaches the device’s real agent and carries its result on', async () => {
    const a = await world.startAgent();
    const assetId = await a.assetId();
    const { tokens } = world.tenant;
    const created = await api(world.url, 'POST', '/api/v1/workflows', {
      token: tokens.admin,
      body: {
        name: 'Ask the device',
        trigger: { type: 'manual' },
        start: 'ask',
        steps: [
          {
            id: 'ask',
            type: 'agent_task',
            device: 'subject.id',
            task: 'script',
            parameters: { name: '"hello"' },
            timeout: 'PT5M',
            next: 'keep',
          },
          { id: 'keep', type: 'set_variable', variable: 'said', value: 'steps.ask.result.stdout' },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const started = await api(world.url, 'POST', `/api/v1/workflows/${created.body.id}/runs`, {
      token: tokens.operator,
      body: { entityId: assetId },
    });
    expect(started.status).toBe(202);
    const run = await until('the run ended', async () => {
      const r = await api(world.url, 'GET', `/api/v1/workflow-runs/${started.body.id}`, {
        token: tokens.viewer,
      });
      return ['succeeded', 'failed'].includes(r.body.status) ? r.body : undefined;
    });
    expect(run.status, JSON.stringify(run)).toBe('succeeded');
    expect(run.vars.said).toContain(`hello from ${process.platform}`);

    // A workflow naming a task type agents do not run is refused when saved.
    const bad = await api(world.url, 'POST', '/api/v1/workflows', {
      token: tokens.admin,
      body: {
        name: 'Bad task',
        trigger: { type: 'manual' },
        start: 'ask',
        steps: [{ id: 'ask', type: 'agent_task', device: 'subject.id', task: 'format_disk', parameters: {} }],
      },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('steps[0].task');
  });

  it('keeps tenants apart: another tenant sees none of these agents and cannot task their devices', async () => {
    const a = await world.startAgent();
    const assetId = await a.assetId();
    const other = await seedTenant(world.server.steward, 'globex');
    const get = await api(world.url, 'GET', `/api/v1/agents/${a.agentId}`, { token: other.tokens.owner });
    expect(get.status).toBe(404);
    const list = await api(world.url, 'GET', '/api/v1/agents', { token: other.tokens.owner });
    expect(list.body.items).toEqual([]);
    const revoke = await api(world.url, 'POST', `/api/v1/agents/${a.agentId}/revoke`, {
      token: other.tokens.owner,
    });
    expect(revoke.status).toBe(404);
    const task = await api(world.url, 'POST', '/api/v1/agent-task-requests', {
      token: other.tokens.owner,
      body: { type: 'lock', target: { assetIds: [assetId] } },
    });
    expect(task.status).toBe(400);
    const all = await api(world.url, 'POST', '/api/v1/agent-task-requests', {
      token: other.tokens.owner,
      body: { type: 'lock', target: { all: true } },
    });
    expect(all.body.taskCount).toBe(0);
    const history = await api(world.url, 'GET', `/api/v1/agent-tasks?assetId=${assetId}`, {
      token: other.tokens.owner,
    });
    expect(history.body.items).toEqual([]);
  });
});
