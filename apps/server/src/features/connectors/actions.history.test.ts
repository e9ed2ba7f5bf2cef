import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api } from '../../test/server.js';
import {
  createJamfInstance,
  startConnectorWorld,
  syncNow,
  waitForRun,
  type ConnectorWorld,
} from './connectors.fixture.js';

describeEachDialect('connector action history', (dialect) => {
  let w: ConnectorWorld;
  let instanceId: string;
  let assetId: string;
  beforeAll(async () => {
    w = await startConnectorWorld(dialect, 8);
    instanceId = (await createJamfInstance(w, { name: 'Jamf leaving' })).id;
    await waitForRun(w, (await syncNow(w, instanceId)).id);
    const mac = w.fleet.devices.find((d) => d.inJamf && d.platform === 'macOS');
    if (!mac) throw new Error('no Mac in the fleet');
    const found = await api(w.server.url, 'GET', `/api/v1/assets?q=${mac.serialNumber}`, {
      token: w.tenant.tokens.viewer,
    });
    assetId = found.body.items[0].id as string;
  });
  afterAll(async () => w?.close());

  const history = () =>
    api(w.server.url, 'GET', `/api/v1/connector-actions?targetId=${assetId}`, {
      token: w.tenant.tokens.viewer,
    });

  it('keeps an asset’s action history, with titles and the instance’s name, after the instance is deleted', async () => {
    const lock = await api(w.server.url, 'POST', `/api/v1/connector-instances/${instanceId}/actions/lock`, {
      token: w.tenant.tokens.operator,
      body: { input: { pin: '123456' }, target: { type: 'asset', id: assetId } },
    });
    expect(lock.status).toBe(200);
    const preset = await api(
      w.server.url,
      'POST',
      '/api/v1/action-presets/builtin.jamf-pro.remote-lock/runs',
      {
        token: w.tenant.tokens.operator,
        body: { instanceId, entityId: assetId, input: { pin: '246810' } },
      },
    );
    expect(preset.status).toBe(200);
    const lockTitle = w.server.steward.connectors.catalog.get('jamf-pro')?.actions.lock?.title;
    expect(lockTitle).toBeTruthy();
    const expected = [
      {
        id: preset.body.executionId,
        action: 'preset:builtin.jamf-pro.remote-lock',
        title: 'Jamf Pro: remote device lock',
        instanceId,
        instanceName: 'Jamf leaving',
        status: 'succeeded',
      },
      { id: lock.body.id, action: 'lock', title: lockTitle, instanceId, instanceName: 'Jamf leaving' },
    ];
    expect((await history()).body.items).toEqual(expected.map((e) => expect.objectContaining(e)));

    const removed = await api(w.server.url, 'DELETE', `/api/v1/connector-instances/${instanceId}`, {
      token: w.tenant.tokens.admin,
    });
    expect(removed.status).toBe(204);
    const gone = await api(w.server.url, 'GET', `/api/v1/connector-instances/${instanceId}`, {
      token: w.tenant.tokens.viewer,
    });
    expect(gone.status).toBe(404);
    const after = await history();
    expect(after.status).toBe(200);
    expect(after.body.items).toEqual(expected.map((e) => expect.objectContaining(e)));
  });
});
