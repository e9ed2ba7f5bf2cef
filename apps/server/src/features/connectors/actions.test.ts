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

describeEachDialect('connector actions', (dialect) => {
  let w: ConnectorWorld;
  let instanceId: string;
  let assetId: string;
  let computerId: string;
  beforeAll(async () => {
    w = await startConnectorWorld(dialect, 16);
    instanceId = (await createJamfInstance(w, { name: 'Jamf actions' })).id;
    await waitForRun(w, (await syncNow(w, instanceId)).id);
    const mac = w.fleet.devices.find((d) => d.inJamf && d.platform === 'macOS');
    if (!mac) throw new Error('no Mac in the fleet');
    const found = await api(w.server.url, 'GET', `/api/v1/assets?q=${mac.serialNumber}`, {
      token: w.tenant.tokens.viewer,
    });
    assetId = found.body.items[0].id as string;
    computerId = [...w.jamf.state.computers.values()].find((c) => c.device.id === mac.id)?.id as string;
  });
  afterAll(async () => w?.close());

  const run = (action: string, body: unknown, token = w.tenant.tokens.operator) =>
    api(w.server.url, 'POST', `/api/v1/connector-instances/${instanceId}/actions/${action}`, { token, body });

  it('lists the actions an asset’s sources can run on it', async () => {
    const res = await api(w.server.url, 'GET', `/api/v1/entities/${assetId}/connector-actions`, {
      token: w.tenant.tokens.viewer,
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ instanceId, connectorId: 'jamf-pro', recordKey: computerId });
    const names = res.body.items[0].actions.map((a: { name: string }) => a.name);
    expect(names).toEqual(expect.arrayContaining(['lock', 'erase', 'deleteComputer']));
  });

  it('runs an action on an asset once per idempotency key, filling the target from its record', async () => {
    const body = {
      input: { pin: '123456' },
      target: { type: 'asset', id: assetId },
      idempotencyKey: 'lock-key-0001',
    };
    const first = await run('lock', body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: 'accepted',
      replayed: false,
      target: { type: 'asset', id: assetId },
    });
    const again = await run('lock', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, replayed: true });
    const locks = w.jamf.state.commands.filter((c) => c.commandType === 'DEVICE_LOCK');
    expect(locks).toHaveLength(1);
    expect(locks[0]?.commandData.pin).toBe('123456');

    const other = await run('erase', { ...body, confirm: true }, w.tenant.tokens.admin);
    expect(other.status).toBe(409);
    expect(other.body.error.details[0].path).toBe('body.idempotencyKey');

    const history = await api(w.server.url, 'GET', `/api/v1/connector-actions?targetId=${assetId}`, {
      token: w.tenant.tokens.viewer,
    });
    expect(history.body.items.map((a: { action: string }) => a.action)).toEqual(['lock']);
  });

  it('refuses bad input naming the field, and guards destructive actions', async () => {
    const bad = await run('lock', { input: { computerId, pin: '12' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('body.input.pin');

    const asOperator = await run('deleteComputer', { input: { computerId }, confirm: true });
    expect(asOperator.status).toBe(403);
    const unconfirmed = await run('deleteComputer', { input: { computerId } }, w.tenant.tokens.admin);
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.details[0].path).toBe('body.confirm');
    expect(w.jamf.state.computers.has(computerId)).toBe(true);

    const deleted = await run(
      'deleteComputer',
      { input: { computerId }, confirm: true },
      w.tenant.tokens.admin,
    );
    expect(deleted.status).toBe(200);
    expect(w.jamf.state.computers.has(computerId)).toBe(false);
  });

  it('answers 502 with the vendor’s reason when the vendor refuses, and a retry with the key may try again', async () => {
    const body = { input: { computerId: '999999', pin: '123456' }, idempotencyKey: 'lock-missing-0001' };
    const res = await run('lock', body);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('upstream_failed');
    expect(res.body.error.message).toMatch(/999999|not found|404/i);
    expect(JSON.stringify(res.body)).not.toContain(w.jamf.secrets.clientSecret);
    const retried = await run('lock', body);
    expect(retried.status).toBe(502);
    const rows = await w.server.steward.store.db
      .selectFrom('connector_actions')
      .select(['status'])
      .where('idempotency_key', '=', 'lock-missing-0001')
      .execute();
    expect(rows).toEqual([{ status: 'failed' }]);
  });

  it('refuses a target the instance never reported', async () => {
    const res = await run('lock', {
      input: { pin: '123456' },
      target: { type: 'asset', id: 'no-such-asset' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.target.id');
  });
});
