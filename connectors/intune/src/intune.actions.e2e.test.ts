import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '@steward/sdk';
import type { SimDevice } from '@steward/sdk/simulator';
import { idOf, requestsTo, startWorld, syncAll, type World } from './e2e.fixture.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const meta = (key: string) => ({ idempotencyKey: key });

function target(w: World, platform: SimDevice['platform'] = 'Windows'): SimDevice {
  const device = w.intune.find((d) => d.platform === platform);
  if (!device) throw new Error(`fleet has no ${platform} device in Intune`);
  return device;
}

/** The device as Graph now serves it. */
async function graphDevice(w: World, id: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await w.instance.http.request({
    path: `/v1.0/deviceManagement/managedDevices/${id}`,
    expect: [200, 404],
  });
  return { status: res.status, body: res.json as Record<string, unknown> };
}

describe('Microsoft Intune actions, end to end', () => {
  it.each(['remoteLock', 'retire', 'syncDevice'] as const)(
    '%s queues the command on the device',
    async (action) => {
      world = await startWorld();
      const device = target(world);
      const result = await world.instance.executeAction(
        action,
        { deviceId: idOf(device) },
        meta(`k-${action}`),
      );
      expect(result.status).toBe('accepted');
      expect(world.sim.state.actions).toEqual([
        { deviceId: idOf(device), action, body: null, at: expect.any(String) },
      ]);
      const { body } = await graphDevice(world, idOf(device));
      expect(body.deviceActionResults).toEqual([
        {
          actionName: action,
          actionState: 'pending',
          startDateTime: expect.any(String),
          lastUpdatedDateTime: expect.any(String),
        },
      ]);
      const post = world.sim.server.requests.find(
        (r) => r.method === 'POST' && r.path.endsWith(`/${action}`),
      );
      expect(post?.status).toBe(204);
    },
  );

  it('wipe sends its options and shows as a pending wipe', async () => {
    world = await startWorld();
    const mac = target(world, 'macOS');
    const result = await world.instance.executeAction(
      'wipe',
      { deviceId: idOf(mac), keepEnrollmentData: false, keepUserData: true, macOsUnlockCode: '123456' },
      meta('k-wipe'),
    );
    expect(result.status).toBe('accepted');
    expect(world.sim.state.actions[0]).toMatchObject({
      action: 'wipe',
      body: { keepEnrollmentData: false, keepUserData: true, macOsUnlockCode: '123456' },
    });
    const { body } = await graphDevice(world, idOf(mac));
    expect(body.deviceActionResults).toMatchObject([{ actionName: 'wipe', actionState: 'pending' }]);
  });

  it('refuses a malformed wipe before anything is sent', async () => {
    world = await startWorld();
    const device = target(world);
    await expect(
      world.instance.executeAction('wipe', { deviceId: idOf(device), macOsUnlockCode: '12ab' }, meta('k')),
    ).rejects.toMatchObject({ details: [{ path: 'macOsUnlockCode', reason: 'six digits' }] });
    expect(world.sim.state.actions).toEqual([]);
  });

  it('deleteDevice removes the device: gone from Graph and from the next sync', async () => {
    world = await startWorld();
    const device = target(world);
    const result = await world.instance.executeAction(
      'deleteDevice',
      { deviceId: idOf(device) },
      meta('k-del'),
    );
    expect(result.status).toBe('succeeded');
    expect(result.observations).toEqual([
      {
        sourceKey: idOf(device),
        kind: 'device',
        observedAt: expect.any(String),
        identifiers: {},
        attributes: {},
        deleted: true,
      },
    ]);
    expect((await graphDevice(world, idOf(device))).status).toBe(404);
    const { summary, observations } = await syncAll(world.instance);
    expect(summary.read).toBe(world.intune.length - 1);
    expect(observations.some((o) => o.sourceKey === idOf(device))).toBe(false);
  });

  it('an action on an unknown device is rejected with Graph’s code and Intune’s message', async () => {
    world = await startWorld();
    const error = await world.instance
      .executeAction('remoteLock', { deviceId: '00000000-dead-4bee-8f00-000000000000' }, meta('k'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    const e = error as HttpError;
    expect(e.status).toBe(404);
    expect(e.vendorCode).toBe('ResourceNotFound');
    expect(e.retryable).toBe(false);
    expect(e.message).toContain('remoteLock of managed device 00000000-dead-4bee-8f00-000000000000');
    expect(e.message).toContain('404 ResourceNotFound: An error has occurred - Operation ID');
    expect(e.message).not.toContain('_version');
    await expect(
      world.instance.executeAction('deleteDevice', { deviceId: 'no-such-device' }, meta('k2')),
    ).rejects.toThrow(/ResourceNotFound/);
    expect(world.sim.state.actions).toEqual([]);
  });

  it('retries a POST that met a 503 (the idempotency key makes it safe) and records it once', async () => {
    world = await startWorld();
    const device = target(world);
    world.sim.server.faults.inject({
      type: 'server_error',
      times: 1,
      status: 503,
      path: '/v1.0/deviceManagement/managedDevices/',
    });
    await world.instance.executeAction('syncDevice', { deviceId: idOf(device) }, meta('k-retry'));
    expect(
      world.sim.server.requests
        .filter((r) => r.method === 'POST' && r.path.startsWith('/v1.0/'))
        .map((r) => r.status),
    ).toEqual([503, 204]);
    expect(world.sim.state.actions).toHaveLength(1);
  });

  it('a privileged action without the permission fails with the permission named', async () => {
    world = await startWorld({ sim: { permissions: ['DeviceManagementManagedDevices.Read.All'] } });
    const device = target(world);
    await expect(
      world.instance.executeAction('retire', { deviceId: idOf(device) }, meta('k')),
    ).rejects.toThrow(
      /403 Forbidden: Application is not authorized .*DeviceManagementManagedDevices\.PrivilegedOperations\.All/,
    );
    expect(world.sim.state.actions).toEqual([]);
  });

  it('writes wait out Intune’s write window (200 per 20 s per app, here 3 per second)', async () => {
    world = await startWorld({ sim: { throttle: { writes: 3, windowMs: 1000 } } });
    const devices = world.intune.slice(0, 5);
    for (const d of devices)
      await world.instance.executeAction('syncDevice', { deviceId: idOf(d) }, meta(d.id));
    expect(world.sim.state.actions).toHaveLength(5);
    expect(world.sim.state.throttle.throttled).toBeGreaterThan(0);
    expect(requestsTo(world, 'token')).toHaveLength(1);
  });
});
