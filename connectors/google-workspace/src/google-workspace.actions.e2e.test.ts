import { afterEach, describe, expect, it } from 'vitest';
import { googleWorkspace } from './index.js';
import { connect, startGoogle, type Sim } from './e2e.helpers.js';
import type { GoogleUserState } from './simulator/index.js';

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

let key = 0;
const meta = () => ({ idempotencyKey: `action-${++key}` });

function activeUser(s: Sim, extra: (u: GoogleUserState) => boolean = () => true): GoogleUserState {
  const u = s.state.users.find((x) => !x.archived && !x.suspended && !x.isAdmin && extra(x));
  if (!u) throw new Error('no such user in the fleet');
  return u;
}

const patches = (s: Sim) => s.server.requests.filter((r) => r.method === 'PATCH').map((r) => r.status);

describe('Google Workspace actions, end to end', () => {
  it('offers suspend and unsuspend only, both reversible and not destructive', () => {
    expect(Object.keys(googleWorkspace.actions)).toEqual(['suspend', 'unsuspend']);
    for (const action of Object.values(googleWorkspace.actions)) {
      expect(action).toMatchObject({ reversible: true, destructive: false });
    }
  });

  it('suspends a user by primary e-mail and unsuspends them by id, visible in the directory', async () => {
    sim = await startGoogle();
    const u = activeUser(sim);
    const instance = connect(sim);

    const suspended = await instance.executeAction('suspend', { userKey: u.person.email }, meta());
    expect(u.suspended).toBe(true);
    expect(suspended).toMatchObject({
      status: 'succeeded',
      externalId: u.id,
      data: { userId: u.id, suspended: true },
    });
    expect(suspended.observations?.[0]).toMatchObject({
      sourceKey: u.id,
      identifiers: { email: u.person.email },
    });
    expect(suspended.observations?.[0]?.attributes).not.toHaveProperty('status');
    const read = await fetch(`${sim.server.url}/admin/directory/v1/users/${u.id}`, {
      headers: {
        authorization: `Bearer ${sim.server.tokens.issue(JSON.stringify({ sub: sim.adminEmail, scopes: ['https://www.googleapis.com/auth/admin.directory.user'] }), 60)}`,
      },
    });
    expect(await read.json()).toMatchObject({ suspended: true, suspensionReason: 'ADMIN' });

    const back = await instance.executeAction('unsuspend', { userKey: u.id }, meta());
    expect(u.suspended).toBe(false);
    expect(back.observations?.[0]?.attributes.status).toBe('active');
    expect(sim.server.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([
      `/admin/directory/v1/users/${encodeURIComponent(u.person.email)}`,
      `/admin/directory/v1/users/${u.id}`,
    ]);
  });

  it('resolves a user by alias', async () => {
    sim = await startGoogle();
    const u = activeUser(sim, (x) => x.aliases.length > 0);
    await connect(sim).executeAction('suspend', { userKey: u.aliases[0] }, meta());
    expect(u.suspended).toBe(true);
  });

  it("rejects an unknown user with Google's notFound and its message", async () => {
    sim = await startGoogle();
    await expect(
      connect(sim).executeAction('suspend', { userKey: 'nobody@example.com' }, meta()),
    ).rejects.toThrow(
      'Could not suspend Google user "nobody@example.com": Google answered 404 notFound: Resource Not Found: userKey',
    );
    expect(patches(sim)).toEqual([404]);
  });

  it('retries the PATCH through a 5xx and a 403 quota answer', async () => {
    sim = await startGoogle();
    const u = activeUser(sim);
    sim.server.faults.inject(
      { type: 'server_error', times: 1, status: 500, path: '/admin/directory/v1/users/' },
      { type: 'rate_limit', times: 1, after: 1, path: '/admin/directory/v1/users/' },
    );
    const result = await connect(sim).executeAction('suspend', { userKey: u.id }, meta());
    expect(result.status).toBe('succeeded');
    expect(u.suspended).toBe(true);
    expect(patches(sim)).toEqual([500, 403, 200]);
  });

  it('refuses an input without a userKey before calling Google', async () => {
    sim = await startGoogle();
    await expect(connect(sim).executeAction('unsuspend', {}, meta())).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(sim.server.requests).toEqual([]);
  });
});
