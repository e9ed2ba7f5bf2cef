// call() against the simulator: fail[] on HTTP 200, mixed batches, retryable fail entries.
import { afterEach, describe, expect, it } from 'vitest';
import { permitOrBlockSenders } from './managed-senders.js';
import { CODES, PATHS } from './simulator/index.js';
import { closeSimulators, connect, rejectionOf, requestsTo, startSim } from './test-support.js';

afterEach(closeSimulators);

describe('Mimecast transport', () => {
  it('reports a batch where one item passes and one fails as a failure naming the failing item', async () => {
    const sim = await startSim();
    const ctx = connect(sim).context();
    const error = await rejectionOf(
      permitOrBlockSenders(
        ctx,
        [
          { sender: 'good@bad.example', action: 'block' },
          { sender: 'broken@', to: 'boss@corp.example', action: 'block' },
        ],
        'block senders',
      ),
    );
    expect(error).toMatchObject({
      code: 'upstream_failed',
      details: [{ path: 'sender', reason: CODES.invalidEmail }],
    });
    expect(error.message).toContain(
      `Mimecast refused block senders: sender ${CODES.invalidEmail} (broken@ is not a valid email address or domain.) for sender="broken@", to="boss@corp.example", action="block"`,
    );
    expect(error.message).not.toContain('good@bad.example');
    // Mimecast applied the good item; the failure is still the batch's outcome.
    expect(sim.state.senderEntry('good@bad.example')?.type).toBe('Block');
  });

  it('names every error of every fail entry', async () => {
    const sim = await startSim();
    const error = await rejectionOf(
      permitOrBlockSenders(
        connect(sim).context(),
        [
          { sender: 'a@@b', to: 'c@@d', action: 'block' },
          { sender: 'e@@f', action: 'block' },
        ],
        'block senders',
      ),
    );
    expect(error.message.split('; ')).toEqual([
      expect.stringMatching(
        /^Mimecast refused block senders: sender err_validation_invalid_email_address .*a@@b/,
      ),
      expect.stringMatching(/^to err_validation_invalid_email_address .*c@@d/),
      expect.stringMatching(/^sender err_validation_invalid_email_address .*e@@f/),
    ]);
  });

  it('re-sends a request whose fail entries are all retryable, with backoff, and then succeeds', async () => {
    const sim = await startSim();
    sim.state.transientFailures.set(PATHS.managedSender, 2);
    const result = await connect(sim).executeAction(
      'blockSender',
      { sender: 'a@b.example' },
      { idempotencyKey: 'k' },
    );
    expect(result.status).toBe('succeeded');
    expect(requestsTo(sim, PATHS.managedSender, 200)).toBe(3);
    expect(sim.state.managedSenders.size).toBe(1);
  });

  it('gives up after maxRetries re-sends with a retryable (unavailable) error naming the code', async () => {
    const sim = await startSim();
    sim.state.transientFailures.set(PATHS.managedSender, 10);
    const error = await rejectionOf(
      connect(sim, { config: { http: { maxRetries: 2 } } }).executeAction(
        'blockSender',
        { sender: 'a@b.example' },
        { idempotencyKey: 'k' },
      ),
    );
    expect(error).toMatchObject({ code: 'unavailable', status: 503 });
    expect(error.message).toContain(
      `Mimecast could not block sender for now (after 3 attempts): ${CODES.temporarilyUnavailable}`,
    );
    expect(requestsTo(sim, PATHS.managedSender)).toBe(3);
  });

  it('re-sends a retryable read, but never a create: the create action retries around a lookup', async () => {
    const sim = await startSim();
    sim.state.transientFailures.set(PATHS.getPolicy, 1);
    sim.state.transientFailures.set(PATHS.createPolicy, 1);
    const result = await connect(sim).executeAction(
      'createBlockedSenderPolicy',
      { description: 'x', fromValue: 'a@b.example' },
      { idempotencyKey: 'k' },
    );
    expect(result.data).toMatchObject({ created: true });
    expect(sim.state.calls.map((c) => c.path)).toEqual([
      PATHS.getPolicy, // failed retryably, re-sent by call()
      PATHS.getPolicy,
      PATHS.createPolicy, // failed retryably: the action looks again before creating again
      PATHS.getPolicy,
      PATHS.createPolicy,
    ]);
    expect(sim.state.policies).toHaveLength(1);
  });
});
