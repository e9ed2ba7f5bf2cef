import { simulatedFleet } from '@steward/sdk/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { simulator, startOktaSimulator, type OktaSimulator } from './index.js';

let sim: OktaSimulator | undefined;
afterEach(async () => {
  await sim?.server.close();
  sim = undefined;
});

const get = (s: OktaSimulator, path: string, token = s.apiToken) =>
  fetch(`${s.server.url}${path}`, {
    headers: { authorization: `SSWS ${token}`, accept: 'application/json' },
  });

describe('Okta simulator', () => {
  it('serves a 50,000-device fleet page by page without precomputing it', async () => {
    const fleet = simulatedFleet({ devices: 50_000 });
    const started = performance.now();
    sim = await startOktaSimulator({ fleet });
    expect(sim.state.users).toHaveLength(fleet.people.length);
    const deep = sim.state.users[30_000]?.id ?? '';
    const res = await get(sim, `/api/v1/users?limit=200&after=${deep}`);
    const body = (await res.json()) as Array<{ id: string }>;
    expect(body).toHaveLength(200);
    expect(body[0]?.id).not.toBe(deep);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('answers in Okta shapes: bare array, Link rel="self"/"next", rate headers on every answer', async () => {
    sim = await startOktaSimulator({ fleet: simulatedFleet({ devices: 40, seed: 3 }) });
    const res = await get(sim, '/api/v1/users?limit=5');
    expect(res.status).toBe(200);
    const link = res.headers.get('link') ?? '';
    expect(link).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/api\/v1\/users\?limit=5>; rel="self", <.*after=00u[0-9A-Za-z]{17}&limit=5>; rel="next"$/,
    );
    expect(res.headers.get('x-rate-limit-limit')).toBe('600');
    expect(res.headers.get('x-rate-limit-remaining')).toBe('599');
    expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(res.headers.get('retry-after')).toBeNull();
    const users = (await res.json()) as Array<Record<string, unknown>>;
    expect(Object.keys(users[0] ?? {})).toEqual(
      expect.arrayContaining(['id', 'status', 'created', 'lastUpdated', 'profile', '_links']),
    );

    const denied = await get(sim, '/api/v1/users', 'not-the-token');
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({
      errorCode: 'E0000011',
      errorSummary: 'Invalid token provided',
    });
    expect(denied.headers.get('x-rate-limit-reset')).not.toBeNull();

    const badFilter = await get(sim, '/api/v1/users?filter=nonsense');
    expect(badFilter.status).toBe(400);
    expect(await badFilter.json()).toMatchObject({
      errorCode: 'E0000031',
      errorLink: 'E0000031',
      errorCauses: [],
    });
  });

  it('leaves DEPROVISIONED users out of the plain list and lists them by filter', async () => {
    sim = await startOktaSimulator({ fleet: simulatedFleet({ devices: 200, seed: 5 }) });
    const all = (await (await get(sim, '/api/v1/users?limit=200')).json()) as Array<{ status: string }>;
    const gone = sim.state.users.filter((u) => u.status === 'DEPROVISIONED');
    expect(gone.length).toBeGreaterThan(0);
    expect(all).toHaveLength(sim.state.users.length - gone.length);
    expect(all.some((u) => u.status === 'DEPROVISIONED')).toBe(false);
    const filter = encodeURIComponent('status eq "DEPROVISIONED"');
    const only = (await (await get(sim, `/api/v1/users?filter=${filter}`)).json()) as Array<{ id: string }>;
    expect(only.map((u) => u.id)).toEqual(gone.map((u) => u.id));
  });

  it('answers 429 E0000047 once an endpoint budget is spent, naming the reset', async () => {
    sim = await startOktaSimulator({ fleet: simulatedFleet({ devices: 10 }), rateLimit: { limit: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(sim, '/api/v1/users?limit=1')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const res = await get(sim, '/api/v1/users?limit=1');
    expect(await res.json()).toMatchObject({ errorCode: 'E0000047' });
    expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
    // Another bucket is untouched.
    expect((await get(sim, `/api/v1/users/${sim.state.users[0]?.id}`)).status).toBe(200);
  });

  it('starts as a SimulatorDefinition whose config and secrets a connector uses as is', async () => {
    const started = await simulator.start({ fleet: simulatedFleet({ devices: 5 }) });
    try {
      expect(started.config).toEqual({ baseUrl: started.server.url, pageSize: 200 });
      const res = await fetch(`${started.server.url}/api/v1/users`, {
        headers: { authorization: `SSWS ${started.secrets.apiToken}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await started.server.close();
    }
  });
});
