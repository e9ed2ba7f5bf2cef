import { StreamRunError, isHttpError } from '@steward/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SIZE, connect, keysOf, listStatuses, startOkta, sync } from './e2e.helpers.js';
import type { OktaSimulator } from './simulator/index.js';

let sim: (OktaSimulator & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('Okta users sync, end to end', () => {
  it('reads every user over several pages, deactivated ones from their own walk', async () => {
    sim = await startOkta();
    const { state } = sim;
    const deprovisioned = state.users.filter((u) => u.status === 'DEPROVISIONED');
    const listed = state.users.length - deprovisioned.length;
    expect(deprovisioned.length).toBeGreaterThan(0);

    const { summary, observations, errors } = await sync(connect(sim));

    expect(errors).toEqual([]);
    expect(summary).toMatchObject({ read: state.users.length, mapped: state.users.length, failed: 0 });
    expect(summary.checkpoint).toBeNull();
    expect(keysOf(observations)).toEqual(state.users.map((u) => u.id).sort());
    expect(new Set(observations.map((o) => o.identifiers.email))).toEqual(
      new Set(state.users.map((u) => u.person.email)),
    );
    const terminated = observations.filter((o) => o.attributes.status === 'terminated');
    expect(terminated.map((o) => o.sourceKey).sort()).toEqual(deprovisioned.map((u) => u.id).sort());
    const suspended = state.users.filter((u) => u.status === 'SUSPENDED').map((u) => u.id);
    expect(suspended.length).toBeGreaterThan(0);
    for (const o of observations.filter((x) => suspended.includes(x.sourceKey))) {
      expect(o.attributes).not.toHaveProperty('status');
    }
    // Pages of PAGE_SIZE over the plain list, then the DEPROVISIONED walk, each by its next link.
    const requests = sim.server.requests.filter((r) => r.path === '/api/v1/users');
    expect(requests).toHaveLength(
      Math.ceil(listed / PAGE_SIZE) + Math.ceil(deprovisioned.length / PAGE_SIZE),
    );
    expect(requests.filter((r) => r.query.includes('after=')).length).toBe(Math.ceil(listed / PAGE_SIZE) - 1);
    expect(requests.at(-1)?.query).toContain('filter=status+eq+%22DEPROVISIONED%22');
  });

  it('maps a user the way the simulator holds it (e-mail, login, employee number, dated by lastUpdated)', async () => {
    sim = await startOkta();
    const u = sim.state.users.find((x) => x.status === 'ACTIVE');
    const { observations } = await sync(connect(sim));
    const o = observations.find((x) => x.sourceKey === u?.id);
    expect(o).toEqual({
      sourceKey: u?.id,
      kind: 'person',
      observedAt: u?.lastUpdated,
      identifiers: { email: u?.person.email, username: u?.person.email, employeeId: u?.person.employeeId },
      attributes: {
        name: `${u?.person.firstName} ${u?.person.lastName}`,
        email: u?.person.email,
        department: u?.person.department,
        title: u?.person.title,
        status: 'active',
      },
    });
  });

  it('reports a malformed user as one record error and syncs the rest', async () => {
    sim = await startOkta();
    const victim = sim.state.users[4];
    const bad = victim?.id ?? '';
    sim.server.malformed.add(victim?.person.id ?? ''); // by fleet id, as the platform's tests name records
    const { summary, errors, observations } = await sync(connect(sim));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ recordKey: bad, field: 'profile.email' });
    expect(summary).toMatchObject({ read: sim.state.users.length, failed: 1 });
    expect(observations).toHaveLength(sim.state.users.length - 1);
  });

  it('stops when storing batch 2 fails, and a rerun from the checkpoint reads exactly the rest', async () => {
    sim = await startOkta();
    const instance = connect(sim);
    const first: string[] = [];
    const error = await sync(instance, {
      onBatch: (b) => {
        if (b.batch === 2) throw new Error('database unavailable');
        first.push(...b.observations.map((o) => o.sourceKey));
      },
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StreamRunError);
    const stopped = error as StreamRunError;
    expect(stopped.message).toContain('Storing batch 2 failed: database unavailable');
    expect(stopped.counts).toMatchObject({ batches: 1, read: PAGE_SIZE });
    expect(stopped.checkpoint).toMatchObject({ listing: 'listed' });
    expect(String((stopped.checkpoint as { next: string }).next)).toContain('after=');

    const rest = await sync(instance, { checkpoint: stopped.checkpoint });
    const restKeys = keysOf(rest.observations);
    expect(restKeys).toHaveLength(sim.state.users.length - PAGE_SIZE);
    expect(restKeys.filter((k) => first.includes(k))).toEqual([]);
    expect([...first, ...restKeys].sort()).toEqual(sim.state.users.map((u) => u.id).sort());
  });

  it('resumes inside the DEPROVISIONED walk from its checkpoint', async () => {
    sim = await startOkta();
    const full = await sync(connect(sim));
    const lastListed = full.batches.findLast((b) => JSON.stringify(b.checkpoint).includes('"deprovisioned"'));
    expect(lastListed?.checkpoint).toEqual({ listing: 'deprovisioned' });
    const rest = await sync(connect(sim), { checkpoint: lastListed?.checkpoint });
    const deprovisioned = sim.state.users.filter((u) => u.status === 'DEPROVISIONED').map((u) => u.id);
    expect(keysOf(rest.observations)).toEqual(deprovisioned.sort());
  });

  it('test() proves the token, and a wrong token fails without the token in the message', async () => {
    sim = await startOkta();
    expect(await connect(sim).test()).toEqual({
      ok: true,
      message: `Connected to Okta at ${sim.server.url}.`,
    });

    const wrong = '00wrongTokenValue-abcdef123456';
    const result = await connect(sim, { apiToken: wrong }).test();
    expect(result.ok).toBe(false);
    expect(result.message).toBe('Okta answered 401 E0000011: Invalid token provided');
    expect(result.message).not.toContain(wrong);
    expect(listStatuses(sim)).toEqual([200, 401]);
  });

  it('a sync with a wrong token fails once as unauthorized, the token nowhere in the error', async () => {
    sim = await startOkta();
    const wrong = '00anotherWrongToken-99887766';
    const error = (await sync(connect(sim, { apiToken: wrong })).catch((e: unknown) => e)) as StreamRunError;
    expect(error).toBeInstanceOf(StreamRunError);
    expect(isHttpError(error.cause) && error.cause.code).toBe('unauthorized');
    expect(isHttpError(error.cause) && error.cause.vendorCode).toBe('E0000011');
    expect(JSON.stringify({ m: error.message, c: String(error.cause) })).not.toContain(wrong);
    expect(listStatuses(sim)).toEqual([401]);
  });
});
