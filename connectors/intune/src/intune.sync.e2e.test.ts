import { afterEach, describe, expect, it } from 'vitest';
import { formatMac } from '@steward/sdk/simulator';
import { idOf, isComputer, requestsTo, startWorld, syncAll, type World } from './e2e.fixture.js';
import { READ_PERMISSIONS } from './simulator/index.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('Microsoft Intune managedDevices, end to end', () => {
  it('syncs every managed device over several pages, with each computer’s ethernet MAC', async () => {
    world = await startWorld();
    const w = world;
    expect(w.intune.length).toBeGreaterThan(8); // several pages of 4

    const { summary, observations, errors, checkpoints } = await syncAll(w.instance);

    expect(errors).toEqual([]);
    expect(summary.read).toBe(w.sim.state.devices.count);
    expect(summary.read).toBe(w.intune.length);
    expect(summary.failed).toBe(0);
    expect(summary.batches).toBe(Math.ceil(w.intune.length / 4));
    expect(new Set(observations.map((o) => o.sourceKey))).toEqual(new Set(w.intune.map(idOf)));
    // Every batch but the last hands over the nextLink to resume from.
    expect(checkpoints.slice(0, -1).every((c) => typeof c === 'object' && c !== null && 'url' in c)).toBe(
      true,
    );
    expect(checkpoints.at(-1)).toBeNull();

    const lists = requestsTo(w, 'list');
    expect(lists).toHaveLength(summary.batches);
    expect(lists[0]?.query).toMatch(/\$top=4/);
    expect(lists[0]?.query).toMatch(/\$select=id,deviceName,serialNumber,wiFiMacAddress/);
    expect(lists.slice(1).every((r) => r.query.includes('$skiptoken='))).toBe(true);
    // One extra read per Windows/macOS device for its ethernet MAC, and only for those.
    const details = requestsTo(w, 'detail');
    expect(details).toHaveLength(w.intune.filter(isComputer).length);
    expect(details.every((r) => r.query === '?$select=ethernetMacAddress')).toBe(true);

    for (const device of w.intune) {
      const o = observations.find((x) => x.sourceKey === idOf(device));
      const macs = [device.wifiMac, device.ethernetMac].filter((m): m is string => m !== null);
      expect(o?.identifiers).toMatchObject({
        serialNumber: device.serialNumber,
        macAddresses: macs.map((m) => formatMac(m, 'colon-lower')),
      });
      expect(o?.attributes).toMatchObject({
        name: device.hostname,
        model: device.model,
        manufacturer: device.manufacturer,
        osName: device.platform,
        osBuild: device.osBuild,
        diskEncrypted: device.encrypted,
        storageGb: device.storageGb,
        deviceType: device.deviceType,
        mdmEnrolled: true,
        mdmName: 'Microsoft Intune',
      });
    }
    expect(w.intune.some((d) => d.ethernetMac !== null)).toBe(true);
  });

  it('keeps the number of ethernet-MAC reads in flight within detailConcurrency', async () => {
    world = await startWorld({ devices: 60, config: { pageSize: 20, detailConcurrency: 3 } });
    const w = world;
    w.sim.server.faults.inject({
      type: 'delay',
      times: 1000,
      ms: 30,
      path: '/v1.0/deviceManagement/managedDevices/',
    });
    const { summary } = await syncAll(w.instance);
    expect(summary.read).toBe(w.intune.length);
    expect(w.sim.server.maxInFlight).toBeGreaterThan(1);
    expect(w.sim.server.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('test() signs in and reads one device', async () => {
    world = await startWorld();
    const result = await world.instance.test();
    expect(result).toEqual({ ok: true, message: expect.stringContaining('Connected to Microsoft Intune') });
    expect(requestsTo(world, 'token')).toHaveLength(1);
    expect(requestsTo(world, 'list')[0]?.query).toContain('$top=1');
  });

  it('test() with a wrong secret fails with Entra’s reason and never shows the secret', async () => {
    const wrong = 'Wr0ng~secret.value-that-must-not-leak';
    world = await startWorld({ secret: wrong });
    const result = await world.instance.test();
    expect(result.ok).toBe(false);
    expect(result.message).toContain('AADSTS7000215');
    expect(result.message).toContain('invalid_client');
    expect(result.message).not.toContain(wrong);
    expect(result.message).not.toContain(world.sim.secrets.clientSecret);
    expect(requestsTo(world, 'list')).toHaveLength(0);
  });

  it('test() names the missing permission when the app may not read devices', async () => {
    world = await startWorld({
      sim: { permissions: ['DeviceManagementManagedDevices.PrivilegedOperations.All'] },
    });
    const result = await world.instance.test();
    expect(result.ok).toBe(false);
    expect(result.message).toContain('403 Forbidden');
    expect(result.message).toContain(READ_PERMISSIONS[0]);
    expect(result.message).not.toContain('_version'); // Intune's nested JSON message is unwrapped
  });

  it('answers the documented shapes: token response, 401 envelope, unknown $select property', async () => {
    world = await startWorld();
    const { url } = world.sim.server;
    const { tenantId, clientId } = world.sim.config;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: world.sim.secrets.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    const token = await fetch(`${url}/${tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form });
    const body = (await token.json()) as Record<string, unknown>;
    expect(body).toEqual({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: expect.any(String),
    });

    const anonymous = await fetch(`${url}/v1.0/deviceManagement/managedDevices`, {
      headers: { authorization: 'Bearer expired' },
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      error: {
        code: 'InvalidAuthenticationToken',
        message: 'Access token has expired or is not yet valid.',
        innerError: {
          date: expect.any(String),
          'request-id': expect.any(String),
          'client-request-id': expect.any(String),
        },
      },
    });

    const bad = await fetch(`${url}/v1.0/deviceManagement/managedDevices?$select=nope`, {
      headers: { authorization: `Bearer ${String(body.access_token)}` },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BadRequest');

    const windows = await fetch(
      `${url}/v1.0/deviceManagement/managedDevices?$filter=operatingSystem eq 'Windows'&$select=id,operatingSystem`,
      {
        headers: { authorization: `Bearer ${String(body.access_token)}` },
      },
    );
    const page = (await windows.json()) as { value: Array<{ operatingSystem: string }> };
    expect(page.value.length).toBe(world.intune.filter((d) => d.platform === 'Windows').length);
    expect(
      page.value.every(
        (d) => Object.keys(d).join() === 'id,operatingSystem' && d.operatingSystem === 'Windows',
      ),
    ).toBe(true);
  });
});
