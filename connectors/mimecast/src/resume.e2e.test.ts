// Mimecast actions resumed after a crash (`resumingSince`): what each does when the cut-off attempt may or
// may not have reached Mimecast, which keeps no idempotency key.
import { afterEach, describe, expect, it } from 'vitest';
import { mimecast } from './index.js';
import { PATHS } from './simulator/index.js';
import { closeSimulators, connect, requestsTo, startSim } from './test-support.js';

afterEach(closeSimulators);

const resumed = (key: string) => ({ idempotencyKey: key, resumingSince: new Date().toISOString() });

describe('Mimecast actions resumed after a crash', () => {
  it('repeats block, permit and the policy create (which looks first); looks up the delete', () => {
    const policies = Object.entries(mimecast.actions).map(([n, a]) => [n, a.resume]);
    expect(Object.fromEntries(policies)).toEqual({
      blockSender: 'repeat',
      permitSender: 'repeat',
      createBlockedSenderPolicy: 'repeat',
      deleteBlockedSenderPolicy: 'lookup',
    });
  });

  it('a resumed create finds the policy the cut-off attempt made', async () => {
    const sim = await startSim();
    const instance = connect(sim);
    const input = { description: 'Phishing wave', fromValue: 'phish@bad.example' };
    const first = await instance.executeAction('createBlockedSenderPolicy', input, { idempotencyKey: 'k' });
    const again = await instance.executeAction('createBlockedSenderPolicy', input, resumed('k'));
    expect(again.externalId).toBe(first.externalId);
    expect(sim.state.policies).toHaveLength(1);
  });

  it('a resumed delete of a policy already gone is done without sending it; one still there is deleted', async () => {
    const sim = await startSim();
    const instance = connect(sim);
    const made = await instance.executeAction(
      'createBlockedSenderPolicy',
      { description: 'x', fromValue: 'spam.example' },
      { idempotencyKey: 'c' },
    );
    const id = made.externalId ?? '';
    await instance.executeAction('deleteBlockedSenderPolicy', { id }, { idempotencyKey: 'd' });
    const deletes = requestsTo(sim, PATHS.deletePolicy);

    const gone = await instance.executeAction('deleteBlockedSenderPolicy', { id }, resumed('d'));
    expect(gone.message).toContain(`policy ${id} deleted (by an earlier attempt that was cut off)`);
    expect(requestsTo(sim, PATHS.deletePolicy)).toBe(deletes);

    const other = await instance.executeAction(
      'createBlockedSenderPolicy',
      { description: 'y', fromValue: 'junk.example' },
      { idempotencyKey: 'c2' },
    );
    const still = await instance.executeAction(
      'deleteBlockedSenderPolicy',
      { id: other.externalId ?? '' },
      resumed('d2'),
    );
    expect(still.message).not.toContain('earlier attempt');
    expect(requestsTo(sim, PATHS.deletePolicy)).toBe(deletes + 1);
    expect(sim.state.policies).toHaveLength(0);
  });
});
