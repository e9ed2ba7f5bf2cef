// OAuth2 client credentials against the simulator: refresh ahead of expiry, one refresh on 401, test().
import type { TransportEvent } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { CODES, PATHS, SIM_CLIENT_SECRET } from './simulator/index.js';
import { closeSimulators, connect, rejectionOf, requestsTo, sleep, startSim } from './test-support.js';

afterEach(closeSimulators);

const refreshes = (events: TransportEvent[]) =>
  events.flatMap((e) => (e.type === 'token-refreshed' ? [e.reason] : []));

describe('Mimecast authentication', () => {
  it('refreshes a short-lived token ahead of its expiry, without earning a 401', async () => {
    const sim = await startSim({ tokenLifetimeSeconds: 1 });
    const events: TransportEvent[] = [];
    const instance = connect(sim, { events });
    await instance.executeAction('blockSender', { sender: 'a@b.example' }, { idempotencyKey: 'k1' });
    await sleep(600); // past half the 1 s lifetime, the SDK's earliest refresh point
    await instance.executeAction('blockSender', { sender: 'c@d.example' }, { idempotencyKey: 'k2' });
    expect(refreshes(events)).toEqual(['initial', 'expiring']);
    expect(requestsTo(sim, PATHS.token, 200)).toBe(2);
    expect(sim.server.requests.some((r) => r.status === 401)).toBe(false);
  });

  it('refreshes once when the token expires mid-run (401 token_expired) and carries on', async () => {
    const sim = await startSim();
    const events: TransportEvent[] = [];
    const instance = connect(sim, { events });
    await instance.executeAction('blockSender', { sender: 'a@b.example' }, { idempotencyKey: 'k1' });
    sim.server.faults.inject({ type: 'expire_tokens' });
    const result = await instance.executeAction(
      'blockSender',
      { sender: 'c@d.example' },
      { idempotencyKey: 'k2' },
    );
    expect(result.status).toBe('succeeded');
    expect(requestsTo(sim, PATHS.managedSender, 401)).toBe(1);
    expect(events.filter((e) => e.type === 'reauthenticated')).toHaveLength(1);
    expect(refreshes(events)).toEqual(['initial', 'rejected']);
    expect(sim.state.managedSenders.size).toBe(2);
  });

  it('fails as unauthorized, without the secret, when the fresh token is refused too', async () => {
    const sim = await startSim();
    const instance = connect(sim);
    await instance.executeAction('blockSender', { sender: 'a@b.example' }, { idempotencyKey: 'k1' });
    sim.server.faults.inject({ type: 'expire_tokens' }, { type: 'expire_tokens', after: 1 });
    const error = await rejectionOf(
      instance.executeAction('blockSender', { sender: 'c@d.example' }, { idempotencyKey: 'k2' }),
    );
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(error.message).toContain(CODES.tokenExpired);
    expect(error.message).not.toContain(SIM_CLIENT_SECRET);
    expect(error.message).not.toMatch(/mc2\.[A-Za-z0-9_-]{8,}/);
    expect(requestsTo(sim, PATHS.managedSender, 401)).toBe(2);
  });

  it('test(): ok with the account name and the environment label', async () => {
    const sim = await startSim({ accountName: 'Contoso EU', region: 'eu', environment: 'Contoso EU (prod)' });
    expect(await connect(sim).test()).toEqual({
      ok: true,
      message: 'Contoso EU (prod): connected to Mimecast account "Contoso EU", region eu.',
    });
    expect(requestsTo(sim, '/api/account/get-account', 200)).toBe(1);
  });

  it("test(): a wrong client secret is not ok, with Mimecast's reason and without the secret", async () => {
    const sim = await startSim();
    const wrong = 'wrong-secret-7d1f0e2a';
    const result = await connect(sim, { secret: wrong }).test();
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      `${sim.config.environment}: Mimecast refused the API client credentials (401 invalid_client: Client authentication failed.).`,
    );
    expect(result.message).not.toContain(wrong);
    expect(requestsTo(sim, PATHS.token, 401)).toBe(1);
  });

  it('an action with a wrong secret fails without the secret in the error', async () => {
    const sim = await startSim();
    const wrong = 'wrong-secret-7d1f0e2a';
    const error = await rejectionOf(
      connect(sim, { secret: wrong }).executeAction(
        'blockSender',
        { sender: 'a@b.example' },
        { idempotencyKey: 'k' },
      ),
    );
    expect(error.message).toContain('invalid_client');
    expect(error.message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(sim.state.managedSenders.size).toBe(0);
  });

  it('test(): a fail[] answer is not ok and names the code', async () => {
    const sim = await startSim();
    sim.state.transientFailures.set('/api/account/get-account', 10);
    const result = await connect(sim, { config: { http: { maxRetries: 0 } } }).test();
    expect(result.ok).toBe(false);
    expect(result.message).toContain(CODES.temporarilyUnavailable);
  });
});
