import { isStewardError } from '@steward/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, startOkta, sync } from './e2e.helpers.js';
import type { OktaSimulator, OktaStatus, OktaUserState } from './simulator/index.js';

let sim: (OktaSimulator & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

let key = 0;
const meta = () => ({ idempotencyKey: `action-${++key}` });

function userIn(s: OktaSimulator, status: OktaStatus): OktaUserState {
  const u = s.state.users.find((x) => x.status === status);
  if (!u) throw new Error(`no ${status} user in the fleet`);
  return u;
}

const lifecycleCalls = (s: OktaSimulator) =>
  s.server.requests.filter((r) => r.path.includes('/lifecycle/')).map((r) => `${r.path} ${r.status}`);

describe('Okta actions, end to end', () => {
  it('declares suspend and unsuspend reversible, deactivate destructive', async () => {
    const { okta } = await import('./index.js');
    expect(okta.actions.suspend).toMatchObject({ reversible: true, destructive: false });
    expect(okta.actions.unsuspend).toMatchObject({ reversible: true, destructive: false });
    expect(okta.actions.deactivate).toMatchObject({ reversible: false, destructive: true });
  });

  it('suspends a user by login and unsuspends them by id, each visible in Okta and in the observation', async () => {
    sim = await startOkta();
    const u = userIn(sim, 'ACTIVE');
    const instance = connect(sim);

    const suspended = await instance.executeAction('suspend', { user: u.person.email.toUpperCase() }, meta());
    expect(u.status).toBe('SUSPENDED');
    expect(suspended).toMatchObject({
      status: 'succeeded',
      externalId: u.id,
      data: { oktaStatus: 'SUSPENDED' },
    });
    expect(suspended.observations?.[0]).toMatchObject({ sourceKey: u.id, observedAt: u.lastUpdated });
    expect(suspended.observations?.[0]?.attributes).not.toHaveProperty('status');
    expect(lifecycleCalls(sim)).toEqual([`/api/v1/users/${u.id}/lifecycle/suspend 200`]);

    const back = await instance.executeAction('unsuspend', { user: u.id }, meta());
    expect(u.status).toBe('ACTIVE');
    expect(back.observations?.[0]?.attributes.status).toBe('active');
    // An id needs no lookup first: lifecycle POST, then the read-back.
    expect(sim.server.requests.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /api/v1/users/${u.id}/lifecycle/unsuspend`,
      `GET /api/v1/users/${u.id}`,
    ]);
  });

  it('deactivates a user: DEPROVISIONED in Okta, terminated in the observation and in the next sync', async () => {
    sim = await startOkta();
    const u = userIn(sim, 'LOCKED_OUT');
    const instance = connect(sim);
    const result = await instance.executeAction('deactivate', { user: u.id }, meta());
    expect(u.status).toBe('DEPROVISIONED');
    expect(result.observations?.[0]?.attributes.status).toBe('terminated');
    expect(sim.server.requests.find((r) => r.path.endsWith('/lifecycle/deactivate'))?.query).toBe(
      '?sendEmail=false',
    );
    const { observations } = await sync(instance);
    expect(observations.find((o) => o.sourceKey === u.id)?.attributes.status).toBe('terminated');
  });

  it("rejects a transition the user's status forbids with Okta's E0000001 and its words", async () => {
    sim = await startOkta();
    const u = userIn(sim, 'ACTIVE');
    const error = await connect(sim)
      .executeAction('unsuspend', { user: u.id }, meta())
      .catch((e: unknown) => e);
    expect(isStewardError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `Could not unsuspend Okta user "${u.id}": Okta answered 400 E0000001: Api validation failed: unsuspend Only a SUSPENDED user can be unsuspended.`,
    );
    expect(u.status).toBe('ACTIVE');
  });

  it('rejects an unknown user with E0000007, by login and by id', async () => {
    sim = await startOkta();
    const instance = connect(sim);
    await expect(instance.executeAction('suspend', { user: 'nobody@example.com' }, meta())).rejects.toThrow(
      'Could not suspend Okta user "nobody@example.com": Okta answered 404 E0000007: Not found: Resource not found: nobody@example.com (User)',
    );
    await expect(
      instance.executeAction('deactivate', { user: '00uAAAAAAAAAAAAAAAAA' }, meta()),
    ).rejects.toThrow(/404 E0000007: Not found: Resource not found: 00uAAAAAAAAAAAAAAAAA \(User\)/);
    expect(lifecycleCalls(sim)).toEqual(['/api/v1/users/00uAAAAAAAAAAAAAAAAA/lifecycle/deactivate 404']);
  });

  it('treats a retried suspend whose lost first answer had gone through as done', async () => {
    sim = await startOkta();
    const u = userIn(sim, 'ACTIVE');
    sim.state.loseAnswers = 1;
    const result = await connect(sim).executeAction('suspend', { user: u.id }, meta());
    expect(result.status).toBe('succeeded');
    expect(u.status).toBe('SUSPENDED');
    expect(lifecycleCalls(sim)).toEqual([
      `/api/v1/users/${u.id}/lifecycle/suspend 502`,
      `/api/v1/users/${u.id}/lifecycle/suspend 400`,
    ]);
    // Not retried, the same refusal is a real one.
    await expect(connect(sim).executeAction('suspend', { user: u.id }, meta())).rejects.toThrow(/E0000001/);
  });

  it('refuses an input without a user before calling Okta', async () => {
    sim = await startOkta();
    await expect(connect(sim).executeAction('suspend', { user: '  ' }, meta())).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(sim.server.requests).toEqual([]);
  });
});
