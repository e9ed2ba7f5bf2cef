import { StreamRunError } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SIZE, connect, keysOf, listStatuses, startGoogle, sync, type Sim } from './e2e.helpers.js';
import { createServiceAccount, SIM_CLIENT_EMAIL } from './simulator/index.js';

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SCOPE = 'https://www.googleapis.com/auth/admin.directory.user';

describe('Google Workspace users sync, end to end', () => {
  it('reads every user over several pages with one service-account token', async () => {
    sim = await startGoogle();
    const { state } = sim;
    const { summary, observations, errors } = await sync(connect(sim));

    expect(errors).toEqual([]);
    expect(summary).toMatchObject({ read: state.users.length, mapped: state.users.length, failed: 0 });
    expect(summary.batches).toBe(Math.ceil(state.users.length / PAGE_SIZE));
    expect(summary.checkpoint).toBeNull();
    expect(keysOf(observations)).toEqual(state.users.map((u) => u.id).sort());
    expect(new Set(observations.map((o) => o.identifiers.email))).toEqual(
      new Set(state.users.map((u) => u.person.email)),
    );
    const archived = state.users.filter((u) => u.archived).map((u) => u.id);
    const suspended = state.users.filter((u) => u.suspended).map((u) => u.id);
    expect(archived.length).toBeGreaterThan(0);
    expect(suspended.length).toBeGreaterThan(0);
    for (const o of observations) {
      const expected = archived.includes(o.sourceKey)
        ? 'terminated'
        : suspended.includes(o.sourceKey)
          ? undefined
          : 'active';
      expect(o.attributes.status).toBe(expected);
    }
    // One token for the whole sync, from a verified assertion impersonating the admin.
    expect(sim.token.granted).toHaveLength(1);
    expect(sim.token.granted[0]).toMatchObject({
      iss: SIM_CLIENT_EMAIL,
      sub: sim.adminEmail,
      scope: SCOPE,
      aud: `${sim.server.url}/token`,
    });
    const pages = sim.server.requests.filter((r) => r.path === '/admin/directory/v1/users');
    expect(pages[0]?.query).toBe(`?customer=my_customer&maxResults=${PAGE_SIZE}`);
    expect(pages.slice(1).every((r) => r.query.includes('pageToken='))).toBe(true);
  });

  it('maps a user the way the simulator holds it', async () => {
    sim = await startGoogle();
    const u = sim.state.users.find(
      (x) => x.aliases.length > 0 && x.hasOrgData && !x.archived && !x.suspended,
    );
    const { observations } = await sync(connect(sim));
    const o = observations.find((x) => x.sourceKey === u?.id);
    expect(o?.identifiers).toEqual({
      email: u?.person.email,
      emails: u?.aliases,
      employeeId: u?.person.employeeId,
    });
    expect(o?.attributes).toEqual({
      name: `${u?.person.firstName} ${u?.person.lastName}`,
      email: u?.person.email,
      department: u?.person.department,
      title: u?.person.title,
      status: 'active',
    });
    const bare = sim.state.users.find((x) => !x.hasOrgData);
    const b = observations.find((x) => x.sourceKey === bare?.id);
    expect(b?.attributes).not.toHaveProperty('department');
    expect(b?.identifiers).not.toHaveProperty('employeeId');
  });

  it('reports a malformed user as one record error and syncs the rest', async () => {
    sim = await startGoogle();
    const victim = sim.state.users[7];
    sim.server.malformed.add(victim?.person.id ?? '');
    const { summary, errors } = await sync(connect(sim));
    expect(errors).toEqual([expect.objectContaining({ recordKey: victim?.id, field: 'primaryEmail' })]);
    expect(summary).toMatchObject({
      read: sim.state.users.length,
      failed: 1,
      mapped: sim.state.users.length - 1,
    });
  });

  it('stops when storing batch 2 fails, and a rerun from the checkpoint reads exactly the rest', async () => {
    sim = await startGoogle();
    const instance = connect(sim);
    const first: string[] = [];
    const error = await sync(instance, {
      onBatch: (b) => {
        if (b.batch === 2) throw new Error('disk full');
        first.push(...b.observations.map((o) => o.sourceKey));
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamRunError);
    const stopped = error as StreamRunError;
    expect(stopped.counts).toMatchObject({ batches: 1, read: PAGE_SIZE });
    expect(stopped.checkpoint).toEqual({ pageToken: expect.any(String) });

    const rest = await sync(instance, { checkpoint: stopped.checkpoint });
    const restKeys = keysOf(rest.observations);
    expect(restKeys).toHaveLength(sim.state.users.length - PAGE_SIZE);
    expect(restKeys.filter((k) => first.includes(k))).toEqual([]);
    expect([...first, ...restKeys].sort()).toEqual(sim.state.users.map((u) => u.id).sort());
  });

  it('test() succeeds with the key and fails with another key, never quoting the key', async () => {
    sim = await startGoogle();
    expect(await connect(sim).test()).toEqual({
      ok: true,
      message: `Connected to Google Workspace as ${sim.adminEmail}.`,
    });

    const impostor = (await createServiceAccount(SIM_CLIENT_EMAIL)).keyFile(`${sim.server.url}/token`);
    const result = await connect(sim, { serviceAccountKey: impostor }).test();
    expect(result.ok).toBe(false);
    expect(result.message).toContain('invalid_grant');
    expect(result.message).toContain('Invalid JWT Signature.');
    const pem = (JSON.parse(impostor) as { private_key: string }).private_key;
    const body = pem.split('\n')[1] ?? '';
    expect(body.length).toBeGreaterThan(20);
    expect(result.message).not.toContain(body);
    expect(result.message).not.toContain('PRIVATE KEY');
    expect(result.message).not.toMatch(/eyJ/); // no assertion
    expect(listStatuses(sim)).toEqual([200]); // the impostor never reached the API
  });

  it('test() explains an admin that is not one, an unknown admin, and undelegated scopes', async () => {
    sim = await startGoogle();
    const plain = sim.state.users.find((u) => !u.isAdmin && !u.archived);
    const notAdmin = await connect(sim, { config: { adminEmail: plain?.person.email } }).test();
    expect(notAdmin).toEqual({
      ok: false,
      message: expect.stringContaining('403') as string,
    });
    expect(notAdmin.message).toContain('Not Authorized to access this resource/api');

    const unknown = await connect(sim, { config: { adminEmail: 'ghost@example.com' } }).test();
    expect(unknown.message).toContain('Invalid email or User ID');

    sim.token.delegatedScopes.delete(SCOPE);
    const undelegated = await connect(sim).test();
    expect(undelegated.ok).toBe(false);
    expect(undelegated.message).toContain('unauthorized_client');
  });

  it('uses the configured tokenUrl over the key file token_uri', async () => {
    sim = await startGoogle();
    const key = JSON.parse(sim.serviceAccountKey) as Record<string, string>;
    const elsewhere = JSON.stringify({ ...key, token_uri: 'https://oauth2.googleapis.com/token' });
    const instance = connect(sim, {
      serviceAccountKey: elsewhere,
      config: { tokenUrl: `${sim.server.url}/token` },
    });
    expect((await instance.test()).ok).toBe(true);
    expect(sim.token.granted[0]?.aud).toBe(`${sim.server.url}/token`);
  });
});
