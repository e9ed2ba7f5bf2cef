// Okta lifecycle actions resumed after a crash (`resumingSince`): the cut-off attempt may have moved the
// user already, and Okta refuses the same transition twice (E0000001).
import { afterEach, describe, expect, it } from 'vitest';
import { connect, startOkta } from './e2e.helpers.js';
import { okta } from './index.js';
import type { OktaSimulator, OktaStatus, OktaUserState } from './simulator/index.js';

let sim: (OktaSimulator & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function userIn(s: OktaSimulator, status: OktaStatus): OktaUserState {
  const u = s.state.users.find((x) => x.status === status);
  if (!u) throw new Error(`no ${status} user in the fleet`);
  return u;
}

const resumed = (key: string) => ({ idempotencyKey: key, resumingSince: new Date().toISOString() });

describe('Okta actions resumed after a crash', () => {
  it('repeats every lifecycle action', () => {
    expect(Object.fromEntries(Object.entries(okta.actions).map(([n, a]) => [n, a.resume]))).toEqual({
      suspend: 'repeat',
      unsuspend: 'repeat',
      deactivate: 'repeat',
    });
  });

  it.each([
    ['suspend', 'ACTIVE', 'SUSPENDED'],
    ['unsuspend', 'SUSPENDED', 'ACTIVE'],
    ['deactivate', 'ACTIVE', 'DEPROVISIONED'],
  ] as const)(
    '%s: the cut-off attempt had done it, so Okta’s refusal of a second one is success',
    async (op, from, to) => {
      sim = await startOkta();
      const u = userIn(sim, from);
      const instance = connect(sim);
      // The attempt that died got through; its answer went nowhere.
      await instance.executeAction(op, { user: u.id }, { idempotencyKey: `k-${op}` });
      expect(u.status).toBe(to);

      const result = await instance.executeAction(op, { user: u.id }, resumed(`k-${op}`));
      expect(result).toMatchObject({ status: 'succeeded', data: { userId: u.id, oktaStatus: to } });
      const calls = sim.server.requests
        .filter((r) => r.path.endsWith(`/lifecycle/${op}`))
        .map((r) => r.status);
      expect(calls).toEqual([200, 400]);
    },
  );

  it('a resumed suspend the cut-off attempt never sent is sent', async () => {
    sim = await startOkta();
    const u = userIn(sim, 'ACTIVE');
    const result = await connect(sim).executeAction('suspend', { user: u.id }, resumed('k-1'));
    expect(result.status).toBe('succeeded');
    expect(u.status).toBe('SUSPENDED');
  });

  it('a resumed unsuspend still fails when the user is somewhere else entirely', async () => {
    sim = await startOkta();
    const u = userIn(sim, 'DEPROVISIONED');
    await expect(connect(sim).executeAction('unsuspend', { user: u.id }, resumed('k-2'))).rejects.toThrow(
      /400 E0000001/,
    );
    expect(u.status).toBe('DEPROVISIONED');
  });
});
