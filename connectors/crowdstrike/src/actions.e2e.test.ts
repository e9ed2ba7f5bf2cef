// Contain and lift containment end to end, with their effect visible in the simulator and the next sync.
import { isStewardError } from '@steward/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { crowdstrikeFalcon } from './index.js';
import {
  ACTIONS_PATH,
  closeSimulators,
  instanceFor,
  requestsTo,
  startSim,
  syncHosts,
} from './test-support.js';

afterEach(closeSimulators);

async function healthOf(instance: ReturnType<typeof instanceFor>, id: string): Promise<unknown> {
  const { observations } = await syncHosts(instance);
  return observations.find((o) => o.sourceKey === id)?.attributes.edrHealthy;
}

describe('crowdstrikeFalcon actions', () => {
  it('declares contain and lift containment as reversible, not destructive', () => {
    for (const action of [crowdstrikeFalcon.actions.contain, crowdstrikeFalcon.actions.liftContainment]) {
      expect(action).toMatchObject({
        reversible: true,
        destructive: false,
        target: { kind: 'device', field: 'deviceId' },
      });
    }
  });

  it('contains a host: pending at once, contained once the sensor confirms, unhealthy in the next sync', async () => {
    const sim = await startSim();
    const instance = instanceFor(sim);
    const id = sim.state.hostIds()[4] ?? '';

    const result = await instance.executeAction(
      'contain',
      { deviceId: id.toUpperCase() },
      { idempotencyKey: 'k-1' },
    );

    expect(result).toMatchObject({
      status: 'accepted',
      externalId: id,
      data: { id, path: `/devices/entities/devices/v1?ids=${id}` },
    });
    expect(result.message).toContain('containment_pending');
    expect(sim.state.actions).toEqual([{ action: 'contain', ids: [id], at: expect.any(Number) }]);
    expect(sim.state.statusOf(id)).toBe('containment_pending');
    expect(await healthOf(instance, id)).toBe(false);
    expect(sim.state.statusOf(id)).toBe('contained');
    expect(await healthOf(instance, id)).toBe(false);
    // Only the contained host changed.
    expect(sim.state.hostIds().filter((h) => sim.state.statusOf(h) !== 'normal')).toEqual([id]);
  });

  it('lifts containment: back to normal and healthy', async () => {
    const sim = await startSim();
    const instance = instanceFor(sim);
    const id = sim.state.hostIds()[2] ?? '';
    await instance.executeAction('contain', { deviceId: id }, { idempotencyKey: 'k-1' });
    await syncHosts(instance);
    expect(sim.state.statusOf(id)).toBe('contained');

    const lifted = await instance.executeAction(
      'liftContainment',
      { deviceId: id },
      { idempotencyKey: 'k-2' },
    );

    expect(lifted).toMatchObject({ status: 'accepted', externalId: id });
    expect(sim.state.statusOf(id)).toBe('lift_containment_pending');
    expect(sim.state.actions.map((a) => a.action)).toEqual(['contain', 'lift_containment']);
    expect(await healthOf(instance, id)).toBe(false);
    expect(sim.state.statusOf(id)).toBe('normal');
    expect(await healthOf(instance, id)).toBe(true);
  });

  it('rejects an unknown host with the vendor message and changes nothing', async () => {
    const sim = await startSim();
    const unknown = 'deadbeefdeadbeefdeadbeefdeadbeef';
    const error = await instanceFor(sim)
      .executeAction('contain', { deviceId: unknown }, { idempotencyKey: 'k-3' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isStewardError(error)).toBe(true);
    expect((error as Error).message).toContain(`No matching device found for ID ${unknown}`);
    expect(requestsTo(sim, ACTIONS_PATH, 404)).toBe(1);
    expect(sim.state.hostIds().every((h) => sim.state.statusOf(h) === 'normal')).toBe(true);
  });

  it('refuses an input that is not a device_id before calling the API', async () => {
    const sim = await startSim();
    await expect(
      instanceFor(sim).executeAction('contain', { deviceId: 'ada-pc-7' }, { idempotencyKey: 'k-4' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(requestsTo(sim, ACTIONS_PATH)).toBe(0);
  });

  it('retries the action after a 503, since the idempotency key makes the POST safe to repeat', async () => {
    const sim = await startSim();
    const id = sim.state.hostIds()[0] ?? '';
    sim.server.faults.inject({ type: 'server_error', times: 1, path: ACTIONS_PATH });
    const result = await instanceFor(sim).executeAction(
      'contain',
      { deviceId: id },
      { idempotencyKey: 'k-5' },
    );
    expect(result.status).toBe('accepted');
    expect(requestsTo(sim, ACTIONS_PATH, 503)).toBe(1);
    expect(requestsTo(sim, ACTIONS_PATH, 202)).toBe(1);
    expect(sim.state.statusOf(id)).toBe('containment_pending');
  });

  it('refreshes an expired token for an action too', async () => {
    const sim = await startSim();
    const id = sim.state.hostIds()[1] ?? '';
    const instance = instanceFor(sim);
    expect((await instance.test()).ok).toBe(true);
    sim.server.tokens.expireAll();
    await instance.executeAction('contain', { deviceId: id }, { idempotencyKey: 'k-6' });
    expect(sim.server.tokens.issued).toBe(2);
    expect(sim.state.statusOf(id)).toBe('containment_pending');
  });
});
