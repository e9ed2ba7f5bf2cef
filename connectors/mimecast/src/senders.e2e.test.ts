// Block and permit sender end to end: the effect in the simulator, Mimecast's refusals, safe repeats.
import { isStewardError } from '@steward/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { CODES, PATHS } from './simulator/index.js';
import { closeSimulators, connect, rejectionOf, requestsTo, startSim } from './test-support.js';

afterEach(closeSimulators);

describe('blockSender / permitSender', () => {
  it('blocks a sender for every user when no recipient is given, and sends no `to`', async () => {
    const sim = await startSim({ environment: 'EMEA prod' });
    const result = await connect(sim).executeAction(
      'blockSender',
      { sender: 'Spam@Bad.example' },
      { idempotencyKey: 'k1' },
    );
    const entry = sim.state.senderEntry('spam@bad.example');
    expect(entry).toMatchObject({ sender: 'spam@bad.example', type: 'Block' });
    expect(entry?.to).toBeUndefined();
    expect(result).toEqual({
      status: 'succeeded',
      externalId: entry?.id,
      message: 'EMEA prod: spam@bad.example is now blocked for all users.',
      data: { id: entry?.id, sender: 'spam@bad.example', to: null, type: 'Block' },
    });
    expect(sim.state.calls).toEqual([
      { path: PATHS.managedSender, body: { data: [{ sender: 'spam@bad.example', action: 'block' }] } },
    ]);
  });

  it('blocks a whole domain for one recipient, and permitSender reverses exactly that entry', async () => {
    const sim = await startSim();
    const instance = connect(sim);
    const input = { sender: 'bad.example', to: 'ceo@corp.example' };
    const blocked = await instance.executeAction('blockSender', input, { idempotencyKey: 'k1' });
    expect(sim.state.senderEntry('bad.example', 'ceo@corp.example')?.type).toBe('Block');

    const permitted = await instance.executeAction('permitSender', input, { idempotencyKey: 'k2' });
    expect(permitted.externalId).toBe(blocked.externalId);
    expect(permitted.message).toContain('bad.example is now permitted for ceo@corp.example');
    expect(sim.state.managedSenders.size).toBe(1);
    expect(sim.state.senderEntry('bad.example', 'ceo@corp.example')?.type).toBe('Permit');
  });

  it('is safe to repeat: a retried block gives the same entry and no second one', async () => {
    const sim = await startSim();
    const instance = connect(sim);
    const first = await instance.executeAction(
      'blockSender',
      { sender: 'a@b.example' },
      { idempotencyKey: 'k' },
    );
    const again = await instance.executeAction(
      'blockSender',
      { sender: 'a@b.example' },
      { idempotencyKey: 'k' },
    );
    expect(again).toEqual(first);
    expect(sim.state.managedSenders.size).toBe(1);
  });

  it('turns a fail[] entry on HTTP 200 into a failure naming the field and code', async () => {
    const sim = await startSim();
    const error = await rejectionOf(
      connect(sim).executeAction('blockSender', { sender: 'spam@@bad' }, { idempotencyKey: 'k' }),
    );
    expect(isStewardError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'upstream_failed',
      details: [{ path: 'sender', reason: CODES.invalidEmail }],
    });
    expect(error.message).toMatch(
      /^Mimecast refused block sender: sender err_validation_invalid_email_address \(spam@@bad is not a valid email address or domain\.\) for sender="spam@@bad", action="block"$/,
    );
    expect(requestsTo(sim, PATHS.managedSender, 200)).toBe(1);
    expect(sim.state.managedSenders.size).toBe(0);
  });

  it('names a refused recipient too', async () => {
    const sim = await startSim();
    const error = await rejectionOf(
      connect(sim).executeAction(
        'permitSender',
        { sender: 'ok@good.example', to: 'not-an-address' },
        { idempotencyKey: 'k' },
      ),
    );
    expect(error.message).toContain(`Mimecast refused permit sender: to ${CODES.invalidEmail}`);
  });

  it('refuses input that is not an address before calling Mimecast', async () => {
    const sim = await startSim();
    await expect(
      connect(sim).executeAction('blockSender', { sender: 'two words' }, { idempotencyKey: 'k' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ path: 'sender' })],
    });
    await expect(
      connect(sim).executeAction('blockSender', { sender: 'a@b.example', cc: 'x' }, { idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(requestsTo(sim, PATHS.managedSender)).toBe(0);
  });
});
