// Blocked-sender policies end to end: create (never duplicated), find across pages, delete.
import { afterEach, describe, expect, it } from 'vitest';
import { CODES, PATHS } from './simulator/index.js';
import type { MimecastSimulator } from './simulator/index.js';
import { closeSimulators, connect, rejectionOf, requestsTo, startSim } from './test-support.js';

afterEach(closeSimulators);

const seedPolicies = (sim: MimecastSimulator, n: number) => {
  for (let i = 0; i < n; i++) {
    sim.state.addPolicy({
      description: `seed ${i}`,
      fromPart: 'both',
      fromType: 'email_domain',
      fromValue: `seed${i}.example`,
      toType: 'everyone',
    });
  }
};

describe('createBlockedSenderPolicy', () => {
  it('creates a policy from an address, inferring its type, and returns the policy id', async () => {
    const sim = await startSim({ environment: 'US prod' });
    const result = await connect(sim).executeAction(
      'createBlockedSenderPolicy',
      { description: 'Phishing wave', fromValue: 'Phish@Bad.example' },
      { idempotencyKey: 'k1' },
    );
    expect(sim.state.policies).toHaveLength(1);
    const [policy] = sim.state.policies;
    expect(policy).toMatchObject({
      option: 'block_sender',
      policy: {
        description: 'Phishing wave',
        fromPart: 'both',
        fromType: 'individual_email_address',
        fromValue: 'phish@bad.example',
        toType: 'everyone',
      },
    });
    expect(result).toMatchObject({
      status: 'succeeded',
      externalId: policy?.id,
      data: { id: policy?.id, created: true, description: 'Phishing wave' },
    });
    expect(result.message).toBe(
      `US prod: created blocked-sender policy ${policy?.id} blocking phish@bad.example to everyone.`,
    );
  });

  it('blocks a domain towards one recipient domain', async () => {
    const sim = await startSim();
    await connect(sim).executeAction(
      'createBlockedSenderPolicy',
      { description: 'd', fromValue: 'bad.example', fromType: 'domain', toValue: 'corp.example' },
      { idempotencyKey: 'k1' },
    );
    expect(sim.state.policies[0]?.policy).toMatchObject({
      fromType: 'email_domain',
      fromValue: 'bad.example',
      toType: 'email_domain',
      toValue: 'corp.example',
    });
  });

  it('returns the existing identical policy on a retried dispatch instead of creating a duplicate', async () => {
    const sim = await startSim();
    seedPolicies(sim, 7);
    const instance = connect(sim, { config: { pageSize: 3 } });
    const input = { description: 'Block', fromValue: 'x@bad.example' };
    const first = await instance.executeAction('createBlockedSenderPolicy', input, { idempotencyKey: 'k' });
    const retried = await instance.executeAction('createBlockedSenderPolicy', input, { idempotencyKey: 'k' });

    expect(sim.state.policies).toHaveLength(8);
    expect(retried.externalId).toBe(first.externalId);
    expect(retried.data).toMatchObject({ created: false });
    expect(retried.message).toContain('nothing created');
    expect(requestsTo(sim, PATHS.createPolicy)).toBe(1);
    // The lookup walked every page (8 policies, 3 a page) with meta.pagination.
    const lookups = sim.state.calls.filter((c) => c.path === PATHS.getPolicy).slice(-3);
    expect(lookups.map((c) => (c.body as { meta: unknown }).meta)).toEqual([
      { pagination: { pageSize: 3 } },
      { pagination: { pageSize: 3, pageToken: expect.any(String) } },
      { pagination: { pageSize: 3, pageToken: expect.any(String) } },
    ]);
  });

  it('does not duplicate when the create took effect but its answer was lost (a 502)', async () => {
    const sim = await startSim();
    sim.state.loseAnswers.set(PATHS.createPolicy, 1);
    const result = await connect(sim).executeAction(
      'createBlockedSenderPolicy',
      { description: 'Block', fromValue: 'lost@bad.example' },
      { idempotencyKey: 'k' },
    );
    expect(requestsTo(sim, PATHS.createPolicy, 502)).toBe(1);
    expect(requestsTo(sim, PATHS.createPolicy, 200)).toBe(0);
    expect(sim.state.policies).toHaveLength(1);
    expect(result).toMatchObject({ externalId: sim.state.policies[0]?.id, data: { created: false } });
  });

  it('tries the create again after a 503 that did not take effect', async () => {
    const sim = await startSim();
    sim.server.faults.inject({ type: 'server_error', times: 1, status: 503, path: PATHS.createPolicy });
    const result = await connect(sim).executeAction(
      'createBlockedSenderPolicy',
      { description: 'Block', fromValue: 'again@bad.example' },
      { idempotencyKey: 'k' },
    );
    expect(requestsTo(sim, PATHS.createPolicy, 503)).toBe(1);
    expect(sim.state.policies).toHaveLength(1);
    expect(result.data).toMatchObject({ created: true });
  });

  it("reports Mimecast's refusal of a field, naming it and its code", async () => {
    const sim = await startSim();
    const error = await rejectionOf(
      connect(sim).executeAction(
        'createBlockedSenderPolicy',
        { description: 'Block', fromValue: 'not-an-address', fromType: 'email_address' },
        { idempotencyKey: 'k' },
      ),
    );
    expect(error.message).toContain(
      `Mimecast refused create blocked-sender policy: fromValue ${CODES.invalidEmail}`,
    );
    expect(sim.state.policies).toHaveLength(0);
  });
});

describe('deleteBlockedSenderPolicy', () => {
  it('deletes the policy', async () => {
    const sim = await startSim();
    seedPolicies(sim, 2);
    const id = sim.state.policies[0]?.id ?? '';
    const result = await connect(sim).executeAction(
      'deleteBlockedSenderPolicy',
      { id },
      { idempotencyKey: 'k' },
    );
    expect(result).toMatchObject({ status: 'succeeded', externalId: id });
    expect(sim.state.policies.map((p) => p.policy.description)).toEqual(['seed 1']);
  });

  it('refuses an unknown id with the field and code', async () => {
    const sim = await startSim();
    seedPolicies(sim, 1);
    const error = await rejectionOf(
      connect(sim).executeAction('deleteBlockedSenderPolicy', { id: 'eNoNope' }, { idempotencyKey: 'k' }),
    );
    expect(error).toMatchObject({
      code: 'upstream_failed',
      details: [{ path: 'id', reason: CODES.policyNotFound }],
    });
    expect(error.message).toContain(
      `Mimecast refused delete blocked-sender policy: id ${CODES.policyNotFound}`,
    );
    expect(sim.state.policies).toHaveLength(1);
  });

  it('succeeds when the delete went through but its answer was lost and the re-send finds nothing', async () => {
    const sim = await startSim();
    seedPolicies(sim, 1);
    sim.state.loseAnswers.set(PATHS.deletePolicy, 1);
    const id = sim.state.policies[0]?.id ?? '';
    const result = await connect(sim).executeAction(
      'deleteBlockedSenderPolicy',
      { id },
      { idempotencyKey: 'k' },
    );
    expect(requestsTo(sim, PATHS.deletePolicy, 502)).toBe(1);
    expect(requestsTo(sim, PATHS.deletePolicy, 200)).toBe(1);
    expect(result.message).toContain('already gone');
    expect(sim.state.policies).toEqual([]);
  });
});
