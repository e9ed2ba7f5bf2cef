// The simulator on raw HTTP: the vendor's shapes as a client that is not our connector would see them.
import { simulatedFleet } from '@steward/sdk/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { FLEET_SEED, closeSimulators, sleep, startSim } from '../test-support.js';
import type { CrowdStrikeSimulator } from './index.js';

afterEach(closeSimulators);

interface Envelope {
  meta: {
    query_time: number;
    powered_by: string;
    trace_id: string;
    pagination?: { offset?: string | number; limit: number; total: number; expires_at?: number };
  };
  resources: unknown[];
  errors: { code: number; message: string }[];
}

async function token(sim: CrowdStrikeSimulator): Promise<string> {
  const res = await fetch(`${sim.server.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: sim.config.clientId, client_secret: sim.secrets.clientSecret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function call(
  sim: CrowdStrikeSimulator,
  bearer: string,
  path: string,
  init: { method?: string; json?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: Envelope }> {
  const res = await fetch(`${sim.server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Envelope };
}

describe('CrowdStrike simulator', () => {
  it('issues tokens with 201 and expires_in 1799, and refuses a wrong secret with 403 in the envelope', async () => {
    const sim = await startSim();
    const ok = await fetch(`${sim.server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: sim.config.clientId,
        client_secret: sim.secrets.clientSecret,
        member_cid: 'abc',
      }),
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ token_type: 'bearer', expires_in: 1799 });
    expect(sim.state.memberCids).toEqual(['abc']);
    const bad = await fetch(`${sim.server.url}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: sim.config.clientId, client_secret: 'nope' }),
    });
    expect(bad.status).toBe(403);
    expect(((await bad.json()) as Envelope).errors[0]).toEqual({
      code: 403,
      message: 'Failed to issue access token - Not Authorized',
    });
  });

  it('answers a bad bearer token with 401 "access denied, invalid bearer token" and rate headers', async () => {
    const sim = await startSim();
    const res = await call(sim, 'forged', '/devices/queries/devices/v1');
    expect(res.status).toBe(401);
    expect(res.body.errors).toEqual([{ code: 401, message: 'access denied, invalid bearer token' }]);
    expect(res.headers.get('x-ratelimit-limit')).toBe('6000');
  });

  it('lists ids in the envelope with pagination, caps offset+limit at 10000, and filters with FQL', async () => {
    const sim = await startSim();
    const t = await token(sim);
    const res = await call(sim, t, '/devices/queries/devices/v1?limit=5&offset=2');
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({
      powered_by: 'device-api',
      pagination: { offset: 2, limit: 5, total: sim.state.hostIds().length },
    });
    expect(res.body.resources).toEqual(sim.state.hostIds().slice(2, 7));
    expect(res.body.errors).toEqual([]);
    expect(Number(res.headers.get('x-ratelimit-remaining'))).toBe(5999);
    expect((await call(sim, t, '/devices/queries/devices/v1?limit=5000&offset=5001')).status).toBe(400);
    const id = sim.state.hostIds()[3] ?? '';
    const host = sim.state.peekHost(id);
    const byName = await call(
      sim,
      t,
      `/devices/queries/devices/v1?filter=${encodeURIComponent(`hostname:'${String(host?.hostname)}'`)}`,
    );
    expect(byName.body.resources).toEqual([id]);
    expect((await call(sim, t, '/devices/queries/devices/v1?filter=nonsense')).status).toBe(400);
  });

  it('serves hosts only for fleet devices in CrowdStrike, with dash MACs and about a fifth without a serial', async () => {
    const fleet = simulatedFleet({ devices: 400, seed: FLEET_SEED });
    const sim = await startSim({ devices: 400 });
    const inCs = fleet.devices.filter((d) => d.inCrowdStrike);
    expect(sim.state.hostIds()).toHaveLength(inCs.length);
    const t = await token(sim);
    const res = await call(sim, t, '/devices/entities/devices/v2', {
      method: 'POST',
      json: { ids: sim.state.hostIds() },
    });
    const hosts = res.body.resources as Record<string, unknown>[];
    expect(hosts).toHaveLength(inCs.length);
    const missing = hosts.filter((h) => !('serial_number' in h)).length;
    const empty = hosts.filter((h) => h.serial_number === '').length;
    expect(missing).toBeGreaterThan(0);
    expect(empty).toBeGreaterThan(0);
    expect((missing + empty) / hosts.length).toBeGreaterThan(0.1);
    expect((missing + empty) / hosts.length).toBeLessThan(0.3);
    for (const h of hosts) {
      expect(h.mac_address).toMatch(/^([0-9a-f]{2}-){5}[0-9a-f]{2}$/);
      expect(h.device_id).toMatch(/^[0-9a-f]{32}$/);
      expect(h.status).toBe('normal');
    }
  });

  it('answers unknown ids with "No matching device found" and refuses too many ids', async () => {
    const sim = await startSim();
    const t = await token(sim);
    const unknown = '0'.repeat(32);
    const known = sim.state.hostIds()[0] ?? '';
    const mixed = await call(sim, t, `/devices/entities/devices/v2?ids=${known}&ids=${unknown}`);
    expect(mixed.status).toBe(200);
    expect(mixed.body.resources).toHaveLength(1);
    expect(mixed.body.errors).toEqual([{ code: 404, message: `No matching device found for ID ${unknown}` }]);
    expect((await call(sim, t, `/devices/entities/devices/v2?ids=${unknown}`)).status).toBe(404);
    const tooMany = Array.from({ length: 101 }, () => `ids=${known}`).join('&');
    expect((await call(sim, t, `/devices/entities/devices/v2?${tooMany}`)).status).toBe(400);
    const action = await call(sim, t, '/devices/entities/devices-actions/v2?action_name=contain', {
      method: 'POST',
      json: { ids: [unknown] },
    });
    expect(action.status).toBe(404);
    expect(action.body.errors[0]?.message).toBe(`No matching device found for ID ${unknown}`);
    const badAction = await call(sim, t, '/devices/entities/devices-actions/v2?action_name=explode', {
      method: 'POST',
      json: { ids: [known] },
    });
    expect(badAction.status).toBe(400);
  });

  it('scrolls with a token in meta.pagination.offset, ends with an empty page, and refuses idle or unknown tokens', async () => {
    const sim = await startSim({ scrollIdleTimeoutMs: 150 });
    const t = await token(sim);
    const all = sim.state.hostIds();
    const seen: unknown[] = [];
    let offset: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await call(
        sim,
        t,
        `/devices/queries/devices-scroll/v1?limit=10${offset ? `&offset=${offset}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.meta.pagination?.total).toBe(all.length);
      seen.push(...page.body.resources);
      const next = page.body.meta.pagination?.offset;
      if (page.body.resources.length === 0) {
        expect(next).toBeUndefined();
        break;
      }
      expect(typeof next).toBe('string');
      offset = String(next);
    }
    expect(seen).toEqual(all);
    const first = await call(sim, t, '/devices/queries/devices-scroll/v1?limit=10');
    const live = String(first.body.meta.pagination?.offset);
    expect((await call(sim, t, `/devices/queries/devices-scroll/v1?limit=10&offset=${live}`)).status).toBe(
      200,
    );
    await sleep(250);
    const expired = await call(sim, t, `/devices/queries/devices-scroll/v1?limit=10&offset=${live}`);
    expect(expired.status).toBe(400);
    expect(expired.body.errors[0]?.message).toMatch(/expired/);
    expect((await call(sim, t, '/devices/queries/devices-scroll/v1?offset=FQLbm9wZQ')).status).toBe(400);
  });

  it('enforces the request budget with X-Ratelimit-Retryafter in epoch seconds, or without it when configured', async () => {
    for (const sendRetryAfter of [true, false]) {
      const sim = await startSim({ rateLimit: 2, rateLimitWindowMs: 60_000, sendRetryAfter });
      const t = await token(sim);
      const a = await call(sim, t, '/devices/queries/devices/v1');
      expect(a.headers.get('x-ratelimit-remaining')).toBe('1');
      await call(sim, t, '/devices/queries/devices/v1');
      const limited = await call(sim, t, '/devices/queries/devices/v1');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(limited.body.errors[0]?.code).toBe(429);
      const retryAfter = limited.headers.get('x-ratelimit-retryafter');
      if (sendRetryAfter) {
        const epoch = Number(retryAfter);
        expect(epoch).toBeGreaterThan(Date.now() / 1000 + 50);
        expect(epoch).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 61);
      } else {
        expect(retryAfter).toBeNull();
      }
    }
  });

  it('serves 50,000 devices page by page without precomputing the records', async () => {
    const sim = await startSim({ devices: 50_000 });
    const t = await token(sim);
    const started = performance.now();
    const page = await call(sim, t, '/devices/queries/devices-scroll/v1?limit=5000');
    expect(page.body.meta.pagination?.total).toBe(sim.state.hostIds().length);
    expect(sim.state.hostIds().length).toBeGreaterThan(30_000);
    const details = await call(sim, t, '/devices/entities/devices/v2', {
      method: 'POST',
      json: { ids: page.body.resources },
    });
    expect(details.body.resources).toHaveLength(5000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
