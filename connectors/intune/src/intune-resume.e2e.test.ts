// Intune device actions resumed after a crash (`resumingSince`): Graph's deviceActionResults show whether
// the cut-off attempt's request reached Intune, so it is not sent twice.
import { afterEach, describe, expect, it } from 'vitest';
import { idOf, startWorld, type World } from './e2e.fixture.js';
import { microsoftIntune } from './index.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const sinceMsAgo = (ms: number) => new Date(Date.now() - ms).toISOString();

describe('Microsoft Intune actions resumed after a crash', () => {
  it('looks up lock, wipe and retire; repeats sync and delete', () => {
    const policies = Object.entries(microsoftIntune.actions).map(([n, a]) => [n, a.resume]);
    expect(Object.fromEntries(policies)).toEqual({
      remoteLock: 'lookup',
      wipe: 'lookup',
      retire: 'lookup',
      syncDevice: 'repeat',
      deleteDevice: 'repeat',
    });
  });

  it.each(['remoteLock', 'wipe', 'retire'] as const)(
    '%s: a request the cut-off attempt had made is found, and not sent again',
    async (action) => {
      const w = (world = await startWorld());
      const deviceId = idOf(w.intune[0]!);
      await w.instance.executeAction(action, { deviceId }, { idempotencyKey: 'k' });
      const result = await w.instance.executeAction(
        action,
        { deviceId },
        { idempotencyKey: 'k', resumingSince: sinceMsAgo(1000) },
      );
      expect(result.status).toBe('accepted');
      expect(result.message).toMatch(
        /^Intune already had the .*, requested by an earlier attempt that was cut off/,
      );
      expect(w.sim.state.actions.map((a) => a.action)).toEqual([action]);
    },
  );

  it('a lock the cut-off attempt never made is sent, past an older lock and another action', async () => {
    const w = (world = await startWorld());
    const deviceId = idOf(w.intune[1]!);
    await w.instance.executeAction('remoteLock', { deviceId }, { idempotencyKey: 'older' });
    await new Promise((r) => setTimeout(r, 10));
    const since = new Date(Date.now() + 6_000).toISOString(); // past the clock-skew allowance
    await w.instance.executeAction('syncDevice', { deviceId }, { idempotencyKey: 'other' });
    const result = await w.instance.executeAction(
      'remoteLock',
      { deviceId },
      { idempotencyKey: 'k', resumingSince: since },
    );
    expect(result.message).toBe('Intune queued the remote lock; the device applies it at its next check-in.');
    expect(w.sim.state.actions.map((a) => a.action)).toEqual(['remoteLock', 'syncDevice', 'remoteLock']);
  });

  it('a 404 to a resumed delete is the cut-off attempt’s work', async () => {
    const w = (world = await startWorld());
    const deviceId = idOf(w.intune[2]!);
    await w.instance.executeAction('deleteDevice', { deviceId }, { idempotencyKey: 'k' });
    const result = await w.instance.executeAction(
      'deleteDevice',
      { deviceId },
      { idempotencyKey: 'k', resumingSince: sinceMsAgo(1000) },
    );
    expect(result).toMatchObject({
      status: 'succeeded',
      message: 'Intune no longer has the device record: an earlier attempt deleted it.',
      observations: [{ sourceKey: deviceId, deleted: true }],
    });
    await expect(
      w.instance.executeAction('deleteDevice', { deviceId }, { idempotencyKey: 'fresh' }),
    ).rejects.toThrow(/404/);
  });
});
